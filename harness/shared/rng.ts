// A small seeded pseudo-random number generator, so that bootstrap intervals and simulations
// are reproducible run to run (the same input always gives the same summary.csv).
// mulberry32 (Tommy Ettinger, public domain): a 32-bit state, period 2^32 — plenty for
// a few thousand bootstrap resamples, and it is what simple-statistics' `randomSource` expects.

/** Returns a function yielding uniform numbers in [0, 1), fully determined by `seed`. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
