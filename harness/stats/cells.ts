// Grouping runs.csv rows into cells and reading their metric values.
// A cell is everything that stays the same across repetitions (CELL_KEY_COLUMNS).
import { CELL_KEY_COLUMNS, type RunRow } from '../shared/row-schema.ts';

export type CellKeyColumn = (typeof CELL_KEY_COLUMNS)[number];
export type CellKey = Record<CellKeyColumn, string>;

/**
 * What a row's page is called in the report: its URL path, or for a journey's step the journey,
 * the step and the path ("journey step 2 /posts/a.html"). Rows from before journeys have no step.
 */
export function pageLabel(row: { page: string; journey?: string; step?: string }): string {
  return row.step ? `${row.journey} step ${row.step} ${row.page}` : row.page;
}

/** A load's first (or only) navigation: not a journey's later step (rows from before journeys have no step). */
export function isFirstStep(row: { step?: string }): boolean {
  return (row.step ?? '') === '' || row.step === '1';
}

/** The cell-key values of a row. */
export function cellKeyOf(row: RunRow, columns: readonly CellKeyColumn[] = CELL_KEY_COLUMNS): CellKey {
  const key = {} as CellKey;
  for (const c of columns) key[c] = row[c];
  return key;
}

/** A string identifying the row's cell over the given key columns (for Map keys). */
export function cellId(row: Pick<RunRow, CellKeyColumn>, columns: readonly CellKeyColumn[] = CELL_KEY_COLUMNS): string {
  // A column a row predates (an older run's history entry has no journey or step) counts as empty.
  return JSON.stringify(columns.map((c) => row[c] ?? ''));
}

/** Groups rows by cell, keeping the order in which cells first appear. */
export function groupByCell<R extends Pick<RunRow, CellKeyColumn>>(rows: readonly R[], columns: readonly CellKeyColumn[] = CELL_KEY_COLUMNS): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const id = cellId(row, columns);
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

/** A load failed when its `error` column is not empty; failed loads never enter statistics. */
export function isFailed(row: Pick<RunRow, 'error'>): boolean {
  return row.error.trim() !== '';
}

/** A number from a runs.csv cell, or undefined when empty / not a number. */
export function numberOf(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** The numeric value of a metric cell, or undefined when empty / not a number. */
export function metricValue(row: RunRow, metric: keyof RunRow): number | undefined {
  return numberOf(row[metric]);
}

/**
 * True when one run (run_id) measured a cell, over `columns` (think_ms not among them), at several
 * think times: a think-time sweep, whose think times are cells of their own.
 */
export function measuresSeveralThinkTimes(rows: readonly RunRow[], columns: readonly CellKeyColumn[]): boolean {
  const seen = new Map<string, string>();
  for (const r of rows) {
    const id = `${r.run_id}\u0000${cellId(r, columns)}`;
    const think = seen.get(id);
    if (think === undefined) seen.set(id, r.think_ms);
    else if (think !== r.think_ms) return true;
  }
  return false;
}

/** The values of one metric over the successful loads among rows. */
export function successfulValues(rows: readonly RunRow[], metric: keyof RunRow): number[] {
  const values: number[] = [];
  for (const row of rows) {
    if (isFailed(row)) continue;
    const v = metricValue(row, metric);
    if (v !== undefined) values.push(v);
  }
  return values;
}
