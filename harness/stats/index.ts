// The one statistics module: everything that turns numbers into medians, intervals and verdicts.
// Pure functions, no I/O.
export { seededRandom } from '../shared/rng.ts';
export { normalCdf, normalQuantile } from './normal.ts';
export {
  median, quantile, min, max, coefficientOfVariation, medianWithBootstrapCi, sortAscending,
  type Interval, type BootstrapOptions,
} from './describe.ts';
export { mannWhitneyU, exactUCdf, tieGroupSizes, type MannWhitneyResult } from './mann-whitney.ts';
export { hodgesLehmannShift, pairwiseDifferences, mosesRank, type ShiftEstimate } from './hodges-lehmann.ts';
export { compareSamples, DEFAULT_DECISION, type Comparison, type DecisionOptions, type Verdict } from './decide.ts';
export { cellKeyOf, cellId, groupByCell, isFailed, isFirstStep, metricValue, pageLabel, successfulValues, type CellKey, type CellKeyColumn } from './cells.ts';
export {
  summarizeCells, summarizeValues, formatSummaryRow, SUMMARY_COLUMNS,
  type SummaryRow, type SummaryStats, type SummaryColumn, type SummaryMetric, type SummarizeOptions,
} from './summarize.ts';
export { variantDeltas, type VariantDelta } from './variant-deltas.ts';
