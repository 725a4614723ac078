// Resume finds finished loads by id, and an arm's label is part of it: turning a think-time sweep on
// or off would rename every arm and measure its loads twice, so resume refuses it, naming the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSameArmLabels } from '../../harness/bench/run-context.ts';
import type { Arm } from '../../harness/config/arms.ts';

const arm = (variant: Arm['variant'], thinkMs: number, swept = false): Arm => ({ server: 'pushbench', variant, thinkMs, ...(swept ? { swept } : {}) });

test('the same arms, or fewer of them, resume', () => {
  assertSameArmLabels([arm('h2', 150), arm('early-hints', 150)], [arm('h2', 150)]);
  assertSameArmLabels([arm('h2', 0, true), arm('h2', 150, true)], [arm('h2', 150, true)]);
  assertSameArmLabels([], [arm('h2', 0)]); // run.json of an older version: nothing to compare
});

test('a sweep turned on (or off) is refused: h2 would become h2+t150', () => {
  assert.throws(() => assertSameArmLabels([arm('h2', 150)], [arm('h2', 0, true), arm('h2', 150, true)]),
    (err: Error) => err.name === 'UsageError' && /measured h2, which this config names h2\+t150/.test(err.message) && /PUSHBENCH_THINK_MS/.test(err.message));
  assert.throws(() => assertSameArmLabels([arm('h2', 150, true)], [arm('h2', 150)]), /names h2 /);
});
