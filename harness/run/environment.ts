// One profile's test environment: the shaped link (or loopback) and the servers behind it, one per arm,
// and one per second origin of the site. Started once per profile per worker, stopped after that
// profile's loads. A second origin's server listens beside the arms (the link's server address),
// so the browser reaches it through the same link by mapping its host name there.

import path from 'node:path';
import type { NetworkProfile } from '../config/profile.ts';
import type { Benchmark } from '../config/benchmark.ts';
import type { ShapedLink, ShaperName } from '../shapers/shaper.ts';
import { getShaper, defaultShaperName, SHAPERS, type Shaper } from '../shapers/index.ts';
import { UsageError } from '../shared/usage-error.ts';
import { VARIANT_TRAITS } from '../shared/variants.ts';
import { testFault } from '../shared/test-fault.ts';
import { openHostRoutes, type HostRoutes, type MappedHost } from './host-routes.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import type { OriginReadyLine } from '../../servers/types.ts';
import { armLabel } from '../config/arms.ts';
import { LogTail } from './log-tail.ts';
import type { Arm } from '../config/arms.ts';
import { nextPagesOf } from '../config/journeys.ts';

export interface BenchEnvironment {
  link: ShapedLink;
  servers: ServerProcess;
  /** "host:port" of every HTTP/3 server: the origins a browser is forced onto QUIC for. */
  quicOrigins: string[];
  /** Config hosts and the site's second origins: where the browser connects for each mapped host name (host-routes.ts). */
  mappedHosts: readonly MappedHost[];
  /** The server log of one arm, tailed per load. */
  tapOf(arm: Arm): LogTail;
  /** The wire log of each second origin of the site, by host name ("fonts.pushbench.test"), tailed per load. */
  originTaps: ReadonlyMap<string, LogTail>;
  stop(): Promise<void>;
}

/** The shaper a profile runs through: "none" needs none; "auto" picks the best this machine allows. */
export function shaperFor(profile: NetworkProfile, choice: Benchmark['shaper']): ShaperName {
  if (profile.name === 'none') return 'none';
  return choice === 'auto' ? defaultShaperName() : choice;
}

/** A shaper that carries TCP only (the SOCKS proxy) cannot shape an HTTP/3 variant: say so before anything starts. */
export function assertCarries(shaper: Shaper, arms: readonly Arm[]): void {
  const quic = arms.filter((a) => VARIANT_TRAITS[a.variant].transport === 'quic');
  if (quic.length === 0 || shaper.carriesUdp) return;
  const can = Object.values(SHAPERS).filter((s) => s.carriesUdp).map((s) => s.name);
  throw new UsageError(
    `shaper (config "shaper" or PUSHBENCH_SHAPER): ${shaper.name} carries TCP only, and ${[...new Set(quic.map((a) => armLabel({ ...a, swept: false })))].join(', ')} run over QUIC (UDP); ` +
    `use a shaper that carries UDP: ${can.join(', ')} (tun is the packet-level one that works on this kernel)`,
  );
}

/**
 * Where the browser connects for each second origin: its server, on the link's server address (no
 * relay: it already listens there, inside the server namespace when there is one), pinned by its own certificate.
 */
export function secondOriginRoutes(origins: readonly OriginReadyLine[], serverHost: string): MappedHost[] {
  const host = serverHost.includes(':') ? `[${serverHost}]` : serverHost;
  return origins.map((o) => ({ name: o.host, address: `${host}:${o.port}`, spkiSha256: o.spkiSha256 }));
}

export async function startEnvironment(
  bench: Benchmark,
  profile: NetworkProfile,
  opts: { slot: number; wireLogDir: string },
): Promise<BenchEnvironment> {
  // What the link must carry was checked once for the run, before any browser (startRun: assertCarries).
  if (testFault('shaper-start')) throw new Error(`the ${shaperFor(profile, bench.shaper)} link did not come up: injected fault (PUSHBENCH_TEST_FAULT=shaper-start)`);
  const link = await getShaper(shaperFor(profile, bench.shaper)).start(profile, { slot: opts.slot, hosts: bench.hosts });
  let servers: ServerProcess;
  try {
    servers = await startServerProcess({
      arms: bench.arms,
      siteDir: bench.siteDir,
      host: link.serverHost,
      topology: bench.topology,
      delivery: { sendQueue: bench.sendQueue, priorities: bench.priorities, push: bench.push },
      // The prefetch variant names each page's next step of the run's journeys.
      nextPages: nextPagesOf(bench.journeys),
      wireLogDir: opts.wireLogDir,
      commandPrefix: link.serverCommandPrefix,
      ...(bench.origin ? { origin: bench.origin } : {}),
    });
  } catch (err) {
    await link.stop();
    throw err;
  }
  let routes: HostRoutes;
  try {
    routes = await openHostRoutes(bench.hosts, link);
  } catch (err) {
    await servers.stop();
    await link.stop();
    throw err;
  }
  const taps = new Map<string, LogTail>();
  for (const [label, ready] of servers.servers) {
    taps.set(label, new LogTail(ready.wireLogPath ?? path.join(opts.wireLogDir, `${label}.jsonl`)));
  }
  // The child always logs into opts.wireLogDir (origin-<host>.jsonl), so every second origin has a log.
  const originTaps = new Map(servers.origins.flatMap((o) => (o.wireLogPath ? [[o.host, new LogTail(o.wireLogPath)] as const] : [])));
  const originHosts = secondOriginRoutes(servers.origins, link.serverHost);
  try {
    // A link that resolves host names itself (the proxy's SOCKS5 server) learns them now that their ports are known.
    await link.mapHosts?.(Object.fromEntries(originHosts.map((h) => [h.name, h.address])));
  } catch (err) {
    await routes.close();
    await servers.stop();
    await link.stop();
    throw err;
  }
  return {
    link,
    servers,
    quicOrigins: [...servers.servers.values()].filter((s) => VARIANT_TRAITS[s.variant].transport === 'quic').map((s) => new URL(s.origin).host),
    mappedHosts: [...routes.routes, ...originHosts],
    tapOf: (arm) => taps.get(armLabel(arm))!,
    originTaps,
    async stop() {
      await routes.close();
      await servers.stop();
      await link.stop();
    },
  };
}
