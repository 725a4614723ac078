// The shapers describe the link; each engine adapter translates the description. Pure: no browser
// is launched, no namespace or proxy is started (tun and netem are described by the same function
// their start() uses, proxy by its proxyEnds for a made-up port).
import { disableFeaturesArg } from '../../../harness/browsers/chromium-args.ts';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import type { CdpLike } from '../../../harness/browsers/chromium-network.ts';
import { resolveProfile } from '../../../harness/config/profiles.ts';
import { chromiumArgs, chromiumEngine, chromiumLinkArgs } from '../../../harness/gather/engines/chromium.ts';
import { wrapperFor } from '../../../harness/browsers/launcher-script.ts';
import type { BrowserSession } from '../../../harness/gather/engines/engine.ts';
import { firefoxEngine, firefoxPrefs, firefoxResolverPrefs } from '../../../harness/gather/engines/firefox.ts';
import { socksDestination } from '../../../harness/shapers/socks-destination.ts';
import { devtoolsShaper } from '../../../harness/shapers/devtools.ts';
import { namespacedEnds, slotNames } from '../../../harness/shapers/namespaces.ts';
import { noneShaper } from '../../../harness/shapers/none.ts';
import { proxyEnds } from '../../../harness/shapers/proxy.ts';
import { clientCommandPrefix, type ClientLink, type ShapedLink, type ShaperName } from '../../../harness/shapers/shaper.ts';

type Ends = Pick<ShapedLink, 'serverHost' | 'serverCommandPrefix'> & ClientLink;

/** Every shaper's description: none and devtools from start() (they start nothing), the others as start() builds them. */
async function descriptions(): Promise<Record<ShaperName, Ends>> {
  const profile = resolveProfile('3g');
  return {
    none: await noneShaper.start(profile, { slot: 0 }),
    devtools: await devtoolsShaper.start(profile, { slot: 0 }),
    proxy: proxyEnds(4567),
    tun: namespacedEnds(slotNames(3)),
    netem: namespacedEnds(slotNames(3)),
  };
}

// What each shaper handed the Chromium engine before the description (its `browserArgs`,
// `browserCommandPrefix`, `serverHost`, `serverCommandPrefix`), written out literally.
const TODAY: Record<ShaperName, { browserArgs: string[]; browserCommandPrefix: string[]; serverHost: string; serverCommandPrefix: string[] }> = {
  none: { browserArgs: [], browserCommandPrefix: [], serverHost: '127.0.0.1', serverCommandPrefix: [] },
  devtools: { browserArgs: [], browserCommandPrefix: [], serverHost: '127.0.0.1', serverCommandPrefix: [] },
  proxy: {
    browserArgs: ['--proxy-server=socks5://127.0.0.1:4567', '--proxy-bypass-list=<-loopback>'],
    browserCommandPrefix: [], serverHost: '127.0.0.1', serverCommandPrefix: [],
  },
  tun: { browserArgs: [], browserCommandPrefix: ['ip', 'netns', 'exec', 'pb-c3'], serverHost: '10.77.3.2', serverCommandPrefix: ['ip', 'netns', 'exec', 'pb-s3'] },
  netem: { browserArgs: [], browserCommandPrefix: ['ip', 'netns', 'exec', 'pb-c3'], serverHost: '10.77.3.2', serverCommandPrefix: ['ip', 'netns', 'exec', 'pb-s3'] },
};

const BASE_FLAGS = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-gpu', '--disable-dev-shm-usage',
  // Playwright's own list repeated, plus no omnibox WebUI (browsers/chromium-args.ts)
  disableFeaturesArg(),
];

