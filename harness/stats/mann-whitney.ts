// Mann–Whitney U test (Wilcoxon rank-sum), two-sided — the test sitespeed.io's `compare` uses.
// Conventions follow R's wilcox.test so results can be checked against it:
// - the statistic is U_a = #{(i, j): a_i > b_j} + ½ #{a_i = b_j} (R's "W" for x = a);
// - exact p-value when there are no ties and both samples have fewer than 50 values;
// - otherwise the normal approximation with the tie-corrected variance and a continuity
//   correction of ½ toward the mean (Hollander & Wolfe 1999, §4.1; Lehmann 1975, §1.4).
import { wilcoxonRankSum } from 'simple-statistics';
import { normalCdf } from './normal.ts';

export interface MannWhitneyResult {
  /** U of the first sample. */
  u: number;
  /** Two-sided p-value. */
  p: number;
  method: 'exact' | 'normal';
}

/** Samples smaller than this (each) with no ties get the exact null distribution (as R). */
export const EXACT_LIMIT = 50;

/** Sizes of the groups of equal values in the pooled sample (only groups of 2 or more). */
export function tieGroupSizes(values: readonly number[]): number[] {
  const sorted = [...values].sort((x, y) => x - y);
  const sizes: number[] = [];
  let run = 1;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i] === sorted[i - 1]) run++;
    else {
      if (run > 1) sizes.push(run);
      run = 1;
    }
  }
  return sizes;
}

export function shouldUseExact(a: readonly number[], b: readonly number[]): boolean {
  return a.length < EXACT_LIMIT && b.length < EXACT_LIMIT && tieGroupSizes([...a, ...b]).length === 0;
}

const cdfCache = new Map<string, number[]>();

/**
 * The exact null CDF of U for sample sizes m and n: cdf[k] = P(U <= k), k = 0..mn.
 * The number of arrangements with U = k is the coefficient of q^k in the Gaussian binomial
 * coefficient [m+n choose m]_q = prod_{i=1..m} (1 - q^{n+i}) / (1 - q^i) (Andrews 1976, ch. 3);
 * computed with BigInt so the counts (up to C(98, 49) ≈ 2.5e28) stay exact.
 */
export function exactUCdf(m: number, n: number): number[] {
  const key = `${Math.min(m, n)}x${Math.max(m, n)}`;
  const cached = cdfCache.get(key);
  if (cached) return cached;
  const size = m * n;
  const counts = new Array<bigint>(size + 1).fill(0n);
  counts[0] = 1n;
  for (let i = 1; i <= m; i++) {
    const up = n + i;
    for (let k = size; k >= up; k--) counts[k] -= counts[k - up]; // multiply by (1 - q^{n+i})
    for (let k = i; k <= size; k++) counts[k] += counts[k - i]; // divide by (1 - q^i)
  }
  let total = 0n;
  for (const c of counts) total += c;
  const cdf: number[] = [];
  let running = 0n;
  for (const c of counts) {
    running += c;
    cdf.push(Number(running) / Number(total)); // each conversion keeps 16 significant digits
  }
  cdf[size] = 1;
  cdfCache.set(key, cdf);
  return cdf;
}

/** Variance of U under H0 with the tie correction (Lehmann 1975, eq. 1.63). */
export function uVariance(m: number, n: number, tieSizes: readonly number[]): number {
  const total = m + n;
  const tieTerm = tieSizes.reduce((s, t) => s + (t * t * t - t), 0);
  return ((m * n) / 12) * (total + 1 - tieTerm / (total * (total - 1)));
}

/** Two-sided Mann–Whitney U test of a against b. Both samples must be non-empty. */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const m = a.length;
  const n = b.length;
  if (m === 0 || n === 0) throw new RangeError('mannWhitneyU needs two non-empty samples');
  const u = wilcoxonRankSum([...a], [...b]) - (m * (m + 1)) / 2;
  const mean = (m * n) / 2;
  if (shouldUseExact(a, b)) {
    const cdf = exactUCdf(m, n);
    // Null distribution is symmetric about mn/2: double the smaller tail (as R does).
    const lower = cdf[u];
    const upper = u === 0 ? 1 : 1 - cdf[u - 1];
    return { u, p: Math.min(1, 2 * Math.min(lower, upper)), method: 'exact' };
  }
  const sd = Math.sqrt(uVariance(m, n, tieGroupSizes([...a, ...b])));
  if (sd === 0) return { u, p: 1, method: 'normal' }; // every value equal: no evidence either way
  const d = u - mean;
  const z = (d - Math.sign(d) * 0.5) / sd;
  return { u, p: Math.min(1, 2 * Math.min(normalCdf(z), 1 - normalCdf(z))), method: 'normal' };
}
