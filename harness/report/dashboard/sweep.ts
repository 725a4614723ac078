// Sweeps: when a run's loads differ in exactly one number (the server's think time, or one number of
// the network profile: RTT, downlink, uplink or loss), each variant's difference to the baseline is
// drawn against that number. The differences are variantDeltas' own (Hodges–Lehmann shift with its
// 95 % interval, per cell); this module only finds the number and places each delta on it. Pure.
import { CELL_KEY_COLUMNS, type RunRow } from '../../shared/row-schema.ts';
import { measuresSeveralThinkTimes, numberOf, type CellKeyColumn } from '../../stats/cells.ts';
import type { VariantDelta } from '../../stats/variant-deltas.ts';
import { judge } from '../../stats/verdict.ts';

/** The numbers a sweep can run along: a runs.csv column each. */
export const SWEEP_DIMENSIONS = ['think_ms', 'rtt_ms', 'down_kbps', 'up_kbps', 'loss_pct'] as const;
export type SweepDimension = (typeof SWEEP_DIMENSIONS)[number];

/** Axis title of each dimension, with its unit. */
export const SWEEP_AXIS_TITLES: Record<SweepDimension, string> = {
  think_ms: 'think time (ms)',
  rtt_ms: 'RTT (ms)',
  down_kbps: 'downlink (kbit/s)',
  up_kbps: 'uplink (kbit/s)',
  loss_pct: 'loss (%)',
};

/**
 * The profile numbers that make a sweep. queue_bytes is left out on purpose: without an explicit
 * queue it follows the rate and RTT (config/profiles.ts defaultQueueBytes), so an RTT sweep moves it too.
 */
const PROFILE_NUMBERS = ['rtt_ms', 'down_kbps', 'up_kbps', 'loss_pct'] as const;
type ProfileNumber = (typeof PROFILE_NUMBERS)[number];

/** faster: the interval lies below 0; slower: above 0; none: it contains 0 (no evidence). */
export type SweepEvidence = 'faster' | 'slower' | 'none';

export interface SweepPoint {
  dimension: SweepDimension;
  /** The dimension's number for this cell (ms, kbit/s or %). */
  x: number;
  /** As in runs.csv (the dashboard shows it with its server, e.g. "h2@caddy"). */
  variant: string;
  server: string;
  baseline: string;
  browser: string;
  cache: string;
  metric: 'FCP' | 'LCP';
  /**
   * The other cell columns that differ at the same x (e.g. "page /a", "profile slow-4g" in a think
   * sweep), so cells are never merged into one line; "" when there are none.
   */
  apart: string;
  /** Facet column: browser · cache, then `apart` when set. */
  panel: string;
  /** Hodges–Lehmann shift variant − baseline, ms, and its 95 % interval. */
  shift: number;
  low: number;
  high: number;
  shiftPct: number;
  p: number;
  nVariant: number;
  nBaseline: number;
  evidence: SweepEvidence;
}

/**
 * Each profile's numbers, by profile name; null when one name carries two sets of numbers (e.g. two
 * inline specs both called "custom": their loads share cells, so nothing can be placed on a number).
 */
function profileTable(rows: readonly RunRow[]): Map<string, (number | null)[]> | null {
  const table = new Map<string, (number | null)[]>();
  for (const r of rows) {
    if (r.profile === '') continue;
    const numbers = PROFILE_NUMBERS.map((c) => numberOf(r[c]) ?? null);
    const known = table.get(r.profile);
    if (known && known.some((v, i) => v !== numbers[i])) return null;
    table.set(r.profile, numbers);
  }
  return table;
}

/**
 * The profile number that alone tells the run's profiles apart, or null: every profile must have its
 * own value of it and the same value of the other three. A rate of 0 means unlimited, which has no
 * place on a number axis: such a rate sweep is not drawn.
 */
function profileDimension(rows: readonly RunRow[]): ProfileNumber | null {
  const table = profileTable(rows);
  if (!table || table.size < 2) return null;
  const profiles = [...table.values()];
  const varying = PROFILE_NUMBERS.filter((_, i) => new Set(profiles.map((p) => p[i])).size > 1);
  if (varying.length !== 1) return null;
  const column = varying[0]!;
  const values = profiles.map((p) => p[PROFILE_NUMBERS.indexOf(column)]);
  if (values.some((v) => v === null) || new Set(values).size !== values.length) return null;
  if ((column === 'down_kbps' || column === 'up_kbps') && values.some((v) => v! <= 0)) return null;
  return column;
}

