// The order of loads. Within each repetition the arms (server × variant × think time) are
// interleaved and their order rotates between repetitions, so slow machine drift spreads evenly
// over them (the approach Tachometer takes). Profiles are the outer loop because bringing up a
// shaped link and its servers is the expensive step.

import type { Arm } from '../config/arms.ts';
import type { NetworkProfile } from '../config/profile.ts';
import type { CacheState } from '../config/benchmark.ts';

/** A load of one arm: its server family (pushbench or caddy), variant and think time (`swept`: the label names it). */
export interface PlannedLoad extends Arm {
  profile: NetworkProfile;
  repetition: number; // 1-based
  cache: CacheState;
  page: string;
  /** 1-based position of this arm (server × variant × think time) within its repetition/cache/page group. */
  order: number;
}

export interface PlanInput {
  profiles: NetworkProfile[];
  repeat: number;
  cache: readonly CacheState[];
  pages: readonly string[];
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

export function planLoads(input: PlanInput): PlannedLoad[] {
  const loads: PlannedLoad[] = [];
  for (const profile of input.profiles) {
    for (let repetition = 1; repetition <= input.repeat; repetition++) {
      for (const cache of input.cache) {
        for (const page of input.pages) {
          rotate(input.arms, repetition - 1).forEach((arm, i) => {
            loads.push({ profile, repetition, cache, page, ...arm, order: i + 1 });
          });
        }
      }
    }
  }
  return loads;
}
