// Think times: one for every variant, a sweep of several, and a variant's own (not swept).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSweep, parseThinkSpec, recordedThinkValues, refuseSweep, thinkMsFor, thinkValuesFor, thinksAtAll } from '../../harness/config/think-time.ts';
import { UsageError } from '../../harness/shared/usage-error.ts';

const FIELD = 'thinkMs (config "thinkMs" or PUSHBENCH_THINK_MS)';
const usage = (pattern: RegExp) => (err: unknown) => err instanceof UsageError && pattern.test(err.message) && !err.message.includes('\n');

test('one bare number is one think time for every variant, as before sweeps; none is 0', () => {
  for (const spec of ['100', 100, ' 100 ']) {
    const t = parseThinkSpec(spec, FIELD);
    assert.deepEqual(t, { values: [100], byVariant: {} });
    assert.equal(isSweep(t), false);
    assert.equal(thinkMsFor(t, 'h2'), 100);
  }
  assert.deepEqual(parseThinkSpec(0, FIELD), { values: [0], byVariant: {} });
  assert.deepEqual(parseThinkSpec('h2-push:200', FIELD), { values: [0], byVariant: { 'h2-push': 200 } });
  assert.equal(thinksAtAll(parseThinkSpec('0', FIELD)), false);
  assert.equal(thinksAtAll(parseThinkSpec('0,h1:5', FIELD)), true);
});

test('several bare numbers are a sweep, in the order given, duplicates dropped', () => {
  const t = parseThinkSpec('0,50,150,300,600', FIELD);
  assert.deepEqual(t.values, [0, 50, 150, 300, 600]);
  assert.equal(isSweep(t), true);
  assert.deepEqual(parseThinkSpec('300, 0,300,50,0', FIELD).values, [300, 0, 50]);
  assert.equal(isSweep(parseThinkSpec('50,50', FIELD)), false, 'a repeated number is one think time');
  assert.deepEqual(thinkValuesFor(t, 'early-hints'), [0, 50, 150, 300, 600]);
  assert.throws(() => thinkMsFor(t, 'h2'), /swept over 0, 50, 150, 300, 600 ms/);
});

test('a variant with its own think time is not swept', () => {
  const t = parseThinkSpec('0,150,h2-push:200', FIELD);
  assert.deepEqual(t, { values: [0, 150], byVariant: { 'h2-push': 200 } });
  assert.deepEqual(thinkValuesFor(t, 'h2-push'), [200]);
  assert.equal(thinkMsFor(t, 'h2-push'), 200);
  assert.deepEqual(thinkValuesFor(t, 'h2'), [0, 150]);
  // As before: "50,h2-push:200" is 50 for all but h2-push.
  const old = parseThinkSpec('50,h2-push:200', FIELD);
  assert.equal(thinkMsFor(old, 'h2'), 50);
  assert.equal(thinkMsFor(old, 'h2-push'), 200);
});

test('bad specs are UsageErrors naming the field and the fix', () => {
  assert.throws(() => parseThinkSpec('soon', FIELD), usage(/^thinkMs \(config "thinkMs" or PUSHBENCH_THINK_MS\): "soon" must be a whole number of milliseconds/));
  assert.throws(() => parseThinkSpec('0,-5', FIELD), usage(/"-5" must be a whole number/));
  assert.throws(() => parseThinkSpec('0,60001', FIELD), usage(/60001 ms is over the 60000 ms limit/));
  assert.throws(() => parseThinkSpec('0,h4:20', FIELD), usage(/unknown variant "h4" in "0,h4:20"; valid variants are h1, h2/));
  assert.throws(() => parseThinkSpec('h2:100,h2:200', FIELD), usage(/h2 is given two think times \(100 and 200\)/));
  assert.deepEqual(parseThinkSpec('h2:100,h2:100', FIELD).byVariant, { h2: 100 }, 'the same own think time twice is one');
});

test('a caller that serves one think time refuses a sweep, and only a sweep', () => {
  assert.throws(() => refuseSweep(parseThinkSpec('0,50', '--think-ms'), '--think-ms', 'serve serves one'), usage(/^--think-ms: "0,50" is a sweep of 2 think times, and serve serves one; give one number, e\.g\. --think-ms 0/));
  assert.doesNotThrow(() => refuseSweep(parseThinkSpec('50,h2-push:200', '--think-ms'), '--think-ms', 'x'));
});

test('run.json think times of every version are read back', () => {
  assert.deepEqual(recordedThinkValues(40, 'h2'), [40]);
  assert.deepEqual(recordedThinkValues({ default: 50, byVariant: { 'h2-push': 200 } }, 'h2'), [50], 'before sweeps: { default, byVariant }');
  assert.deepEqual(recordedThinkValues({ default: 50, byVariant: { 'h2-push': 200 } }, 'h2-push'), [200]);
  assert.deepEqual(recordedThinkValues({ values: [0, 150], byVariant: {} }, 'early-hints'), [0, 150]);
  assert.deepEqual(recordedThinkValues(undefined, 'h2'), [0]);
  assert.deepEqual(recordedThinkValues({ values: 'x' }, 'h2'), [0]);
});
