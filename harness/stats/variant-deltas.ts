// Per-cell differences between each server variant and a baseline variant (for the dashboard):
// "how much faster is early-hints than plain h2 in this profile/cache/browser?", as a
// Hodges–Lehmann shift variant − baseline with its Moses 95 % interval and a Mann–Whitney p-value.
import { CELL_KEY_COLUMNS, SUMMARY_METRICS, type RunRow } from '../shared/row-schema.ts';
import { BASELINE_VARIANT } from '../shared/variants.ts';
import { cellKeyOf, groupByCell, successfulValues, type CellKey, type CellKeyColumn } from './cells.ts';
import { median } from './describe.ts';
import { hodgesLehmannShift } from './hodges-lehmann.ts';
import { mannWhitneyU } from './mann-whitney.ts';
import type { SummaryMetric } from './summarize.ts';

export type VariantDelta = CellKey & {
  baseline_variant: string;
  metric: SummaryMetric;
  n_variant: number;
  n_baseline: number;
  variant_median: number;
  baseline_median: number;
  /** Hodges–Lehmann shift variant − baseline (negative = the variant is faster/smaller). */
  shift: number;
  ci_low: number;
  ci_high: number;
  /** shift as % of the baseline median. */
  shift_pct: number;
  /** Two-sided Mann–Whitney p-value. */
  p: number;
};

const KEYS_BUT_VARIANT = CELL_KEY_COLUMNS.filter((c) => c !== 'variant') as CellKeyColumn[];

/**
 * For each cell (all key columns but `variant`) that has the baseline variant, and each other variant
 * and summarised metric with values on both sides: the shift of that variant against the baseline.
 */
export function variantDeltas(rows: readonly RunRow[], baselineVariant: string = BASELINE_VARIANT, confidence = 0.95): VariantDelta[] {
  const out: VariantDelta[] = [];
  for (const group of groupByCell(rows, KEYS_BUT_VARIANT).values()) {
    const byVariant = groupByCell(group, ['variant']);
    const baselineRows = group.filter((r) => r.variant === baselineVariant);
    if (baselineRows.length === 0) continue;
    for (const variantRows of byVariant.values()) {
      const variant = variantRows[0].variant;
      if (variant === baselineVariant) continue;
      for (const metric of SUMMARY_METRICS) {
        const base = successfulValues(baselineRows, metric);
        const current = successfulValues(variantRows, metric);
        if (base.length === 0 || current.length === 0) continue;
        const hl = hodgesLehmannShift(base, current, confidence);
        const baselineMedian = median(base);
        out.push({
          ...cellKeyOf(variantRows[0]),
          baseline_variant: baselineVariant,
          metric,
          n_variant: current.length,
          n_baseline: base.length,
          variant_median: median(current),
          baseline_median: baselineMedian,
          shift: hl.shift,
          ci_low: hl.low,
          ci_high: hl.high,
          shift_pct: baselineMedian === 0 ? Number.NaN : (100 * hl.shift) / Math.abs(baselineMedian),
          p: mannWhitneyU(current, base).p,
        });
      }
    }
  }
  return out;
}
