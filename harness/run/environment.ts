// One profile's test environment: the shaped link (or loopback) and the server variants behind it.
// Started once per profile per worker, stopped after that profile's loads.

import path from 'node:path';
import type { NetworkProfile } from '../config/profile.ts';
import type { Benchmark } from '../config/benchmark.ts';
import type { ShapedLink, ShaperName } from '../shapers/shaper.ts';
import { getShaper, defaultShaperName } from '../shapers/index.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { LogTail } from './log-tail.ts';
import type { VariantName } from '../shared/variants.ts';

export interface BenchEnvironment {
  link: ShapedLink;
  servers: ServerProcess;
  taps: Map<VariantName, LogTail>;
  stop(): Promise<void>;
}

/** The shaper a profile runs through: "none" needs none; "auto" picks the best this machine allows. */
export function shaperFor(profile: NetworkProfile, choice: Benchmark['shaper']): ShaperName {
  if (profile.name === 'none') return 'none';
  return choice === 'auto' ? defaultShaperName() : choice;
}

export async function startEnvironment(
  bench: Benchmark,
  profile: NetworkProfile,
  opts: { slot: number; wireLogDir: string },
): Promise<BenchEnvironment> {
  const link = await getShaper(shaperFor(profile, bench.shaper)).start(profile, { slot: opts.slot });
  let servers: ServerProcess;
  try {
    servers = await startServerProcess({
      variants: bench.variants,
      siteDir: bench.siteDir,
      host: link.serverHost,
      thinkMs: bench.thinkMs,
      topology: bench.topology,
      delivery: { sendQueue: bench.sendQueue, priorities: bench.priorities, push: bench.push },
      wireLogDir: opts.wireLogDir,
      commandPrefix: link.serverCommandPrefix,
    });
  } catch (err) {
    await link.stop();
    throw err;
  }
  const taps = new Map<VariantName, LogTail>();
  for (const [variant, ready] of servers.servers) {
    taps.set(variant, new LogTail(ready.wireLogPath ?? path.join(opts.wireLogDir, `${variant}.jsonl`)));
  }
  return {
    link,
    servers,
    taps,
    async stop() {
      await servers.stop();
      await link.stop();
    },
  };
}
