// Run history: a folder with one JSON file per benchmark run, so CI can compare a new run
// against the last N runs merged (`pushbench compare --history DIR --last N CURRENT`).
// Each file keeps the run's identity, its summary rows and — because Mann–Whitney needs the
// individual loads, not just medians — the per-load values of each summarised metric, per cell.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UsageError } from '../shared/usage-error.ts';
import { RUN_COLUMNS, SUMMARY_METRICS, type RunRow } from '../shared/row-schema.ts';
import { readRunsCsv, readSummaryCsv, resolveRunsCsv } from './read-runs.ts';
import { cellKeyOf, groupByCell, isFailed, metricValue, type CellKey } from '../stats/cells.ts';
import { summarizeCells, type SummaryMetric, type SummaryRow } from '../stats/summarize.ts';

export const HISTORY_FORMAT = 'pushbench-history/1';

export interface HistoryCell {
  key: CellKey;
  /** Loads of this cell that failed (non-empty error). */
  failed: number;
  /** Per successful load, in load order: the metric's value, or null when the load had none. */
  values: Record<SummaryMetric, (number | null)[]>;
}

export interface HistoryEntry {
  format: typeof HISTORY_FORMAT;
  run_id: string;
  commit: string;
  /** ISO time of the run's first load. */
  date: string;
  browser_versions: string[];
  summary: SummaryRow[];
  cells: HistoryCell[];
}

function unique(values: Iterable<string>): string[] {
  return [...new Set([...values].filter((v) => v !== ''))];
}

/** Builds the history entry of a run from its runs.csv rows (and summary rows, if already computed). */
export function historyEntryOf(rows: readonly RunRow[], summary: SummaryRow[] = summarizeCells(rows), fallbackRunId = ''): HistoryEntry {
  const cells: HistoryCell[] = [];
  for (const cellRows of groupByCell(rows).values()) {
    const ok = cellRows.filter((r) => !isFailed(r));
    const values = Object.fromEntries(SUMMARY_METRICS.map((m) => [m, ok.map((r) => metricValue(r, m) ?? null)])) as HistoryCell['values'];
    cells.push({ key: cellKeyOf(cellRows[0]), failed: cellRows.length - ok.length, values });
  }
  const starts = rows.map((r) => r.started_at).filter((s) => s !== '' && !Number.isNaN(Date.parse(s))).sort();
  return {
    format: HISTORY_FORMAT,
    run_id: unique(rows.map((r) => r.run_id)).join('+') || fallbackRunId,
    commit: unique(rows.map((r) => r.commit)).join('+'),
    date: starts[0] ?? new Date().toISOString(),
    browser_versions: unique(rows.map((r) => r.browser_version)),
    summary,
    cells,
  };
}

/**
 * Stores the run in `runDir` (a results folder, or its runs.csv) as `<historyDir>/<run_id>.json`,
 * replacing an earlier copy of the same run. Uses the run's summary.csv when present, otherwise
 * computes the summary. Returns the file written.
 */
export function appendToHistory(historyDir: string, runDir: string): string {
  const runsFile = resolveRunsCsv(runDir, 'run folder');
  const rows = readRunsCsv(runsFile);
  if (rows.length === 0) throw new UsageError(`${runsFile}: has no rows; nothing to add to the history`);
  const summaryFile = join(runsFile, '..', 'summary.csv');
  const summary = existsSync(summaryFile) ? readSummaryCsv(summaryFile) : summarizeCells(rows);
  const entry = historyEntryOf(rows, summary, basename(join(runsFile, '..')));
  mkdirSync(historyDir, { recursive: true });
  const file = join(historyDir, `${entry.run_id.replace(/[^A-Za-z0-9._+-]/g, '_')}.json`);
  writeFileSync(file, JSON.stringify(entry) + '\n');
  return file;
}

/** Every history entry in the folder, oldest first (by date, then run id). */
export function readHistoryEntries(historyDir: string): HistoryEntry[] {
  if (!existsSync(historyDir) || !statSync(historyDir).isDirectory()) {
    throw new UsageError(`--history: "${historyDir}" is not a folder; pass the folder that appendToHistory / --append-to-history writes`);
  }
  const entries: HistoryEntry[] = [];
  for (const name of readdirSync(historyDir).filter((n) => n.endsWith('.json')).sort()) {
    const file = join(historyDir, name);
    let entry: HistoryEntry;
    try {
      entry = JSON.parse(readFileSync(file, 'utf8')) as HistoryEntry;
    } catch (err) {
      throw new UsageError(`${file}: not valid JSON (${(err as Error).message}); delete the file or restore it`);
    }
    if (entry?.format !== HISTORY_FORMAT || !Array.isArray(entry.cells)) {
      throw new UsageError(`${file}: not a pushbench history file (expected format "${HISTORY_FORMAT}"); remove it from the history folder`);
    }
    entries.push(entry);
  }
  return entries.sort((a, b) => a.date.localeCompare(b.date) || a.run_id.localeCompare(b.run_id));
}

/** Rebuilds runs.csv-shaped rows from a history entry (only identity, cell keys, error and the summarised metrics are filled). */
export function rowsOfHistoryEntry(entry: HistoryEntry): RunRow[] {
  const rows: RunRow[] = [];
  const blank = Object.fromEntries(RUN_COLUMNS.map((c) => [c, ''])) as RunRow;
  for (const cell of entry.cells) {
    const base: RunRow = { ...blank, ...cell.key, run_id: entry.run_id, commit: entry.commit };
    const loads = Math.max(0, ...SUMMARY_METRICS.map((m) => cell.values[m]?.length ?? 0));
    for (let i = 0; i < loads; i++) {
      const row: RunRow = { ...base };
      for (const m of SUMMARY_METRICS) {
        const v = cell.values[m]?.[i];
        row[m] = v === null || v === undefined ? '' : String(v);
      }
      rows.push(row);
    }
    for (let i = 0; i < cell.failed; i++) rows.push({ ...base, error: 'failed (from history)' });
  }
  return rows;
}

/** The rows of the last `lastN` runs in the history, merged: a baseline for `compare`. */
export function loadHistory(historyDir: string, lastN: number): RunRow[] {
  if (!Number.isInteger(lastN) || lastN < 1) throw new UsageError(`--last: must be a whole number >= 1, got ${lastN}`);
  const entries = readHistoryEntries(historyDir);
  if (entries.length === 0) throw new UsageError(`--history: "${historyDir}" holds no runs yet; add one with --append-to-history, or pass BASE instead`);
  return entries.slice(-lastN).flatMap(rowsOfHistoryEntry);
}
