// summarizeCells (summary.csv rows) and variantDeltas (the dashboard's variant-vs-baseline shifts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RUN_COLUMNS, SUMMARY_METRICS, type RunRow } from '../../harness/shared/row-schema.ts';
import { formatSummaryRow, median, quantile, SUMMARY_COLUMNS, summarizeCells, variantDeltas } from '../../harness/stats/index.ts';

function row(fields: Partial<RunRow>): RunRow {
  const r = Object.fromEntries(RUN_COLUMNS.map((c) => [c, ''])) as RunRow;
  return { ...r, browser: 'chromium-103', browser_version: '103.0.5058.0', variant: 'h2', topology: 'direct', think_ms: '0', site: 'blog', page: '/', profile: '4g', shaper: 'none', cache: 'cold', ...fields };
}

test('one summary row per cell x metric; failed loads are counted but not summarised', () => {
  const lcp = [900, 1000, 1100, 1200];
  const rows = [
    ...lcp.map((v) => row({ lcp_ms: String(v), fcp_ms: String(v / 2) })),
    row({ error: 'timeout', lcp_ms: '99999' }),
    ...[500, 600].map((v) => row({ cache: 'warm', lcp_ms: String(v) })),
  ];
  const summary = summarizeCells(rows);
  assert.equal(summary.length, 2 * SUMMARY_METRICS.length);
  const cold = summary.find((s) => s.cache === 'cold' && s.metric === 'lcp_ms')!;
  assert.equal(cold.n, 4);
  assert.equal(cold.n_failed, 1);
  assert.equal(cold.median, median(lcp));
  assert.equal(cold.p25, quantile(lcp, 0.25));
  assert.equal(cold.p75, quantile(lcp, 0.75));
  assert.equal(cold.min, 900);
  assert.equal(cold.max, 1200);
  assert.ok(cold.ci_low! <= cold.median! && cold.median! <= cold.ci_high!);
  assert.ok(cold.cv! > 0);
  const warmFcp = summary.find((s) => s.cache === 'warm' && s.metric === 'fcp_ms')!;
  assert.equal(warmFcp.n, 0);
  assert.equal(warmFcp.median, null);
  const csv = formatSummaryRow(cold);
  assert.deepEqual(Object.keys(csv), [...SUMMARY_COLUMNS]);
  assert.equal(csv.median, String(median(lcp)));
  assert.equal(formatSummaryRow(warmFcp).median, '');
  // deterministic: the same rows give the same summary (seeded bootstrap)
  assert.deepEqual(summarizeCells(rows), summary);
});

test('variantDeltas: shift of each variant against the baseline in the same cell', () => {
  const base = [1000, 1010, 990, 1005, 995, 1020];
  const rows = [
    ...base.map((v) => row({ variant: 'h2', lcp_ms: String(v) })),
    ...base.map((v) => row({ variant: 'early-hints', lcp_ms: String(v - 150) })),
    ...base.map((v) => row({ variant: 'push', lcp_ms: String(v + 40) })),
    // a cell without the baseline variant yields nothing
    ...base.map((v) => row({ variant: 'push', profile: '3g', lcp_ms: String(v) })),
  ];
  const deltas = variantDeltas(rows, 'h2').filter((d) => d.metric === 'lcp_ms');
  assert.deepEqual(deltas.map((d) => d.variant).sort(), ['early-hints', 'push']);
  const hints = deltas.find((d) => d.variant === 'early-hints')!;
  assert.equal(hints.shift, -150);
  assert.ok(hints.ci_low <= -150 && -150 <= hints.ci_high);
  assert.ok(hints.p < 0.05);
  assert.equal(hints.baseline_variant, 'h2');
  assert.equal(hints.n_baseline, base.length);
  const push = deltas.find((d) => d.variant === 'push')!;
  assert.equal(push.shift, 40);
  assert.ok(Math.abs(push.shift_pct - (100 * 40) / median(base)) < 1e-9);
  assert.equal(variantDeltas(rows, 'no-such-variant').length, 0);
});
