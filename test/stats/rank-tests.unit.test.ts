// Mann–Whitney U and Hodges–Lehmann against published values, and the exact U distribution
// against brute-force enumeration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exactUCdf, hodgesLehmannShift, mannWhitneyU, normalCdf, normalQuantile, pairwiseDifferences, seededRandom } from '../../harness/stats/index.ts';

const close = (actual: number, expected: number, tol: number) =>
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected} ± ${tol}, got ${actual}`);

test('normal CDF and quantile', () => {
  close(normalCdf(1.959964), 0.975, 1e-6);
  close(normalQuantile(0.975), 1.959964, 1e-6);
  close(normalQuantile(0.5), 0, 1e-6); // erf approximation: |error| < 1.2e-7
  close(normalQuantile(normalCdf(-2.5)), -2.5, 1e-6);
});

test('exact U distribution equals brute-force enumeration of all rank assignments', () => {
  for (const [m, n] of [[3, 4], [5, 5], [2, 6]]) {
    const N = m + n;
    const counts = new Array(m * n + 1).fill(0);
    let total = 0;
    // every choice of m ranks out of N for the first sample
    for (let mask = 0; mask < 1 << N; mask++) {
      let bits = 0;
      let rankSum = 0;
      for (let r = 0; r < N; r++) if (mask & (1 << r)) { bits++; rankSum += r + 1; }
      if (bits !== m) continue;
      counts[rankSum - (m * (m + 1)) / 2]++;
      total++;
    }
    const cdf = exactUCdf(m, n);
    let running = 0;
    counts.forEach((c, k) => { running += c; close(cdf[k], running / total, 1e-12); });
  }
});

test('Mann–Whitney exact: R ?wilcox.test permeability example (Hollander & Wolfe 1973, p. 69)', () => {
  // R: wilcox.test(x, y, alternative = "greater") gives W = 35, p-value = 0.1272 (exact);
  // the two-sided p-value is twice that.
  const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
  const y = [1.15, 0.88, 0.9, 0.74, 1.21];
  const r = mannWhitneyU(x, y);
  assert.equal(r.method, 'exact');
  assert.equal(r.u, 35);
  close(r.p, 2 * 0.1272, 1e-4);
  // swapping the samples mirrors U and keeps p
  const s = mannWhitneyU(y, x);
  assert.equal(s.u, x.length * y.length - 35);
  close(s.p, r.p, 1e-12);
});

test('Mann–Whitney with ties: normal approximation with tie and continuity correction (R output)', () => {
  // R: wilcox.test(x, y) -> "W = 51.5, p-value = 0.5966" (with continuity correction, ties)
  const x = [1, 5, 9, 24, 56, 21, 3, 7, 21, 4];
  const r = mannWhitneyU(x, [12, 15, 5, 9, 9, 14, 56, 22, 3, 7, 32, 5]);
  assert.equal(r.method, 'normal');
  assert.equal(r.u, 51.5);
  close(r.p, 0.5966, 1e-4);
  // R: y <- c(1233, 4356, 987, 39999, 1111, 200000) -> "W = 0, p-value = 0.001364"
  const far = mannWhitneyU(x, [1233, 4356, 987, 39999, 1111, 200000]);
  assert.equal(far.u, 0);
  close(far.p, 0.001364, 1e-6);
});

test('Mann–Whitney edge cases', () => {
  // completely separated samples of 5: exact p = 2 / C(10, 5)
  close(mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]).p, 2 / 252, 1e-12);
  assert.equal(mannWhitneyU([3, 3, 3], [3, 3]).p, 1);
  assert.throws(() => mannWhitneyU([], [1]), RangeError);
});

test('Hodges–Lehmann: Hollander–Wolfe chicken example matches SAS NPAR1WAY (asymptotic Moses CI)', () => {
  // SAS/CAMIS: Location Shift (A - B) 0.5600; Asymptotic (Moses) 95% limits -0.3700, 1.1830.
  const A = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
  const B = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
  const hl = hodgesLehmannShift(B, A);
  assert.equal(hl.method, 'normal'); // B has ties
  close(hl.shift, 0.56, 1e-9);
  close(hl.low, -0.37, 1e-9);
  close(hl.high, 1.183, 1e-9);
});

test('Hodges–Lehmann: permeability example estimate is the median of pairwise differences', () => {
  // R: wilcox.test(x, y, conf.int = TRUE)$estimate -> difference in location 0.305
  const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
  const y = [1.15, 0.88, 0.9, 0.74, 1.21];
  const hl = hodgesLehmannShift(y, x);
  assert.equal(hl.method, 'exact');
  close(hl.shift, 0.305, 1e-9);
  assert.ok(hl.low <= hl.shift && hl.shift <= hl.high);
  // The exact interval's end points are pairwise differences, symmetric in rank.
  const d = pairwiseDifferences(y, x);
  const lowRank = d.indexOf(hl.low);
  assert.equal(d[d.length - 1 - lowRank], hl.high);
  // The interval contains 0 exactly when the test does not reject at 5 %.
  assert.equal(hl.low <= 0 && 0 <= hl.high, mannWhitneyU(x, y).p >= 0.05);
});

test('Hodges–Lehmann recovers a pure shift and its CI covers it; equivariant under shifting', () => {
  const base = [101, 97, 110, 95, 104, 99, 120, 93];
  const current = base.map((v) => v + 30);
  const hl = hodgesLehmannShift(base, current);
  assert.equal(hl.shift, 30);
  assert.ok(hl.low < 30 && 30 < hl.high);
  const moved = hodgesLehmannShift(base.map((v) => v + 1000), current.map((v) => v + 1000));
  close(moved.shift, hl.shift, 1e-9);
  close(moved.low, hl.low, 1e-9);
  close(moved.high, hl.high, 1e-9);
});

test('Moses exact CI has at least its nominal coverage (simulation, seeded)', () => {
  const random = seededRandom(11);
  let covered = 0;
  const trials = 1000;
  for (let t = 0; t < trials; t++) {
    const a = Array.from({ length: 8 }, () => random());
    const b = Array.from({ length: 8 }, () => random() + 0.2);
    const hl = hodgesLehmannShift(a, b);
    if (hl.low <= 0.2 && 0.2 <= hl.high) covered++;
  }
  console.log(`Moses 95% CI coverage over ${trials} seeded trials (n = 8): ${(covered / trials * 100).toFixed(1)}%`);
  // exact coverage is 1 - 2·P(U <= 13) = 95.0 % for m = n = 8; allow 2.5 binomial SEs of noise
  assert.ok(covered / trials >= 0.932, `coverage ${covered / trials}`);
});