/** True when some cell (all key columns but think_ms) was loaded at two or more think times. */
function thinkVaries(rows: readonly RunRow[]): boolean {
  return measuresSeveralThinkTimes(rows, CELL_KEY_COLUMNS.filter((c) => c !== 'think_ms') as CellKeyColumn[]);
}

/**
 * The numbers the run's loads vary along alone: think_ms when rows of the same variant, browser,
 * cache and profile (and every other cell column) carry two or more think times; a profile number
 * when the run's profiles differ in that number only. Desktop against slow-4g (RTT and rates differ)
 * is no sweep.
 */
export function sweepDimensions(rows: readonly RunRow[]): SweepDimension[] {
  const out: SweepDimension[] = [];
  if (thinkVaries(rows)) out.push('think_ms');
  const profile = profileDimension(rows);
  if (profile) out.push(profile);
  return out;
}

const SHOWN: Partial<Record<CellKeyColumn, (v: string) => string>> = {
  think_ms: (v) => `think ${v} ms`,
  browser_version: (v) => v,
};
const describe = (column: CellKeyColumn, value: string): string => SHOWN[column]?.(value) ?? `${column.replace(/_/g, ' ')} ${value}`;

/**
 * One point per variant (and server), browser, cache, metric (FCP, LCP) and x: the delta of that cell
 * against the baseline, placed at the cell's value of `dimension`. Panels (browser · cache and the
 * columns kept apart) in which no variant has deltas at two values are left out. `deltas` are variantDeltas(rows, baseline)
 * (stats/variant-deltas.ts; nothing is computed here); `rows` give each profile's numbers.
 */
export function sweepPoints(rows: readonly RunRow[], deltas: readonly VariantDelta[], dimension: SweepDimension): SweepPoint[] {
  let xOf: (d: VariantDelta) => number | undefined;
  if (dimension === 'think_ms') {
    xOf = (d) => numberOf(d.think_ms);
  } else {
    const table = profileTable(rows);
    const i = PROFILE_NUMBERS.indexOf(dimension);
    xOf = (d) => table?.get(d.profile)?.[i] ?? undefined;
  }
  const placed = deltas
    .filter((d) => d.metric === 'fcp_ms' || d.metric === 'lcp_ms')
    .map((d) => ({ d, x: xOf(d) }))
    .filter((p): p is { d: VariantDelta; x: number } => p.x !== undefined);

  // Columns that differ between cells at the same variant, server, browser, cache and x are kept apart.
  const own: CellKeyColumn[] = ['variant', 'server', 'browser', 'cache', dimension === 'think_ms' ? 'think_ms' : 'profile'];
  const candidates = CELL_KEY_COLUMNS.filter((c) => !own.includes(c));
  const groups = new Map<string, VariantDelta[]>();
  for (const { d, x } of placed) {
    const key = JSON.stringify([d.variant, d.server, d.browser, d.cache, x]);
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const apartColumns = candidates.filter((c) => [...groups.values()].some((g) => new Set(g.map((d) => d[c])).size > 1));

  const points = placed.map(({ d, x }) => {
    const apart = apartColumns.map((c) => describe(c, d[c])).join(' · ');
    const j = judge(d);
    return {
      dimension, x, variant: d.variant, server: d.server, baseline: d.baseline_variant, browser: d.browser, cache: d.cache,
      metric: d.metric === 'fcp_ms' ? 'FCP' : 'LCP',
      apart, panel: [d.browser, d.cache, ...(apart ? [apart] : [])].join(' · '),
      shift: d.shift, low: d.ci_low, high: d.ci_high, shiftPct: d.shift_pct, p: d.p, nVariant: d.n_variant, nBaseline: d.n_baseline,
      evidence: j.evidence === 'better' ? 'faster' : j.evidence === 'worse' ? 'slower' : 'none',
    } satisfies SweepPoint;
  });
  // A panel where no variant spans two values shows nothing along the number (e.g. a profile measured
  // at one think time only, beside one measured at several): left out.
  const spans = new Map<string, Set<number>>();
  for (const p of points) {
    const key = JSON.stringify([p.panel, p.variant, p.server, p.metric]);
    spans.set(key, (spans.get(key) ?? new Set()).add(p.x));
  }
  const swept = new Set(points.filter((p) => spans.get(JSON.stringify([p.panel, p.variant, p.server, p.metric]))!.size >= 2).map((p) => p.panel));
  return points.filter((p) => swept.has(p.panel)).sort((a, b) => a.x - b.x);
}
