// The order of loads. Within each repetition the arms (server × variant × think time) are
// interleaved and their order rotates between repetitions, so slow machine drift spreads evenly
// over them (the approach Tachometer takes). Profiles are the outer loop because bringing up a
// shaped link and its servers is the expensive step.

import type { Arm } from '../config/arms.ts';
import type { NetworkProfile } from '../config/profile.ts';
import type { CacheState } from '../config/benchmark.ts';
import type { Journey } from '../config/journeys.ts';

/** A load of one arm: its server family (pushbench or caddy), variant and think time (`swept`: the label names it). */
export interface PlannedLoad extends Arm {
  profile: NetworkProfile;
  repetition: number; // 1-based
  cache: CacheState;
  /** The page loaded; for a journey, its first step. */
  page: string;
  /** The journey this load walks (its steps after the first are navigated in the same session); absent: one page. */
  journey?: Journey;
  /** 1-based position of this arm (server × variant × think time) within its repetition/cache/page group. */
  order: number;
}

export interface PlanInput {
  profiles: NetworkProfile[];
  repeat: number;
  cache: readonly CacheState[];
  pages: readonly string[];
  /** Journeys loaded instead of the pages (none: each page is a load of its own). */
  journeys?: readonly Journey[];
  /** The (server, variant, think time) arms; they rotate together, so servers and think times interleave like variants do. */
  arms: readonly Arm[];
}

/** Rotates `items` left by `by` places. */
export function rotate<T>(items: readonly T[], by: number): T[] {
  const n = items.length;
  if (n === 0) return [];
  const k = ((by % n) + n) % n;
  return [...items.slice(k), ...items.slice(0, k)];
}

/** What each load opens: a journey from its first step, or one page. */
function targetsOf(input: PlanInput): { page: string; journey?: Journey }[] {
  if (input.journeys?.length) return input.journeys.map((journey) => ({ page: journey.steps[0]!, journey }));
  return input.pages.map((page) => ({ page }));
}

export function planLoads(input: PlanInput): PlannedLoad[] {
  const loads: PlannedLoad[] = [];
  for (const profile of input.profiles) {
    for (let repetition = 1; repetition <= input.repeat; repetition++) {
      for (const cache of input.cache) {
        for (const target of targetsOf(input)) {
          rotate(input.arms, repetition - 1).forEach((arm, i) => {
            loads.push({ profile, repetition, cache, ...target, ...arm, order: i + 1 });
          });
        }
      }
    }
  }
  return loads;
}
