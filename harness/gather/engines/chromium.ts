// Chromium adapter: pinned to the run's certificate by its SPKI hash
// (--ignore-certificate-errors-spki-list; certificate checks stay on for everything else),
// records NetLog, TLS keys and HAR, and opens a CDP session on the page.
// The shaped link becomes: a launcher inside its client namespace, proxy flags for its SOCKS
// proxy (chromiumLinkArgs), and Network.emulateNetworkConditions on each page for devtools conditions.

import { launchableExecutable } from '../../shared/test-fault.ts';
import { chromium } from 'playwright-core';
import { emulateNetworkConditions } from '../../browsers/chromium-network.ts';
import { chromiumBaseArgs, DISABLE_QUIC } from '../../browsers/registry.ts';
import type { ResolvedBrowser } from '../../browsers/registry.ts';
import { clientCommandPrefix, type ClientLink } from '../../shapers/shaper.ts';
import { wrapperFor } from '../../browsers/launcher-script.ts';
import { browserDidNotStart, type MappedHost, DEVTOOLS_NEEDS_CDP, VIEWPORT, firstPage, type BrowserSession, type EngineAdapter, type RecordOptions, type SessionOptions, type SharedBrowser } from './engine.ts';

/** The link's command-line flags: a SOCKS proxy that loopback (where the servers are) does not bypass. */
export function chromiumLinkArgs(link: ClientLink): string[] {
  if (!link.socksProxy) return [];
  const { host, port } = link.socksProxy;
  // `<-loopback>` removes Chromium's implicit loopback bypass so 127.0.0.1 servers go through it.
  return [`--proxy-server=socks5://${host}:${port}`, '--proxy-bypass-list=<-loopback>'];
}

/**
 * QUIC off, unless the run has HTTP/3 servers: then forced onto QUIC for exactly those origins
 * (--origin-to-force-quic-on, which --disable-quic would void). The TCP variants' servers never
 * advertise Alt-Svc, so they stay on TCP. The SPKI pin covers QUIC's certificate check too.
 */
export function chromiumQuicArgs(quicOrigins: readonly string[] = []): string[] {
  return quicOrigins.length ? [`--origin-to-force-quic-on=${quicOrigins.join(',')}`] : [DISABLE_QUIC];
}

/**
 * Every host name but the servers' resolves to nothing (the servers are addressed by IP, excluded);
 * a mapped host (config hosts) goes to its local server: its MAP comes first, the first match wins.
 */
export function chromiumResolverArgs(reachableHosts: readonly string[] = [], mappedHosts: readonly MappedHost[] = []): string[] {
  if (reachableHosts.length === 0) return [];
  const rules = [...mappedHosts.map((m) => `MAP ${m.name} ${m.address}`), 'MAP * ~NOTFOUND', ...reachableHosts.map((h) => `EXCLUDE ${h}`)];
  return [`--host-resolver-rules=${rules.join(', ')}`];
}

export function chromiumArgs(opts: Pick<SessionOptions, 'spkiSha256' | 'link' | 'quicOrigins' | 'reachableHosts' | 'mappedHosts'>, record: RecordOptions = {}): string[] {
  const pins = [opts.spkiSha256, ...(opts.mappedHosts ?? []).flatMap((m) => (m.spkiSha256 ? [m.spkiSha256] : []))];
  const args = [
    ...chromiumBaseArgs(),
    `--ignore-certificate-errors-spki-list=${[...new Set(pins)].join(',')}`,
    ...chromiumQuicArgs(opts.quicOrigins),
    ...chromiumResolverArgs(opts.reachableHosts, opts.mappedHosts),
    ...chromiumLinkArgs(opts.link),
  ];
  if (record.netLogPath) args.push(`--log-net-log=${record.netLogPath}`, '--net-log-capture-mode=Default');
  if (record.keyLogPath) args.push(`--ssl-key-log-file=${record.keyLogPath}`);
  // Chromium writes the chosen port to <profile>/DevToolsActivePort.
  if (record.remoteDebugging) args.push('--remote-debugging-port=0', '--remote-debugging-address=127.0.0.1');
  return args;
}

export const chromiumEngine: EngineAdapter = {
  engine: 'chromium',
  records: { cdp: true, netlog: true, har: true, keylog: true },
  cannotForceQuic: null,

  async prepareProfile() {
    // Nothing to do: the certificate pin is a command-line flag.
  },

  async open(browser: ResolvedBrowser, opts: SessionOptions, record: RecordOptions = {}): Promise<BrowserSession> {
    const context = await chromium.launchPersistentContext(opts.userDataDir, {
      executablePath: wrapperFor(launchableExecutable(browser.executablePath), clientCommandPrefix(opts.link)),
      args: chromiumArgs(opts, record),
      env: { ...process.env, ...(browser.env ?? {}) } as Record<string, string>,
      headless: true,
      viewport: VIEWPORT,
      timeout: opts.timeoutMs,
      recordHar: record.harPath ? { path: record.harPath, content: 'omit' } : undefined,
    }).catch((err: unknown) => { throw browserDidNotStart(err); });
    try {
      const page = await firstPage(context);
      const cdp = await context.newCDPSession(page);
      const debuggingPort = record.remoteDebugging ? await readDevToolsPort(opts.userDataDir) : undefined;
      return { context, page, cdp, debuggingPort, close: () => context.close() };
    } catch (err) {
      await context.close().catch(() => {});
      throw err;
    }
  },

  async preparePage(session: BrowserSession, link: ClientLink) {
    if (!link.devtoolsConditions) return;
    if (!session.cdp) throw new Error(DEVTOOLS_NEEDS_CDP);
    await emulateNetworkConditions(session.cdp, link.devtoolsConditions);
  },

  async launchShared(browser, opts, record): Promise<SharedBrowser> {
    const running = await chromium.launch({
      executablePath: wrapperFor(launchableExecutable(browser.executablePath), clientCommandPrefix(opts.link)),
      args: chromiumArgs(opts, record),
      env: { ...process.env, ...(browser.env ?? {}) } as Record<string, string>,
      headless: true,
      timeout: opts.timeoutMs,
    }).catch((err: unknown) => { throw browserDidNotStart(err); });
    return {
      async newSession({ harPath }) {
        // Target.createBrowserContext: an off-the-record profile with its own network context.
        const context = await running.newContext({
          viewport: VIEWPORT,
          recordHar: harPath ? { path: harPath, content: 'omit' } : undefined,
        });
        try {
          const page = await context.newPage();
          const cdp = await context.newCDPSession(page);
          return { context, page, cdp, close: () => context.close() };
        } catch (err) {
          await context.close().catch(() => {});
          throw err;
        }
      },
      isConnected: () => running.isConnected(),
      close: () => running.close(),
    };
  },
};

/** The port Chromium chose for --remote-debugging-port=0 (first line of DevToolsActivePort). */
async function readDevToolsPort(userDataDir: string): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const file = `${userDataDir}/DevToolsActivePort`;
  for (let i = 0; i < 50; i++) {
    try {
      const port = Number((await readFile(file, 'utf8')).split('\n')[0]);
      if (port > 0) return port;
    } catch { /* not written yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Chromium did not write ${file}`);
}
