// The units a run is split into: one per browser × profile, in the order the runner measures them.
// Playwright makes each a project (so `--shard=i/n` can use up to browsers × profiles machines,
// and `--project 'chromium/*'` picks some); `pushbench run` walks them in the same order.

import type { Benchmark } from '../config/benchmark.ts';

export interface BenchProject {
  /** "chromium/desktop": the Playwright project name. */
  name: string;
  browser: string;
  profile: string;
}

export function benchProjects(bench: Pick<Benchmark, 'browsers' | 'profiles'>): BenchProject[] {
  return bench.browsers.flatMap((browser) => bench.profiles.map((p) => ({ name: `${browser}/${p.name}`, browser, profile: p.name })));
}
