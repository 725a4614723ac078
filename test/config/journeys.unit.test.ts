// Journeys in the config and the shell: parsed, checked, planned as one load per journey, and the
// prefetch variant's "next page" map derived from them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEnvOverrides, resolveBenchmark } from '../../harness/config/benchmark.ts';
import { nextPagesOf, DEFAULT_DWELL_MS } from '../../harness/config/journeys.ts';
import { UsageError } from '../../harness/shared/usage-error.ts';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';
import { planLoads } from '../../harness/run/plan.ts';
import { idOf, stepIdsOf, loadTitle } from '../../harness/bench/measure-load.ts';
import defaults from '../../pushbench.config.ts';

const resolveWith = (env: Record<string, string>, input = defaults) => resolveBenchmark(applyEnvOverrides(input, env), PROJECT_ROOT);

test('PUSHBENCH_JOURNEY makes each load a journey of its steps; pages become the steps', () => {
  const b = resolveWith({ PUSHBENCH_JOURNEY: '/,/posts/early-hints.html', PUSHBENCH_PROFILES: 'none', PUSHBENCH_CACHE: 'cold', PUSHBENCH_REPEAT: '2', PUSHBENCH_VARIANTS: 'h2,preload' });
  assert.deepEqual(b.journeys, [{ name: 'journey', steps: ['/', '/posts/early-hints.html'], dwellMs: DEFAULT_DWELL_MS }]);
  assert.deepEqual(b.pages, ['/', '/posts/early-hints.html']);
  const loads = planLoads(b);
  assert.equal(loads.length, 2 * 2, 'one load per journey, arm and repetition: not one per page');
  for (const load of loads) {
    assert.equal(load.page, '/');
    assert.deepEqual(load.journey?.steps, ['/', '/posts/early-hints.html']);
  }
  const id = idOf('chromium', loads[0]!);
  assert.match(id, /__journey$/);
  assert.deepEqual(stepIdsOf(id, loads[0]!), [`${id}__s1`, `${id}__s2`]);
  assert.match(loadTitle(loads[0]!), /journey \(\/ → \/posts\/early-hints\.html\)/);
});

test('PUSHBENCH_DWELL_MS sets the dwell time, and needs a journey', () => {
  const b = resolveWith({ PUSHBENCH_JOURNEY: '/,/a.html', PUSHBENCH_DWELL_MS: '500' });
  assert.equal(b.journeys[0]!.dwellMs, 500);
  assert.throws(() => resolveWith({ PUSHBENCH_DWELL_MS: '500' }), (e: unknown) => e instanceof UsageError && /PUSHBENCH_DWELL_MS: only with a journey/.test(e.message));
  assert.throws(() => resolveWith({ PUSHBENCH_JOURNEY: '/,/a.html', PUSHBENCH_DWELL_MS: 'soon' }), /PUSHBENCH_DWELL_MS="soon" must be a whole number/);
});

test('a journey of one step, a step that is not a path, two journeys of one name: errors that name the fix', () => {
  assert.throws(() => resolveWith({ PUSHBENCH_JOURNEY: '/' }), (e: unknown) => e instanceof UsageError && /two or more URL paths/.test(e.message));
  assert.throws(() => resolveWith({ PUSHBENCH_JOURNEY: '/,posts/a.html' }), /PUSHBENCH_JOURNEY="\/,posts\/a.html": give two or more URL paths/);
  const twice = { ...defaults, journeys: [{ name: 'a', steps: ['/', '/x'] }, { name: 'a', steps: ['/', '/y'] }] };
  assert.throws(() => resolveWith({}, twice), /two journeys are named "a"/);
  assert.throws(() => resolveWith({}, { ...defaults, journeys: [{ name: 'Home Article', steps: ['/', '/x'] }] }), /journeys.*lower-case/);
});

test('without a journey nothing changes: one load per page, no journey on the load', () => {
  const loads = planLoads(resolveWith({ PUSHBENCH_PROFILES: 'none', PUSHBENCH_CACHE: 'cold', PUSHBENCH_REPEAT: '1', PUSHBENCH_VARIANTS: 'h2' }));
  assert.equal(loads.length, 1);
  assert.equal(loads[0]!.journey, undefined);
  assert.deepEqual(stepIdsOf(idOf('chromium', loads[0]!), loads[0]!), [idOf('chromium', loads[0]!)]);
});

test('the next pages of each page, from every journey, each once', () => {
  assert.deepEqual(nextPagesOf([
    { name: 'a', steps: ['/', '/posts/a.html', '/posts/b.html'], dwellMs: 0 },
    { name: 'b', steps: ['/', '/posts/a.html', '/'], dwellMs: 0 },
  ]), { '/': ['/posts/a.html'], '/posts/a.html': ['/posts/b.html', '/'] });
});

test('a step that repeats the one before is refused (a click goes somewhere else)', () => {
  assert.throws(() => resolveWith({ PUSHBENCH_JOURNEY: '/,/,/a.html' }), /each unlike the one before/);
  assert.throws(() => resolveWith({}, { ...defaults, journeys: [{ name: 'a', steps: ['/x', '/x'] }] }), /may not repeat the page before it/);
});