test('Chromium: every shaper\'s description becomes exactly the flags and command prefix of before', async () => {
  for (const [name, link] of Object.entries(await descriptions()) as [ShaperName, Ends][]) {
    const today = TODAY[name];
    assert.deepEqual(chromiumLinkArgs(link), today.browserArgs, `${name}: link flags`);
    assert.deepEqual(
      chromiumArgs({ spkiSha256: 'PIN=', link }),
      [...BASE_FLAGS, '--ignore-certificate-errors-spki-list=PIN=', '--disable-quic', ...today.browserArgs],
      `${name}: the whole command line`,
    );
    assert.deepEqual(clientCommandPrefix(link), today.browserCommandPrefix, `${name}: browser command prefix`);
    assert.deepEqual([link.serverHost, link.serverCommandPrefix], [today.serverHost, today.serverCommandPrefix], `${name}: server side`);
  }
});

test('Chromium: the link\'s flags come before the recording flags, as before', () => {
  assert.deepEqual(chromiumArgs({ spkiSha256: 'PIN=', link: proxyEnds(4567) }, { netLogPath: '/t/n.json', keyLogPath: '/t/k.log', remoteDebugging: true }), [
    ...BASE_FLAGS, '--ignore-certificate-errors-spki-list=PIN=', '--disable-quic',
    '--proxy-server=socks5://127.0.0.1:4567', '--proxy-bypass-list=<-loopback>',
    '--log-net-log=/t/n.json', '--net-log-capture-mode=Default', '--ssl-key-log-file=/t/k.log',
    '--remote-debugging-port=0', '--remote-debugging-address=127.0.0.1',
  ]);
});

test('a client namespace launches the browser through a launcher behind its command prefix', async () => {
  const { tun, none } = await descriptions();
  assert.equal(wrapperFor('/opt/chromium/chrome', clientCommandPrefix(none)), '/opt/chromium/chrome');
  const launcher = wrapperFor('/opt/chromium/chrome', clientCommandPrefix(tun));
  assert.match(fs.readFileSync(launcher, 'utf8'), /^exec 'ip' 'netns' 'exec' 'pb-c3' '\/opt\/chromium\/chrome' "\$@"$/m);
});

/** A BrowserSession whose CDP session only records what is sent. */
function fakeSession(withCdp: boolean): { session: BrowserSession; sent: [string, Record<string, unknown> | undefined][] } {
  const sent: [string, Record<string, unknown> | undefined][] = [];
  const cdp: CdpLike = { async send(method, params) { sent.push([method, params]); return {}; } };
  return { session: { cdp: withCdp ? cdp : undefined } as unknown as BrowserSession, sent };
}

test('Chromium: devtools conditions become Network.emulateNetworkConditions on the page, nothing else does', async () => {
  const { devtools, ...others } = await descriptions();
  assert.deepEqual(devtools.devtoolsConditions, { latencyMs: 300, downloadKbps: 1600, uploadKbps: 768, lossPct: 0 });
  const { session, sent } = fakeSession(true);
  await chromiumEngine.preparePage(session, devtools);
  assert.deepEqual(sent, [
    ['Network.enable', undefined],
    ['Network.emulateNetworkConditions', { offline: false, latency: 300, downloadThroughput: 200_000, uploadThroughput: 96_000 }],
  ]);
  for (const [name, link] of Object.entries(others)) {
    const quiet = fakeSession(true);
    await chromiumEngine.preparePage(quiet.session, link);
    assert.deepEqual(quiet.sent, [], `${name}: no CDP calls`);
  }
  await assert.rejects(chromiumEngine.preparePage(fakeSession(false).session, devtools), /CDP/);
  const lossy = await devtoolsShaper.start(resolveProfile('custom:rtt=50,down=1000,up=500,loss=2'), { slot: 0 });
  const withLoss = fakeSession(true);
  await chromiumEngine.preparePage(withLoss.session, lossy);
  assert.equal(withLoss.sent[1]![1]!.packetLoss, 2);
});

