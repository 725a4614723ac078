// The trend of each cell's FCP/LCP median over the stored run history plus this run, each point
// judged against the run before it with the regression gate's own decision (stats compareSamples),
// so a point marked "regression" here is one `pushbench compare` would have failed on.
import type { RunRow } from '../../shared/row-schema.ts';
import { CELL_KEY_COLUMNS } from '../../shared/row-schema.ts';
import { historyEntryOf, type HistoryEntry } from '../history.ts';
import { cellId, type CellKeyColumn } from '../../stats/cells.ts';
import { compareSamples, DEFAULT_DECISION, type DecisionOptions, type Verdict } from '../../stats/decide.ts';
import { median } from '../../stats/describe.ts';

/** Cells are followed across runs without browser_version: a browser update keeps the line. */
const TREND_COLUMNS = CELL_KEY_COLUMNS.filter((c) => c !== 'browser_version') as CellKeyColumn[];

/** The defaults of `pushbench compare`. */
/** The trend judges each run against the one before it with compare's own defaults. */
export const TREND_DECISION: DecisionOptions = DEFAULT_DECISION;

export interface TrendPoint {
  /** 0-based position of the run in time order. */
  runIndex: number;
  runId: string;
  date: string;
  commit: string;
  variant: string;
  /** The cell's think time (runs.csv think_ms): a think-time sweep has a line per think time. */
  thinkMs: string;
  browser: string;
  browserVersion: string;
  profile: string;
  cache: string;
  page: string;
  metric: 'FCP' | 'LCP';
  median: number;
  n: number;
  /** Against the previous run of the same cell; "first" for the cell's first run. */
  verdict: Verdict | 'first';
  p: number | null;
}

const METRICS = [['fcp_ms', 'FCP'], ['lcp_ms', 'LCP']] as const;

/** Trend points of the history entries (oldest first) followed by the current run. */
export function trendPoints(history: readonly HistoryEntry[], currentRows: readonly RunRow[], options: DecisionOptions = TREND_DECISION): TrendPoint[] {
  const current = historyEntryOf(currentRows);
  const entries = [...history.filter((e) => e.run_id !== current.run_id), current];
  const previous = new Map<string, number[]>();
  const points: TrendPoint[] = [];
  entries.forEach((entry, runIndex) => {
    for (const cell of entry.cells) {
      for (const [column, metric] of METRICS) {
        const values = (cell.values[column] ?? []).filter((v): v is number => typeof v === 'number');
        if (values.length === 0) continue;
        const id = `${cellId(cell.key, TREND_COLUMNS)}${metric}`;
        const before = previous.get(id);
        const comparison = before ? compareSamples(before, values, options) : undefined;
        points.push({
          runIndex,
          runId: entry.run_id,
          date: entry.date,
          commit: entry.commit,
          variant: cell.key.variant,
          thinkMs: cell.key.think_ms ?? '',
          browser: cell.key.browser,
          browserVersion: cell.key.browser_version,
          profile: cell.key.profile,
          cache: cell.key.cache,
          page: cell.key.page,
          metric,
          median: median(values),
          n: values.length,
          verdict: comparison ? comparison.verdict : 'first',
          p: comparison && Number.isFinite(comparison.p) ? comparison.p : null,
        });
        previous.set(id, values);
      }
    }
  });
  return points;
}
