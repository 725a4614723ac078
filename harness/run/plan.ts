// The order of loads. Within each repetition the variants are interleaved and their order
// rotates between repetitions, so slow machine drift spreads evenly over the variants
// (the approach Tachometer takes). Profiles are the outer loop because bringing up a
// shaped link and its servers is the expensive step.

import type { VariantName } from '../shared/variants.ts';
import type { NetworkProfile } from '../config/profile.ts';
import type { CacheState } from '../config/benchmark.ts';

export interface PlannedLoad {
  profile: NetworkProfile;
  repetition: number; // 1-based
  cache: CacheState;
  page: string;
  variant: VariantName;
  /** 1-based position of this variant within its repetition/cache/page group. */
  order: number;
}

export interface PlanInput {
  profiles: NetworkProfile[];
  repeat: number;
  cache: readonly CacheState[];
  pages: readonly string[];
  variants: readonly VariantName[];
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
          rotate(input.variants, repetition - 1).forEach((variant, i) => {
            loads.push({ profile, repetition, cache, page, variant, order: i + 1 });
          });
        }
      }
    }
  }
  return loads;
}
