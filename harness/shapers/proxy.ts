// The proxy shaper: unprivileged, TCP-level. The browser talks SOCKS5 to a proxy process on
// loopback that adds one RTT to every connect and paces each direction (proxy-pacer.ts).
// `<-loopback>` removes Chromium's implicit loopback bypass so 127.0.0.1 servers go through it.
// Limits: no packet loss, no queue, bandwidth shared more fairly than TCP would.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../shared/usage-error.ts';
import { statsChannel, type MeasurableLink } from './emulator-stats.ts';
import { onExitCleanup } from './exit-cleanup.ts';
import type { ProxyConfig } from './proxy-process.ts';
import type { Shaper } from './shaper.ts';
import { spawnTs, waitForLine } from './ts-child.ts';

const PROXY_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'proxy-process.ts');

export const proxyShaper: Shaper = {
  name: 'proxy',
  async start(profile) {
    if (profile.lossPct > 0) throw new UsageError(`network profile field "lossPct" is ${profile.lossPct}: the proxy shaper models no loss; set it to 0 or use --shaper tun`);
    if (profile.trace) throw new UsageError('network profile field "trace": the proxy shaper cannot replay traces; use --shaper tun');
    const config: ProxyConfig = { rttMs: profile.rttMs, downKbps: profile.downKbps, upKbps: profile.upKbps };
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
      serverHost: '127.0.0.1',
      serverCommandPrefix: [],
      browserCommandPrefix: [],
      browserArgs: [`--proxy-server=socks5://127.0.0.1:${port}`, '--proxy-bypass-list=<-loopback>'],
      emulatorStats: () => stats.current(),
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

/** SOCKS5 endpoint of a proxy link (for non-browser clients such as calibrate). */
export function socksEndpoint(link: { browserArgs: readonly string[] }): { host: string; port: number } | undefined {
  const arg = link.browserArgs.find((a) => a.startsWith('--proxy-server=socks5://'));
  const m = arg ? /socks5:\/\/([\d.]+):(\d+)/.exec(arg) : null;
  return m ? { host: m[1]!, port: Number(m[2]) } : undefined;
}
