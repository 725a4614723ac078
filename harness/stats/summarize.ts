// summary.csv: one row per cell × summarised metric, computed from runs.csv rows.
// Failed loads (non-empty `error`) are counted in n_failed but never enter the statistics;
// loads whose metric is empty (e.g. no LCP in that browser) are simply not in n.
import { CELL_KEY_COLUMNS, SUMMARY_METRICS, type RunRow } from '../shared/row-schema.ts';
import { cellKeyOf, groupByCell, isFailed, successfulValues, type CellKey } from './cells.ts';
import { coefficientOfVariation, max, medianWithBootstrapCi, min, quantile } from './describe.ts';

export type SummaryMetric = (typeof SUMMARY_METRICS)[number];

/** The columns of summary.csv, in order. */
export const SUMMARY_COLUMNS = [
  ...CELL_KEY_COLUMNS,
  'metric', // one of SUMMARY_METRICS
  'n', // successful loads with a value for this metric
  'n_failed', // loads of this cell with an error
  'median',
  'ci_low', // 95 % percentile-bootstrap CI of the median (2000 resamples, seed 1)
  'ci_high',
  'p25', // Hyndman & Fan type-7 quantiles (R's default)
  'p75',
  'min',
  'max',
  'cv', // sample SD / mean
] as const;
export type SummaryColumn = (typeof SUMMARY_COLUMNS)[number];

export type SummaryStats = {
  metric: SummaryMetric;
  n: number;
  n_failed: number;
  /** null when n = 0. */
  median: number | null;
  ci_low: number | null;
  ci_high: number | null;
  p25: number | null;
  p75: number | null;
  min: number | null;
  max: number | null;
  cv: number | null;
};
export type SummaryRow = CellKey & SummaryStats;

export interface SummarizeOptions {
  metrics?: readonly SummaryMetric[];
  /** Bootstrap seed for the median CI (default 1). */
  seed?: number;
}

/** Summary rows for every cell (in order of first appearance) × metric (in SUMMARY_METRICS order). */
export function summarizeCells(rows: readonly RunRow[], options: SummarizeOptions = {}): SummaryRow[] {
  const metrics = options.metrics ?? SUMMARY_METRICS;
  const out: SummaryRow[] = [];
  for (const cellRows of groupByCell(rows).values()) {
    const key = cellKeyOf(cellRows[0]);
    const nFailed = cellRows.filter(isFailed).length;
    for (const metric of metrics) out.push({ ...key, ...summarizeValues(metric, successfulValues(cellRows, metric), nFailed, options.seed) });
  }
  return out;
}

export function summarizeValues(metric: SummaryMetric, values: readonly number[], nFailed: number, seed = 1): SummaryStats {
  if (values.length === 0) {
    return { metric, n: 0, n_failed: nFailed, median: null, ci_low: null, ci_high: null, p25: null, p75: null, min: null, max: null, cv: null };
  }
  const { median, low, high } = medianWithBootstrapCi(values, { seed });
  return {
    metric,
    n: values.length,
    n_failed: nFailed,
    median,
    ci_low: low,
    ci_high: high,
    p25: quantile(values, 0.25),
    p75: quantile(values, 0.75),
    min: min(values),
    max: max(values),
    cv: coefficientOfVariation(values),
  };
}

function formatNumber(value: number | null, decimals: number): string {
  if (value === null || !Number.isFinite(value)) return '';
  return String(Number(value.toFixed(decimals)));
}

/** A summary row as the strings written to summary.csv (3 decimals; cv 4; "" for none). */
export function formatSummaryRow(row: SummaryRow): Record<SummaryColumn, string> {
  const record = {} as Record<SummaryColumn, string>;
  for (const c of CELL_KEY_COLUMNS) record[c] = row[c];
  record.metric = row.metric;
  record.n = String(row.n);
  record.n_failed = String(row.n_failed);
  for (const c of ['median', 'ci_low', 'ci_high', 'p25', 'p75', 'min', 'max'] as const) record[c] = formatNumber(row[c], 3);
  record.cv = formatNumber(row.cv, 4);
  return record;
}
