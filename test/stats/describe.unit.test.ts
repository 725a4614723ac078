// Descriptive statistics: median, type-7 quantiles, CV and the seeded bootstrap CI of the median.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  coefficientOfVariation, max, median, medianWithBootstrapCi, min, quantile, seededRandom,
} from '../../harness/stats/index.ts';

test('median of odd and even samples, order-independent', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
});

test('quantiles follow Hyndman & Fan type 7 (R default): h = (n-1)p, linear interpolation', () => {
  // R: quantile(c(1,2,3,4,5,6,7,8,9,10), c(.25,.75)) -> 3.25 7.75 (documented type-7 values).
  const x = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  assert.equal(quantile(x, 0.25), 3.25);
  assert.equal(quantile(x, 0.75), 7.75);
  assert.equal(quantile(x, 0), 1);
  assert.equal(quantile(x, 1), 10);
  assert.equal(quantile(x, 0.5), median(x));
  // R: quantile(c(1, 3, 7, 15), .25) = 1 + 0.75 * (3 - 1) = 2.5
  assert.equal(quantile([15, 1, 7, 3], 0.25), 2.5);
});

test('min, max, and CV (sample SD / mean)', () => {
  const x = [2, 4, 4, 4, 5, 5, 7, 9];
  assert.equal(min(x), 2);
  assert.equal(max(x), 9);
  // mean 5, sample variance 32/7
  assert.ok(Math.abs(coefficientOfVariation(x) - Math.sqrt(32 / 7) / 5) < 1e-12);
  assert.equal(coefficientOfVariation([3]), 0);
  assert.throws(() => median([]), RangeError);
  assert.throws(() => quantile([1, Number.NaN], 0.5), RangeError);
});

test('seeded RNG is deterministic and roughly uniform', () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const xs = Array.from({ length: 5000 }, () => a());
  assert.deepEqual(xs.slice(0, 10), Array.from({ length: 10 }, () => b()));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean}`);
  assert.notDeepEqual(xs.slice(0, 10), Array.from({ length: 10 }, seededRandom(43)));
});

test('bootstrap CI of the median: reproducible with a seed, covers the median, narrows with n', () => {
  const random = seededRandom(7);
  const sample = (n: number) => Array.from({ length: n }, () => 1000 * Math.exp(0.1 * (random() - 0.5)));
  const x = sample(15);
  const first = medianWithBootstrapCi(x, { seed: 3 });
  const again = medianWithBootstrapCi(x, { seed: 3 });
  assert.deepEqual(first, again);
  assert.equal(first.median, median(x));
  assert.ok(first.low <= first.median && first.median <= first.high);
  assert.ok(first.low >= min(x) && first.high <= max(x));
  const other = medianWithBootstrapCi(x, { seed: 4 });
  assert.notDeepEqual(other, first);
  const big = sample(400);
  const wide = medianWithBootstrapCi(big.slice(0, 10));
  const narrow = medianWithBootstrapCi(big);
  assert.ok(narrow.high - narrow.low < wide.high - wide.low);
  const single = medianWithBootstrapCi([12]);
  assert.deepEqual(single, { median: 12, low: 12, high: 12 });
});
