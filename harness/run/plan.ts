// The order of loads. Within each repetition the variants are interleaved and their order
// rotates between repetitions, so slow machine drift spreads evenly over the variants
// (the approach Tachometer takes). Profiles are the outer loop because bringing up a
// shaped link and its servers is the expensive step.

import type { ServerFamily, VariantName } from '../shared/variants.ts';
import type { Arm } from '../config/arms.ts';
import type { NetworkProfile } from '../config/profile.ts';
import type { CacheState } from '../config/benchmark.ts';

export interface PlannedLoad {
  profile: NetworkProfile;
  repetition: number; // 1-based
  cache: CacheState;
  page: string;
  /** The server family that serves the variant (pushbench or caddy). */
  server: ServerFamily;
  variant: VariantName;
  /** 1-based position of this arm (server × variant) within its repetition/cache/page group. */
  order: number;
}

export interface PlanInput {
  profiles: NetworkProfile[];
  repeat: number;
  cache: readonly CacheState[];
  pages: readonly string[];
  /** The (server, variant) pairs; they rotate together, so servers interleave like variants do. */
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
          rotate(input.arms, repetition - 1).forEach(({ server, variant }, i) => {
            loads.push({ profile, repetition, cache, page, server, variant, order: i + 1 });
          });
        }
      }
    }
  }
  return loads;
}
