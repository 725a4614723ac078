// The regression decision for one cell and one metric: the single function both
// `pushbench compare` and its false-alarm/power tests use.
//
// A difference counts only when it is both statistically significant and large enough to matter:
// - significant: two-sided Mann–Whitney U p-value < alpha;
// - large enough: the Hodges–Lehmann shift (current − base) exceeds BOTH minimum effects,
//   an absolute one (in the metric's unit, e.g. ms) and a relative one (% of the base median).
// All summarised metrics are "lower is better", so a positive shift is a regression.
import { median } from './describe.ts';
import { hodgesLehmannShift } from './hodges-lehmann.ts';
import { mannWhitneyU } from './mann-whitney.ts';

export type Verdict = 'regression' | 'improvement' | 'no change' | 'too few values';

export interface DecisionOptions {
  /** Significance level of the two-sided test, e.g. 0.05. */
  alpha: number;
  /** Minimum absolute shift, in the metric's unit (0 to disable). */
  minEffectAbs: number;
  /** Minimum shift as a percentage of the base median (0 to disable). */
  minEffectPct: number;
  /** Confidence level of the shift interval; default 1 − alpha. */
  confidence?: number;
}

/** The defaults of `pushbench compare` and of the dashboard's trend: alpha 0.05, 20 ms and 5 %. */
export const DEFAULT_DECISION: DecisionOptions = { alpha: 0.05, minEffectAbs: 20, minEffectPct: 5 };

export interface Comparison {
  nBase: number;
  nCurrent: number;
  baseMedian: number;
  currentMedian: number;
  /** Hodges–Lehmann shift current − base, with its confidence interval. */
  shift: number;
  shiftLow: number;
  shiftHigh: number;
  /** shift as a percentage of the base median. */
  shiftPct: number;
  p: number;
  verdict: Verdict;
}

/** Compare two samples of one metric (base = before, current = after). */
export function compareSamples(base: readonly number[], current: readonly number[], options: DecisionOptions): Comparison {
  if (base.length === 0 || current.length === 0) {
    const nan = Number.NaN;
    return {
      nBase: base.length, nCurrent: current.length,
      baseMedian: base.length ? median(base) : nan, currentMedian: current.length ? median(current) : nan,
      shift: nan, shiftLow: nan, shiftHigh: nan, shiftPct: nan, p: nan, verdict: 'too few values',
    };
  }
  const baseMedian = median(base);
  const { p } = mannWhitneyU(current, base);
  const hl = hodgesLehmannShift(base, current, options.confidence ?? 1 - options.alpha);
  const shiftPct = baseMedian === 0 ? (hl.shift === 0 ? 0 : Math.sign(hl.shift) * Infinity) : (100 * hl.shift) / Math.abs(baseMedian);
  const bigEnough = Math.abs(hl.shift) > options.minEffectAbs && Math.abs(shiftPct) > options.minEffectPct;
  let verdict: Verdict = 'no change';
  if (p < options.alpha && bigEnough) verdict = hl.shift > 0 ? 'regression' : 'improvement';
  return {
    nBase: base.length,
    nCurrent: current.length,
    baseMedian,
    currentMedian: median(current),
    shift: hl.shift,
    shiftLow: hl.low,
    shiftHigh: hl.high,
    shiftPct,
    p,
    verdict,
  };
}
