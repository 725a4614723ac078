// Firefox adapter (Debian's firefox-esr over WebDriver BiDi, through harness/browsers/firefox.ts's
// shim). Differences from Chromium, each forced by the browser:
// - no SPKI pin flag: the run certificate becomes a trust anchor of this load's profile only
//   (firefox-certificate.ts); certificate checks stay on.
// - no CDP and no NetLog: cdp.json.gz and netlog.json.gz are absent; HAR comes from Playwright
//   over BiDi; TLS keys from NSS's SSLKEYLOGFILE.
// - the link's SOCKS proxy becomes Firefox preferences; devtools throttling has no Firefox
//   equivalent (no CDP), so such a link is refused before launch.
// - inside the link's client namespace the BiDi shim starts Firefox behind the namespace's command
//   prefix and reaches its WebSocket through a relay inside the namespace (namespace-relay.ts).

import { isIP } from 'node:net';
import { launchableExecutable } from '../../shared/test-fault.ts';
import { firefox } from 'playwright-core';
import type { ResolvedBrowser } from '../../browsers/registry.ts';
import { firefoxShimExecutable } from '../../browsers/firefox.ts';
import { clientCommandPrefix, type ClientLink } from '../../shapers/shaper.ts';
import { pinnedCertificate, trustInProfile } from './firefox-certificate.ts';
import { browserDidNotStart, DEVTOOLS_NEEDS_CDP, VIEWPORT, firstPage, type BrowserSession, type EngineAdapter, type RecordOptions, type SessionOptions } from './engine.ts';

/** Preferences for every session: no HTTP/3 (as Chromium's --disable-quic), the link's proxy. */
export function firefoxPrefs(link: ClientLink): Record<string, string | number | boolean> {
  if (link.devtoolsConditions) {
    throw new Error(DEVTOOLS_NEEDS_CDP);
  }
  const prefs: Record<string, string | number | boolean> = { 'network.http.http3.enable': false };
  if (link.socksProxy) {
    Object.assign(prefs, {
      'network.proxy.type': 1,
      'network.proxy.socks': link.socksProxy.host,
      'network.proxy.socks_port': link.socksProxy.port,
      'network.proxy.socks_version': 5,
      'network.proxy.socks_remote_dns': false,
      // Firefox ≥ 128 has a SOCKS5 switch of its own (default on): names are looked up here, where
      // firefoxResolverPrefs makes every one but the servers' fail, not handed to the proxy.
      'network.proxy.socks5_remote_dns': false,
      'network.proxy.no_proxies_on': '',
      // The servers listen on loopback; Firefox bypasses proxies for it unless told not to.
      'network.proxy.allow_hijacking_localhost': true,
    });
  }
  return prefs;
}

/**
 * Firefox's equivalent of Chromium's `--host-resolver-rules=MAP * ~NOTFOUND`: name lookups only over
 * DNS-over-HTTPS (TRR mode 3, no fallback to the system resolver) to a resolver that refuses the
 * connection at once (127.0.0.1:1), so every host name but the servers' fails with
 * NS_ERROR_UNKNOWN_HOST and no lookup leaves the machine. The servers are addressed by IP (no lookup);
 * a server host given by name (localhost) is excluded from TRR and resolved as usual.
 */
export function firefoxResolverPrefs(reachableHosts: readonly string[] | undefined): Record<string, string | number | boolean> {
  if (!reachableHosts?.length) return {};
  return {
    'network.trr.mode': 3,
    'network.trr.uri': 'https://127.0.0.1:1/dns-query',
    'network.trr.custom_uri': 'https://127.0.0.1:1/dns-query',
    'network.trr.confirmationNS': 'skip',
    'network.trr.excluded-domains': reachableHosts.filter((h) => !isIP(h.replace(/^\[|\]$/g, ''))).join(','),
    'network.trr.builtin-excluded-domains': '',
    'network.dns.disablePrefetch': true,
  };
}

export const firefoxEngine: EngineAdapter = {
  engine: 'firefox',
  records: { cdp: false, netlog: false, har: true, keylog: true },
  // Firefox reaches HTTP/3 through Alt-Svc, or the test-only pref network.http.http3.alt-svc-mapping-
  // for-testing, which maps a whole host name (every port) onto one h3 port: it would move the run's
  // TCP variants, on the same host, onto HTTP/3 as well: tried with Caddy on 127.0.0.1, the h2
  // server's page (another port) came over h3 from the h3 port (results/README.md, "Caddy rows").
  cannotForceQuic: 'Firefox cannot be forced onto HTTP/3 for one origin (its only switch, alt-svc-mapping-for-testing, maps every port of the host); not measured',

  async prepareProfile(_browser: ResolvedBrowser, opts: SessionOptions): Promise<void> {
    await trustInProfile(opts.userDataDir, await pinnedCertificate(opts.url, opts.spkiSha256, clientCommandPrefix(opts.link)));
  },

  async open(browser: ResolvedBrowser, opts: SessionOptions, record: RecordOptions = {}): Promise<BrowserSession> {
    const env: Record<string, string> = { ...(process.env as Record<string, string>), ...(browser.env ?? {}) };
    if (record.keyLogPath) env.SSLKEYLOGFILE = record.keyLogPath;
    const context = await firefox.launchPersistentContext(opts.userDataDir, {
      channel: 'moz-firefox',
      // The BiDi shim, running Firefox (inside the shaper's namespace, if any).
      executablePath: await firefoxShimExecutable(launchableExecutable(browser.executablePath), clientCommandPrefix(opts.link)),
      firefoxUserPrefs: { ...firefoxPrefs(opts.link), ...firefoxResolverPrefs(opts.reachableHosts) },
      env,
      headless: true,
      viewport: VIEWPORT,
      // Firefox 153 has no emulation.setMediaFeaturesOverride; null ("no override") makes Playwright's
      // call a no-op the BiDi shim answers (the Playwright test runner otherwise asks for "light").
      colorScheme: null,
      timeout: opts.timeoutMs,
      recordHar: record.harPath ? { path: record.harPath, content: 'omit' } : undefined,
    }).catch((err: unknown) => { throw browserDidNotStart(err); });
    try {
      return { context, page: await firstPage(context), close: () => context.close() };
    } catch (err) {
      await context.close().catch(() => {});
      throw err;
    }
  },

  async preparePage() {
    // Nothing page-level: a devtools link was refused in open() (firefoxPrefs).
  },
};
