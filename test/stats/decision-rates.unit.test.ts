// False-alarm and detection rates of the regression decision that `pushbench compare` uses
// (compareSamples), on seeded simulated load times.
// Load times are modelled as log-normal (right-skewed, like real LCP): median 1000 ms and a
// log-SD of 0.05 (≈ 5 % CV, typical of a shaped local network). Gate settings: the CLI defaults
// (alpha 0.05, min effect 20 ms and 5 %).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSamples, seededRandom, type DecisionOptions } from '../../harness/stats/index.ts';

const GATE: DecisionOptions = { alpha: 0.05, minEffectAbs: 20, minEffectPct: 5 };
const TRIALS = 200;

function logNormalSampler(seed: number, logSd: number) {
  const random = seededRandom(seed);
  // Box–Muller transform: two uniforms -> one standard normal
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return (n: number, median: number) => Array.from({ length: n }, () => median * Math.exp(logSd * normal()));
}

function flaggedRate(n: number, trueRatio: number, seed: number, logSd = 0.05, gate = GATE): { regression: number; any: number } {
  const draw = logNormalSampler(seed, logSd);
  let regressions = 0;
  let flagged = 0;
  for (let t = 0; t < TRIALS; t++) {
    const verdict = compareSamples(draw(n, 1000), draw(n, 1000 * trueRatio), gate).verdict;
    if (verdict === 'regression') regressions++;
    if (verdict !== 'no change') flagged++;
  }
  return { regression: regressions / TRIALS, any: flagged / TRIALS };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

test('false alarms: same distribution, n = 5 and n = 10 -> flagged in at most 5% of comparisons', () => {
  for (const n of [5, 10]) {
    const rate = flaggedRate(n, 1, 1000 + n);
    console.log(`false-alarm rate (n = ${n}, ${TRIALS} comparisons, 5% CV): regression ${pct(rate.regression)}, any verdict ${pct(rate.any)}`);
    assert.ok(rate.regression <= 0.05, `regression false alarms ${pct(rate.regression)}`);
    assert.ok(rate.any <= 0.05, `two-sided false alarms ${pct(rate.any)}`);
  }
  // Without minimum effects the gate is the bare test: its size stays at or under alpha too.
  const bare = flaggedRate(10, 1, 77, 0.05, { alpha: 0.05, minEffectAbs: 0, minEffectPct: 0 });
  console.log(`false-alarm rate without minimum effects (n = 10): ${pct(bare.any)}`);
  assert.ok(bare.any <= 0.08, `bare test size ${pct(bare.any)} (alpha 5% + sampling noise)`);
});

test('detection: a true 10% slowdown at n = 10 is flagged as a regression in at least 80%', () => {
  const rate = flaggedRate(10, 1.1, 2024);
  console.log(`detection rate (true +10%, n = 10, ${TRIALS} comparisons, 5% CV): ${pct(rate.regression)}`);
  assert.ok(rate.regression >= 0.8, `detected ${pct(rate.regression)}`);
  // For information: the price of noisier loads (10% CV) — not asserted, the gate cannot promise it.
  console.log(`detection rate at 10% CV (information only): ${pct(flaggedRate(10, 1.1, 2025, 0.1).regression)}`);
  // A speed-up is never called a regression.
  assert.equal(flaggedRate(10, 0.9, 2026).regression, 0);
});

test('a slowdown smaller than the minimum effect is not a regression even when significant', () => {
  const draw = logNormalSampler(5, 0.005); // almost no noise: a 3% shift is highly significant
  const c = compareSamples(draw(10, 1000), draw(10, 1030), GATE);
  assert.ok(c.p < 0.001);
  assert.ok(c.shift > 20 && c.shiftPct < 5);
  assert.equal(c.verdict, 'no change');
  const loose = compareSamples(draw(10, 1000), draw(10, 1030), { ...GATE, minEffectPct: 1 });
  assert.equal(loose.verdict, 'regression');
});
