// The proxy shaper: unprivileged, TCP-level. The browser talks SOCKS5 to a proxy process on
// loopback that adds one RTT to every connect and paces each direction (proxy-pacer.ts).
// The servers are on loopback too, so every engine must send loopback traffic through the proxy
// (browsers bypass proxies for loopback by default).
// Limits: no packet loss, no queue, bandwidth shared more fairly than TCP would.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../shared/usage-error.ts';
import { statsChannel, type MeasurableLink } from './emulator-stats.ts';
import { onExitCleanup } from './exit-cleanup.ts';
import type { ProxyConfig } from './proxy-process.ts';
import { LOOPBACK_ENDS, type Shaper, type ShapedLink } from './shaper.ts';
import { spawnTs, waitForLine } from './ts-child.ts';

const PROXY_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'proxy-process.ts');

export const proxyShaper: Shaper = {
  name: 'proxy',
  carriesUdp: false,
  async start(profile, { hosts } = { slot: 0 }) {
    if (profile.lossPct > 0) throw new UsageError(`network profile field "lossPct" is ${profile.lossPct}: the proxy shaper models no loss; set it to 0 or use --shaper tun`);
    if (profile.trace) throw new UsageError('network profile field "trace": the proxy shaper cannot replay traces; use --shaper tun');
    const config: ProxyConfig = { rttMs: profile.rttMs, downKbps: profile.downKbps, upKbps: profile.upKbps, ...(hosts ? { hosts: { ...hosts } } : {}) };
    const child = spawnTs(PROXY_FILE, [JSON.stringify(config)]);
    const unregister = onExitCleanup(() => { child.kill('SIGKILL'); });
    let port: number;
    try {
      ({ port } = await waitForLine<{ port: number }>(child, 'ready'));
    } catch (err) {
      child.kill('SIGKILL');
      unregister();
      throw err;
    }
    let stopped = false;
    const stats = statsChannel(child);
    const link: MeasurableLink = {
      profile,
      info: { shaper: 'proxy', congestionControl: '', queueBytes: 0 },
      ...proxyEnds(port),
      emulatorStats: () => stats.current(),
      async mapHosts(hosts) {
        if (Object.keys(hosts).length === 0) return;
        const mapped = waitForLine(child, 'mapped', 5000);
        child.stdin!.write(`map ${JSON.stringify(hosts)}\n`);
        await mapped;
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await stats.finish();
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        unregister();
      },
    };
    return link;
  },
};

/** Where a proxy link's ends are: servers and the SOCKS5 proxy on loopback, the browser here. */
export function proxyEnds(port: number): Pick<ShapedLink, 'serverHost' | 'serverCommandPrefix' | 'socksProxy'> {
  return { ...LOOPBACK_ENDS, socksProxy: { host: '127.0.0.1', port } };
}
