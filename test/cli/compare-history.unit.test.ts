// Run history (harness/report/history.ts) and the runs.csv / summary.csv readers it relies on.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { RUN_COLUMNS, type RunRow } from '../../harness/shared/row-schema.ts';
import { appendToHistory, loadHistory, readHistoryEntries } from '../../harness/report/history.ts';
import { readRunsCsv, readSummaryCsv } from '../../harness/report/read-runs.ts';
import { UsageError } from '../../harness/shared/usage-error.ts';
import { formatSummaryRow, SUMMARY_COLUMNS, successfulValues, summarizeCells, groupByCell } from '../../harness/stats/index.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pb-history-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function row(fields: Partial<RunRow>): RunRow {
  const blank = Object.fromEntries(RUN_COLUMNS.map((c) => [c, ''])) as RunRow;
  return { ...blank, browser: 'chromium-103', browser_version: '103.0.5058.0', variant: 'h2', topology: 'direct', think_ms: '0', site: 'blog', page: '/', profile: '4g', shaper: 'none', cache: 'cold', ...fields };
}

function writeRunDir(name: string, rows: RunRow[]): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'runs.csv'), stringify([[...RUN_COLUMNS], ...rows.map((r) => RUN_COLUMNS.map((c) => r[c]))]));
  return dir;
}

function runRows(runId: string, day: number, offset: number): RunRow[] {
  const common = { run_id: runId, commit: `c${day}`, started_at: `2026-03-${String(day).padStart(2, '0')}T10:00:00.000Z` };
  return [
    ...[1, 2, 3].map((i) => row({ ...common, lcp_ms: String(1000 + offset + i), fcp_ms: String(500 + i) })),
    row({ ...common, lcp_ms: String(1100 + offset), fcp_ms: '' }), // a load without FCP
    row({ ...common, error: 'timeout' }),
    ...[1, 2].map((i) => row({ ...common, variant: 'push', lcp_ms: String(900 + offset + i) })),
  ];
}

test('appendToHistory then loadHistory gives back the per-load values of each cell', () => {
  const history = join(tmp, 'h1');
  const rows = runRows('run-a', 2, 0);
  const file = appendToHistory(history, writeRunDir('run-a', rows));
  const entry = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(entry.run_id, 'run-a');
  assert.equal(entry.commit, 'c2');
  assert.deepEqual(entry.browser_versions, ['103.0.5058.0']);
  assert.deepEqual(entry.summary, JSON.parse(JSON.stringify(summarizeCells(rows))));

  const loaded = loadHistory(history, 5);
  const original = groupByCell(rows);
  const back = groupByCell(loaded);
  assert.deepEqual([...back.keys()], [...original.keys()]);
  for (const [id, cellRows] of original) {
    for (const metric of ['lcp_ms', 'fcp_ms', 'ttfb_ms'] as const) {
      assert.deepEqual(successfulValues(back.get(id)!, metric), successfulValues(cellRows, metric), `${id} ${metric}`);
    }
    assert.equal(back.get(id)!.filter((r) => r.error !== '').length, cellRows.filter((r) => r.error !== '').length);
  }
});

test('loadHistory(dir, N) merges the N most recent runs by date; re-appending a run replaces it', () => {
  const history = join(tmp, 'h2');
  // appended out of date order on purpose
  appendToHistory(history, writeRunDir('run-late', runRows('run-late', 20, 300)));
  appendToHistory(history, writeRunDir('run-early', runRows('run-early', 1, 100)));
  appendToHistory(history, writeRunDir('run-mid', runRows('run-mid', 10, 200)));
  appendToHistory(history, join(tmp, 'run-mid'));
  assert.deepEqual(readHistoryEntries(history).map((e) => e.run_id), ['run-early', 'run-mid', 'run-late']);
  const lastTwo = loadHistory(history, 2);
  assert.deepEqual([...new Set(lastTwo.map((r) => r.run_id))].sort(), ['run-late', 'run-mid']);
  const lcp = successfulValues(lastTwo.filter((r) => r.variant === 'h2'), 'lcp_ms');
  assert.ok(lcp.every((v) => v >= 1200), 'the oldest run (offset 100) is left out');
  assert.equal(new Set(loadHistory(history, 99).map((r) => r.run_id)).size, 3);
});

test('the run summary.csv is stored when present and read back with its types', () => {
  const rows = runRows('run-s', 3, 0);
  const dir = writeRunDir('run-s', rows);
  const summary = summarizeCells(rows);
  const records = summary.map(formatSummaryRow);
  writeFileSync(join(dir, 'summary.csv'), stringify([[...SUMMARY_COLUMNS], ...records.map((r) => SUMMARY_COLUMNS.map((c) => r[c]))]));
  const readBack = readSummaryCsv(join(dir, 'summary.csv'));
  assert.equal(readBack.length, summary.length);
  assert.deepEqual(readBack.map(formatSummaryRow), records);
  const entry = JSON.parse(readFileSync(appendToHistory(join(tmp, 'h3'), dir), 'utf8'));
  assert.deepEqual(entry.summary, JSON.parse(JSON.stringify(readBack)));
});

test('bad history and CSV input raise UsageError naming the file', () => {
  const history = join(tmp, 'h4');
  mkdirSync(history, { recursive: true });
  assert.throws(() => loadHistory(history, 1), (e: unknown) => e instanceof UsageError && /holds no runs yet/.test(e.message));
  writeFileSync(join(history, 'broken.json'), '{not json');
  assert.throws(() => loadHistory(history, 1), (e: unknown) => e instanceof UsageError && /broken\.json: not valid JSON/.test(e.message));
  writeFileSync(join(history, 'broken.json'), '{"hello": 1}');
  assert.throws(() => loadHistory(history, 1), (e: unknown) => e instanceof UsageError && /broken\.json: not a pushbench history file/.test(e.message));

  const csv = join(tmp, 'summary-bad.csv');
  writeFileSync(csv, 'browser,metric\nx,lcp_ms\n');
  assert.throws(() => readSummaryCsv(csv), (e: unknown) => e instanceof UsageError && /summary-bad\.csv: summary\.csv header is missing column\(s\) browser_version/.test(e.message));
  const runs = join(tmp, 'runs-extra.csv');
  // extra columns are tolerated, column order does not matter
  const columns = ['future_column', ...[...RUN_COLUMNS].reverse()];
  writeFileSync(runs, stringify([columns, columns.map((c) => (c === 'lcp_ms' ? '1234' : c === 'future_column' ? 'x' : ''))]));
  assert.equal(readRunsCsv(runs)[0].lcp_ms, '1234');
  assert.ok(!('future_column' in readRunsCsv(runs)[0]));
});
