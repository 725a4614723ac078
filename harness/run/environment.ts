// One profile's test environment: the shaped link (or loopback) and the servers behind it, one per arm.
// Started once per profile per worker, stopped after that profile's loads.

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
import { armLabel } from '../config/arms.ts';
import { LogTail } from './log-tail.ts';
import type { Arm } from '../config/arms.ts';

export interface BenchEnvironment {
  link: ShapedLink;
  servers: ServerProcess;
  /** "host:port" of every HTTP/3 server: the origins a browser is forced onto QUIC for. */
  quicOrigins: string[];
  /** Config hosts: where the browser connects for each mapped host name (host-routes.ts). */
  mappedHosts: readonly MappedHost[];
  /** The server log of one arm, tailed per load. */
  tapOf(arm: Arm): LogTail;
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
  return {
    link,
    servers,
    quicOrigins: [...servers.servers.values()].filter((s) => VARIANT_TRAITS[s.variant].transport === 'quic').map((s) => new URL(s.origin).host),
    mappedHosts: routes.routes,
    tapOf: (arm) => taps.get(armLabel(arm))!,
    async stop() {
      await routes.close();
      await servers.stop();
      await link.stop();
    },
  };
}