test('Firefox: the description becomes preferences; devtools throttling is refused', async () => {
  const { none, tun, proxy, devtools } = await descriptions();
  const noHttp3 = { 'network.http.http3.enable': false };
  assert.deepEqual(firefoxPrefs(none), noHttp3);
  assert.deepEqual(firefoxPrefs(tun), noHttp3, 'the namespace is the launcher\'s business, not a preference');
  assert.deepEqual(firefoxPrefs(proxy), {
    ...noHttp3,
    'network.proxy.type': 1,
    'network.proxy.socks': '127.0.0.1',
    'network.proxy.socks_port': 4567,
    'network.proxy.socks_version': 5,
    'network.proxy.socks_remote_dns': false,
    'network.proxy.socks5_remote_dns': false,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
  });
  assert.throws(() => firefoxPrefs(devtools), /CDP/);
  await firefoxEngine.preparePage(fakeSession(false).session, proxy); // nothing page-level to do
});

test('Firefox: name lookups only through a resolver that refuses at once, the servers (by IP) untouched', () => {
  assert.deepEqual(firefoxResolverPrefs(undefined), {}, 'no restriction asked: none made');
  const prefs = firefoxResolverPrefs(['10.77.0.2']);
  assert.equal(prefs['network.trr.mode'], 3, 'DNS over HTTPS only, no fallback to the system resolver');
  assert.match(String(prefs['network.trr.uri']), /^https:\/\/127\.0\.0\.1:1\//, 'a resolver that refuses the connection');
  assert.equal(prefs['network.trr.excluded-domains'], '', 'an IP needs no lookup');
  assert.equal(prefs['network.trr.builtin-excluded-domains'], '', 'not even "localhost" or ".local" reach the system resolver');
  assert.equal(firefoxResolverPrefs(['localhost'])['network.trr.excluded-domains'], 'localhost', 'a server named by host name is looked up as usual');
});

test('the proxy shaper connects only to loopback and mapped names, never looking a name up', () => {
  const hosts = { 'fonts.example.test': '127.0.0.1:4100' };
  assert.deepEqual(socksDestination('127.0.0.1', 443, hosts), { host: '127.0.0.1', port: 443 });
  assert.equal(socksDestination('constructor', 443, hosts), null, 'a name is looked up in the map itself, not its prototype');
  assert.deepEqual(socksDestination('localhost', 8080, hosts), { host: '127.0.0.1', port: 8080 });
  assert.deepEqual(socksDestination('FONTS.example.test', 443, hosts), { host: '127.0.0.1', port: 4100 });
  for (const refused of ['images.outside.example', '8.8.8.8', '192.168.1.1', '10.77.0.2', '2001:db8::1', '__proto__']) assert.equal(socksDestination(refused, 443, hosts), null, refused);
});

test('Chromium: QUIC stays off unless the run has HTTP/3 servers, then it is forced for exactly those', () => {
  const off = chromiumArgs({ spkiSha256: 'PIN=', link: {} });
  assert.ok(off.includes('--disable-quic'));
  assert.ok(!off.some((a) => a.startsWith('--origin-to-force-quic-on')));
  const on = chromiumArgs({ spkiSha256: 'PIN=', link: {}, quicOrigins: ['10.77.0.2:40001', '10.77.0.2:40002'] });
  // --disable-quic would void the forced origins (network_session_configurator.cc), so it must go.
  assert.ok(!on.includes('--disable-quic'));
  assert.ok(on.includes('--origin-to-force-quic-on=10.77.0.2:40001,10.77.0.2:40002'));
  assert.ok(on.includes('--ignore-certificate-errors-spki-list=PIN='), 'the pin covers QUIC too');
});

test('Chromium: every host name but the servers\' resolves to nothing', () => {
  const args = chromiumArgs({ spkiSha256: 'PIN=', link: {}, reachableHosts: ['10.77.0.2'] });
  assert.ok(args.includes('--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 10.77.0.2'));
  assert.ok(!chromiumArgs({ spkiSha256: 'PIN=', link: {} }).some((a) => a.startsWith('--host-resolver-rules')), 'no servers named: no rule');
});
