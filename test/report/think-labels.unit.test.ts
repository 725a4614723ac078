// The report's labels of a think-time sweep: each arm with its think time wherever the rows hold
// more than one ("early-hints · think 150 ms"), unchanged otherwise; the verdict compares each think
// time with the baseline at the same think time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RUN_COLUMNS, type RunRow } from '../../harness/shared/row-schema.ts';
import { variantDeltas } from '../../harness/stats/variant-deltas.ts';
import { verdictOf } from '../../harness/stats/verdict.ts';
import { verdictMarkdown, verdictSentence } from '../../harness/report/verdict-text.ts';
import { dashboardData, shownVariant } from '../../harness/report/dashboard/data.ts';
import type { RunInfo } from '../../harness/report/dashboard/run-info.ts';
import type { RunBound } from '../../harness/compute/bound.ts';

const spread = [0, 7, 3, 9, 5, 1, 8, 2];

function rows(variant: string, think: number, fcp: number, server = 'pushbench'): RunRow[] {
  return spread.map((d, i) => ({
    ...(Object.fromEntries(RUN_COLUMNS.map((c) => [c, ''])) as RunRow),
    run_id: 'r', browser: 'chromium', browser_version: '156.0.8078.108', server, variant, think_ms: String(think), profile: 'slow-4g', cache: 'cold', page: '/',
    repetition: String(i + 1), fcp_ms: String(fcp + d), lcp_ms: String(fcp + d + 500), transfer_bytes: '1000', error: '',
  }));
}

/** Early Hints pay only once the server thinks: no evidence at 0, faster at 300. */
const SWEEP = [...rows('h2', 0, 1000), ...rows('early-hints', 0, 1001), ...rows('h2', 300, 1300), ...rows('early-hints', 300, 1050)];
const SINGLE = [...rows('h2', 100, 1000), ...rows('early-hints', 100, 800)];

const info = (variants: string[]): RunInfo => ({
  runId: 'r', commit: 'abc', date: '', toolVersion: '', browsers: [], profiles: [], shapers: [], variants, baseline: 'h2', loads: 0, failed: 0,
});

test('the verdict has a row per variant and think time, each against the baseline at the same think time', () => {
  const [cell] = verdictOf(variantDeltas(SWEEP, 'h2'));
  assert.deepEqual(cell!.rows.map((r) => [r.variant, r.thinkMs, r.fcp!.evidence]), [['early-hints', '0', 'no evidence'], ['early-hints', '300', 'better']]);
  assert.match(verdictSentence(cell!), /^On FCP, early-hints beat h2 at the same think time; no evidence either way for early-hints\./);
  const md = verdictMarkdown(verdictOf(variantDeltas(SWEEP, 'h2')));
  assert.match(md, /\| early-hints · think 0 ms \| [-+]?\d+ ms .*: no evidence \|/);
  assert.match(md, /\| early-hints · think 300 ms \| -\d+ ms .*: faster \|/);
  assert.match(md, /On FCP, early-hints · think 300 ms beat h2 at the same think time; no evidence either way for early-hints · think 0 ms/);
});

test('one think time: the verdict names variants as before', () => {
  const md = verdictMarkdown(verdictOf(variantDeltas(SINGLE, 'h2')));
  assert.match(md, /\| early-hints \| -\d+ ms/);
  assert.doesNotMatch(md, /think/);
});

test('the dashboard names arms with their think time when the rows hold several, and not otherwise', () => {
  assert.equal(shownVariant({ server: 'caddy', variant: 'h2', think_ms: '150' }), 'h2@caddy');
  assert.equal(shownVariant({ server: 'caddy', variant: 'h2', think_ms: '150' }, true), 'h2@caddy · think 150 ms');
  assert.equal(shownVariant({ server: 'pushbench', variant: 'early-hints', think_ms: '0' }, true), 'early-hints · think 0 ms');

  const sweep = dashboardData({ info: info(['h2', 'early-hints']), rows: SWEEP, bounds: [], waterfalls: [] });
  const thinkLabels = ['h2 · think 0 ms', 'h2 · think 300 ms', 'early-hints · think 0 ms', 'early-hints · think 300 ms'];
  assert.deepEqual(sweep.variants, ['h2', 'early-hints', ...thinkLabels], 'the variants, then every arm as the charts name it, in order');
  assert.deepEqual([...new Set(sweep.distributions.map((p) => p.variant))].sort(), [...thinkLabels].sort());
  assert.deepEqual(sweep.deltas.filter((d) => d.metric === 'FCP').map((d) => d.variant).sort(), ['early-hints · think 0 ms', 'early-hints · think 300 ms']);
  assert.deepEqual(sweep.verdict[0]!.rows.map((r) => r.variant), ['early-hints · think 0 ms', 'early-hints · think 300 ms']);
  assert.ok(sweep.versions.every((v) => thinkLabels.includes(v.variant)));

  const single = dashboardData({ info: info(['h2', 'early-hints']), rows: SINGLE, bounds: [], waterfalls: [] });
  assert.deepEqual(single.variants, ['h2', 'early-hints']);
  assert.deepEqual([...new Set(single.distributions.map((p) => p.variant))], ['h2', 'early-hints']);
  assert.deepEqual(single.verdict[0]!.rows.map((r) => r.variant), ['early-hints']);
});

test('bounds are placed beside the arm at their own think time', () => {
  const bound = (thinkMs: number): RunBound => ({
    page: '/', variant: 'early-hints', profile: 'slow-4g', cache: 'cold', protocol: 'h2', thinkMs,
    fcpMs: 500 + thinkMs, lcpMs: 700 + thinkMs, explain: `think ${thinkMs}`,
  });
  const d = dashboardData({ info: info(['h2', 'early-hints']), rows: SWEEP, bounds: [bound(0), bound(300)], waterfalls: [] });
  const physics = d.bounds.filter((b) => b.kind === 'physics bound' && b.metric === 'FCP');
  assert.deepEqual(physics.map((b) => [b.variant, b.ms]), [['early-hints · think 0 ms', 500], ['early-hints · think 300 ms', 800]]);
});
