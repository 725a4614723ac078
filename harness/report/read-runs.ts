// Reading runs.csv and summary.csv back into typed rows, checking the header first so that a
// file from another pushbench version (or not a pushbench file at all) fails with a clear message.
// Extra, unknown columns are ignored (a newer writer may add some); missing ones are an error.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { UsageError } from '../shared/usage-error.ts';
import { CELL_KEY_COLUMNS, RUN_COLUMNS, SUMMARY_METRICS, type RunRow } from '../shared/row-schema.ts';
import type { CellKey } from '../stats/cells.ts';
import { SUMMARY_COLUMNS, type SummaryMetric, type SummaryRow } from '../stats/summarize.ts';

/**
 * `pathOrDir` is a results folder (holding runs.csv) or a path to a runs.csv file.
 * Returns the file path; `what` names the argument in error messages (e.g. "BASE").
 */
export function resolveRunsCsv(pathOrDir: string, what: string): string {
  if (!existsSync(pathOrDir)) throw new UsageError(`${what}: "${pathOrDir}" does not exist; pass a results folder or its runs.csv`);
  if (statSync(pathOrDir).isDirectory()) {
    const file = join(pathOrDir, 'runs.csv');
    if (!existsSync(file)) throw new UsageError(`${what}: folder "${pathOrDir}" has no runs.csv; pass a results folder of a finished run (or run "pushbench recompute" on it)`);
    return file;
  }
  return pathOrDir;
}

/**
 * Columns added after runs were already kept (a baseline for compare, a history): a file without
 * them reads as if every value were empty (a load of one page, nothing measured for them).
 */
const ADDED_LATER = new Set(['journey', 'step', 'preconnect_used', 'preconnect_lead_ms', 'prefetched', 'prefetch_used', 'prefetch_hits', 'harness_cost_ms']);

function readCsvRecords(file: string, expected: readonly string[], kind: string): Record<string, string>[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read ${kind} (${(err as Error).message})`);
  }
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw new UsageError(`${file}: not a valid CSV file (${(err as Error).message}); regenerate it with "pushbench recompute"`);
  }
  if (records.length === 0) throw new UsageError(`${file}: empty file, expected a ${kind} header; regenerate it with "pushbench recompute"`);
  const header = records[0].map((h) => h.trim());
  const missing = expected.filter((c) => !header.includes(c) && !ADDED_LATER.has(c));
  if (missing.length > 0) {
    throw new UsageError(
      `${file}: ${kind} header is missing column(s) ${missing.join(', ')}; ` +
        'it was written by another pushbench version or is not a pushbench file — regenerate it with "pushbench recompute"',
    );
  }
  const index = new Map(header.map((h, i) => [h, i]));
  return records.slice(1).map((fields, line) => {
    if (fields.length !== header.length) {
      throw new UsageError(`${file}: row ${line + 2} has ${fields.length} fields, the header has ${header.length}; the file is truncated or hand-edited`);
    }
    const row: Record<string, string> = {};
    for (const c of expected) row[c] = index.has(c) ? fields[index.get(c)!]! : '';
    return row;
  });
}

/** All rows of a runs.csv file. */
export function readRunsCsv(file: string): RunRow[] {
  return readCsvRecords(file, RUN_COLUMNS, 'runs.csv') as RunRow[];
}

function numberOrNull(text: string, file: string, column: string, line: number): number | null {
  if (text.trim() === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new UsageError(`${file}: row ${line}, column ${column}: "${text}" is not a number`);
  return value;
}

/** All rows of a summary.csv file (the format of formatSummaryRow). */
export function readSummaryCsv(file: string): SummaryRow[] {
  const records = readCsvRecords(file, SUMMARY_COLUMNS, 'summary.csv');
  return records.map((r, i) => {
    const line = i + 2;
    if (!(SUMMARY_METRICS as readonly string[]).includes(r.metric)) {
      throw new UsageError(`${file}: row ${line}: metric "${r.metric}" is not one of ${SUMMARY_METRICS.join(', ')}`);
    }
    const num = (c: string) => numberOrNull(r[c], file, c, line);
    const key = Object.fromEntries(CELL_KEY_COLUMNS.map((c) => [c, r[c]])) as CellKey;
    return {
      ...key,
      metric: r.metric as SummaryMetric,
      n: num('n') ?? 0,
      n_failed: num('n_failed') ?? 0,
      median: num('median'),
      ci_low: num('ci_low'),
      ci_high: num('ci_high'),
      p25: num('p25'),
      p75: num('p75'),
      min: num('min'),
      max: num('max'),
      cv: num('cv'),
    };
  });
}
