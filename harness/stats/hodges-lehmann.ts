// Hodges–Lehmann estimate of the location shift between two samples, with Moses' distribution-free
// confidence interval (Hodges & Lehmann 1963; Moses 1965; Hollander & Wolfe 1999, §4.2–4.3).
// Like Tachometer, we report a confidence interval on the *difference*, not two separate intervals.
//
// shift = median over all pairs of (current_j - base_i): positive means CURRENT is larger (slower).
// The interval is [D_(C), D_(mn+1-C)] of the sorted pairwise differences D, where C is the
// lower α/2 critical value of the Mann–Whitney U distribution:
// - exact: C = smallest c with P(U <= c) >= α/2 (R's qwilcox; R's wilcox.test does the same,
//   and uses C = 1 when even the widest interval falls short of the level);
// - otherwise: C = round(mn/2 - z_{1-α/2} · sd(U)), with the tie-corrected sd (SAS NPAR1WAY "Moses").
import { median, sortAscending } from './describe.ts';
import { exactUCdf, shouldUseExact, tieGroupSizes, uVariance } from './mann-whitney.ts';
import { normalQuantile } from './normal.ts';

export interface ShiftEstimate {
  /** Hodges–Lehmann estimate of current − base. */
  shift: number;
  /** Lower and upper confidence limits of the shift. */
  low: number;
  high: number;
  method: 'exact' | 'normal';
}

/** All m·n differences current_j − base_i, sorted ascending. */
export function pairwiseDifferences(base: readonly number[], current: readonly number[]): number[] {
  const diffs: number[] = [];
  for (const c of current) for (const b of base) diffs.push(c - b);
  return sortAscending(diffs);
}

/** Index C (1-based) of the lower Moses confidence limit among the m·n sorted differences. */
export function mosesRank(m: number, n: number, confidence: number, exact: boolean, tieSizes: readonly number[] = []): number {
  const alpha = 1 - confidence;
  let c: number;
  if (exact) {
    const cdf = exactUCdf(m, n);
    c = cdf.findIndex((p) => p >= alpha / 2);
  } else {
    c = Math.round((m * n) / 2 - normalQuantile(1 - alpha / 2) * Math.sqrt(uVariance(m, n, tieSizes)));
  }
  return Math.min(Math.max(c, 1), Math.ceil((m * n) / 2));
}

/** Hodges–Lehmann shift (current − base) with its Moses confidence interval (default 95 %). */
export function hodgesLehmannShift(base: readonly number[], current: readonly number[], confidence = 0.95): ShiftEstimate {
  if (base.length === 0 || current.length === 0) throw new RangeError('hodgesLehmannShift needs two non-empty samples');
  const diffs = pairwiseDifferences(base, current);
  const exact = shouldUseExact(base, current);
  const c = mosesRank(base.length, current.length, confidence, exact, tieGroupSizes([...base, ...current]));
  return {
    shift: median(diffs),
    low: diffs[c - 1],
    high: diffs[diffs.length - c],
    method: exact ? 'exact' : 'normal',
  };
}
