// `pushbench compare` with a think-time sweep: each think time is compared with its own, never
// merged into one cell; runs of one think time still match across a changed think time (reported).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RUN_COLUMNS, type RunRow } from '../../harness/shared/row-schema.ts';
import { compareRuns, matchColumnsFor, renderTable, sweepsThinkTime } from '../../harness/cli/compare.ts';
import { UsageError } from '../../harness/shared/usage-error.ts';

function rows(runId: string, think: number, lcp: number): RunRow[] {
  return [0, 4, 2, 6, 1, 5].map((d, i) => ({
    ...(Object.fromEntries(RUN_COLUMNS.map((c) => [c, ''])) as RunRow),
    run_id: runId, browser: 'chromium', browser_version: '156', server: 'pushbench', variant: 'early-hints', think_ms: String(think),
    profile: 'slow-4g', cache: 'cold', page: '/', repetition: String(i + 1), lcp_ms: String(lcp + d), error: '',
  }));
}
const OPTIONS = { metrics: ['lcp_ms' as const], minEffectMs: 20, minEffectPct: 5, alpha: 0.05 };

test('a run that loads one cell at several think times is a sweep; a history of single think times is not', () => {
  assert.equal(sweepsThinkTime([...rows('a', 0, 1000), ...rows('a', 300, 1300)]), true);
  assert.equal(sweepsThinkTime([...rows('a', 0, 1000), ...rows('b', 300, 1300)]), false, 'two runs of one think time each');
  assert.deepEqual(matchColumnsFor(rows('a', 0, 1), rows('b', 50, 1)).includes('think_ms'), false);
});

test('sweep against sweep: each think time against its own', () => {
  const base = [...rows('base', 0, 1000), ...rows('base', 300, 1300)];
  const current = [...rows('cur', 0, 1000), ...rows('cur', 300, 1500)];
  const out = compareRuns(base, current, OPTIONS);
  assert.deepEqual(out.map((r) => [r.current_think_ms, r.base_think_ms, r.verdict]), [['0', '0', 'no change'], ['300', '300', 'regression']]);
  assert.match(renderTable(out, 0.05), /cell \(variant \/ profile \/ cache \/ think_ms\)/);
  assert.match(renderTable(out, 0.05), /early-hints \/ slow-4g \/ cold \/ 300 /);
});

test('one think time against a sweep: only the shared think time is compared; none shared is an error that says why', () => {
  const sweep = [...rows('cur', 0, 1000), ...rows('cur', 300, 1300)];
  assert.deepEqual(compareRuns(rows('base', 300, 1300), sweep, OPTIONS).map((r) => r.current_think_ms), ['300']);
  assert.throws(() => compareRuns(rows('base', 100, 1300), sweep, OPTIONS), (err: unknown) => err instanceof UsageError && /think-time sweep compares each think time with its own/.test(err.message));
  const changed = compareRuns(rows('base', 100, 1000), rows('cur', 200, 1000), OPTIONS);
  assert.deepEqual(changed.map((r) => [r.base_think_ms, r.current_think_ms]), [['100', '200']], 'no sweep: a changed think time still matches, reported');
});
