// Descriptive statistics of one sample of load times. Thin wrappers over simple-statistics so
// that every caller uses the same definitions:
// - quantiles are Hyndman & Fan (1996) type 7 — linear interpolation between order statistics at
//   h = (n - 1) p, the default of R's quantile() and numpy.percentile; the median is type 7 at p = 0.5;
// - the coefficient of variation uses the sample standard deviation (n - 1 denominator) over the mean.
import {
  coefficientOfVariation as ssCoefficientOfVariation,
  median as ssMedian,
  quantileSorted,
  sampleWithReplacement,
} from 'simple-statistics';
import { seededRandom } from '../shared/rng.ts';

function requireValues(values: readonly number[], what: string): void {
  if (values.length === 0) throw new RangeError(`${what} needs at least one value`);
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`${what}: non-finite value ${v}`);
}

export function sortAscending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

export function median(values: readonly number[]): number {
  requireValues(values, 'median');
  return ssMedian([...values]);
}

/** Type-7 quantile (see the header), p in [0, 1]. */
export function quantile(values: readonly number[], p: number): number {
  requireValues(values, 'quantile');
  return quantileSorted(sortAscending(values), p);
}

export function min(values: readonly number[]): number {
  requireValues(values, 'min');
  return Math.min(...values);
}

export function max(values: readonly number[]): number {
  requireValues(values, 'max');
  return Math.max(...values);
}

/** Sample SD / mean; 0 for a single value (no spread observed); NaN when the mean is 0. */
export function coefficientOfVariation(values: readonly number[]): number {
  requireValues(values, 'coefficientOfVariation');
  if (values.length < 2) return 0;
  return ssCoefficientOfVariation([...values]);
}

export interface Interval {
  low: number;
  high: number;
}

export interface BootstrapOptions {
  /** Confidence level, default 0.95. */
  confidence?: number;
  /** Number of resamples, default 2000 (Efron & Tibshirani 1993 suggest >= 1000 for percentile CIs). */
  resamples?: number;
  /** RNG seed; the same seed and values always give the same interval. Default 1. */
  seed?: number;
}

/**
 * Median with a percentile-bootstrap confidence interval (Efron & Tibshirani 1993, ch. 13):
 * resample the values with replacement, take each resample's median, and report the
 * (1-c)/2 and (1+c)/2 type-7 quantiles of those medians. Deterministic through a seeded RNG.
 * For n = 1 the interval collapses onto the value.
 */
export function medianWithBootstrapCi(values: readonly number[], options: BootstrapOptions = {}): { median: number } & Interval {
  requireValues(values, 'medianWithBootstrapCi');
  const confidence = options.confidence ?? 0.95;
  const resamples = options.resamples ?? 2000;
  const random = seededRandom(options.seed ?? 1);
  const data = [...values];
  const medians = new Array<number>(resamples);
  for (let i = 0; i < resamples; i++) medians[i] = ssMedian(sampleWithReplacement(data, data.length, random));
  medians.sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  return { median: ssMedian(data), low: quantileSorted(medians, tail), high: quantileSorted(medians, 1 - tail) };
}
