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

/**
 * The longest a load may take before it counts as hung: Playwright's per-test timeout here too. A
 * journey gets that for each step, plus its dwell times (and a warm journey its priming walk).
 */
export const stepTimeoutMs = (bench: Pick<Benchmark, 'timeoutMs' | 'journeys'>): number => {
  const one = Math.max(120_000, bench.timeoutMs * 3);
  const longest = Math.max(1, ...bench.journeys.map((j) => j.steps.length * 2 + (j.dwellMs * j.steps.length) / one));
  return Math.ceil(one * longest);
};
