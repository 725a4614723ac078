// The standard normal distribution, for the large-sample approximations of the rank tests.
// The CDF uses simple-statistics' errorFunction (Numerical Recipes' erfc, relative error < 1.2e-7).
// The quantile is found by bisection on that CDF: simple-statistics' `probit` is a closed-form
// approximation that is off by ~0.003 at 0.975, enough to move a Moses interval by one order statistic.
import { errorFunction } from 'simple-statistics';

/** P(Z <= z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

/** The z with normalCdf(z) = p, for 0 < p < 1 (accurate to ~1e-10). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
