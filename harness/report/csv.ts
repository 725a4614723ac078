// Writing runs.csv and summary.csv with csv-stringify. runs.csv grows one row per finished load
// (a synchronous append of a whole line), so a run killed at any moment keeps every finished row.

import fs from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { RUN_COLUMNS, type RunRow } from '../shared/row-schema.ts';
import { SUMMARY_COLUMNS, formatSummaryRow, summarizeCells } from '../stats/index.ts';

const line = (values: readonly string[]) => stringify([values]);

/** Creates runs.csv with its header if it does not exist yet. */
export function ensureRunsCsv(file: string): void {
  try {
    fs.writeFileSync(file, line(RUN_COLUMNS), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

export function appendRunRow(file: string, row: RunRow): void {
  appendRunRows(file, [row]);
}

/** Rows appended in one write: a journey's steps are in runs.csv all or not at all. */
export function appendRunRows(file: string, rows: readonly RunRow[]): void {
  ensureRunsCsv(file);
  fs.appendFileSync(file, rows.map((row) => line(RUN_COLUMNS.map((c) => row[c]))).join(''));
}

export function writeRunsCsv(file: string, rows: readonly RunRow[]): void {
  fs.writeFileSync(file, stringify(rows.map((r) => RUN_COLUMNS.map((c) => r[c])), { header: true, columns: [...RUN_COLUMNS] }));
}

export function writeSummaryCsv(file: string, rows: readonly RunRow[]): void {
  const summary = summarizeCells(rows).map(formatSummaryRow);
  fs.writeFileSync(file, stringify(summary.map((r) => SUMMARY_COLUMNS.map((c) => r[c])), { header: true, columns: [...SUMMARY_COLUMNS] }));
}
