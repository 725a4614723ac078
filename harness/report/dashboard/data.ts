// Everything the dashboard shows, as plain JSON-able data: built once from the run's rows,
// its bounds, its history and its HARs. Pure apart from the inputs handed in.
import type { RunRow } from '../../shared/row-schema.ts';
import { BASELINE_VARIANT } from '../../shared/variants.ts';
import type { HistoryEntry } from '../history.ts';
import type { RunBound } from '../../compute/bound.ts';
import { isFailed, isFirstStep, metricValue, pageLabel } from '../../stats/cells.ts';
import { summarizeCells } from '../../stats/summarize.ts';
import { variantDeltas } from '../../stats/variant-deltas.ts';
import { verdictOf, type VerdictCell } from '../../stats/verdict.ts';
import type { RunInfo } from './run-info.ts';
import { supportMatrix, type SupportRow } from '../support-matrix.ts';
import { trendPoints, type TrendPoint } from './trend.ts';
import type { Waterfall } from './waterfall.ts';
import { armLabel } from '../../config/arms.ts';
import { armPairs, type ArmPair } from '../../stats/arm-pairs.ts';
import { SERVER_FAMILIES, type ServerFamily } from '../../shared/variants.ts';
import { sweepDimensions, sweepPoints, type SweepDimension, type SweepPoint } from './sweep.ts';
import type { Filmstrips } from './filmstrip.ts';
import { severalThinkTimes, thinkLabelled, withThinkTime } from '../verdict-text.ts';

/**
 * How a row's variant is shown: "h2" for pushbench's own server, "h2@caddy" for Caddy's (rows
 * from before the server column are pushbench's); with `withThink` (the run's rows hold more than
 * one think time) also its think time: "h2@caddy · think 150 ms".
 */
export function shownVariant(r: { server?: string; variant: string; think_ms?: string }, withThink = false): string {
  const server = (SERVER_FAMILIES as readonly string[]).includes(r.server ?? '') ? (r.server as ServerFamily) : 'pushbench';
  const label = armLabel({ server, variant: r.variant as never, thinkMs: 0 });
  return withThink && r.think_ms !== undefined ? withThinkTime(label, r.think_ms) : label;
}

export type MetricLabel = 'FCP' | 'LCP';
const METRICS = [['fcp_ms', 'FCP'], ['lcp_ms', 'LCP']] as const;

/** Facet panel: one per profile × cache (× page when the run loaded several pages). */
interface Panel { panel: string }

export type DistributionPoint = Panel & { variant: string; browser: string; browserVersion: string; metric: MetricLabel; ms: number };
export type DeltaPoint = Panel & { variant: string; browser: string; metric: MetricLabel; shift: number; low: number; high: number; shiftPct: number; p: number; n: number };
export type BoundPoint = Panel & { variant: string; metric: MetricLabel; browser: string; kind: 'measured median' | 'physics bound'; ms: number; explain: string };
export type VersionPoint = Panel & { variant: string; browser: string; browserVersion: string; metric: MetricLabel; median: number; n: number };
export type TrendDatum = TrendPoint & Panel & { run: string };
/** Deltas against one number the run's loads vary along alone (sweep.ts); variant and baseline as shown (h2@caddy). */
export interface Sweep { dimension: SweepDimension; points: SweepPoint[] }
export interface FailedLoad { browser: string; browserVersion: string; variant: string; profile: string; cache: string; repetition: string; page: string; error: string; traceDir: string }

export interface DashboardData {
  info: RunInfo;
  baseline: string;
  /**
   * Variants in run order (baseline first), each server's beside it (h2, h2@caddy). When the rows hold
   * more than one think time, followed by every arm as the charts name it, in the same order, each
   * variant's think times ascending ("h2 · think 0 ms", "h2 · think 150 ms", …): the charts' sort order.
   */
  variants: string[];
  /** The variants as the header lists them: each once, servers beside it, no think times. */
  variantNames: string[];
  /** Every browser version of the run, oldest first. */
  browserVersions: string[];
  distributions: DistributionPoint[];
  deltas: DeltaPoint[];
  bounds: BoundPoint[];
  versions: VersionPoint[];
  support: SupportRow[];
  /** The same variant on two servers, and HTTP/3 against HTTP/2 on one server (stats/arm-pairs.ts). */
  pairs: (ArmPair & { panel: string })[];
  /** null when no history was given. */
  trend: TrendDatum[] | null;
  waterfalls: Waterfall[];
  /** The side-by-side filmstrips (filmstrip.ts); no groups when the run recorded no frames. */
  filmstrips: Filmstrips;
  failed: FailedLoad[];
  /** Which strategies beat the baseline, per cell, in plain words (stats/verdict.ts). */
  verdict: VerdictCell[];
  /** One per number the loads vary along alone (think time, or one profile number); empty when none. */
  sweeps: Sweep[];
}

/** Orders version strings by their numeric parts: "99.0" < "103.0.5058.0" < "156.0.8078.79". */
export function compareVersions(a: string, b: string): number {
  const pa = a.match(/\d+/g)?.map(Number) ?? [];
  const pb = b.match(/\d+/g)?.map(Number) ?? [];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

export interface DashboardInput {
  info: RunInfo;
  rows: readonly RunRow[];
  bounds: readonly RunBound[];
  /** Stored runs, oldest first; undefined when no --history was given. */
  history?: readonly HistoryEntry[];
  waterfalls: Waterfall[];
  /** The side-by-side filmstrips, given the arms' labels as the charts name them and their order (filmstrip.ts). */
  filmstrips?: (labels: readonly string[], labelOf: (r: RunRow) => string) => Filmstrips;
}

export function dashboardData(input: DashboardInput): DashboardData {
  const { info, rows } = input;
  // A journey's steps are pages of their own: "journey step 2 /posts/a.html".
  const pages = new Set(rows.map(pageLabel));
  const panelOf = (r: { profile: string; cache: string; page: string; journey?: string; step?: string }) => [r.profile, r.cache, ...(pages.size > 1 ? [pageLabel(r)] : [])].join(' · ');
  const baseline = info.variants.includes(info.baseline) ? info.baseline : (info.variants[0] ?? BASELINE_VARIANT);
  // Several think times (a sweep, or a variant slowed on purpose): every arm is named with its own.
  const thinks = severalThinkTimes(rows);
  const show = (r: { server?: string; variant: string; think_ms?: string }) => shownVariant(r, thinks);
  // Each variant's servers next to each other: h2, h2@caddy, early-hints, early-hints@caddy, …
  const shown = [...new Set(rows.map((r) => shownVariant(r)))];
  const ordered = [baseline, ...info.variants.filter((v) => v !== baseline)];
  const variants = ordered.flatMap((v) => shown.filter((s) => s === v || s.startsWith(`${v}@`)));
  for (const s of shown) if (!variants.includes(s)) variants.push(s);
  const variantNames = [...variants];
  if (thinks) {
    const arms = new Map<string, { base: number; think: number }>();
    for (const r of rows) arms.set(show(r), { base: variants.indexOf(shownVariant(r)), think: Number(r.think_ms) });
    variants.push(...[...arms.entries()].sort(([, a], [, b]) => a.base - b.base || a.think - b.think).map(([label]) => label));
  }
  const ok = rows.filter((r) => !isFailed(r));

  const distributions: DistributionPoint[] = [];
  for (const r of ok) {
    for (const [column, metric] of METRICS) {
      const ms = metricValue(r, column);
      if (ms !== undefined) distributions.push({ panel: panelOf(r), variant: show(r), browser: r.browser, browserVersion: r.browser_version, metric, ms });
    }
  }

  const allDeltas = variantDeltas(rows, baseline);
  const deltas: DeltaPoint[] = allDeltas
    .filter((d) => d.metric === 'fcp_ms' || d.metric === 'lcp_ms')
    .map((d) => ({
      panel: panelOf(d), variant: show(d), browser: d.browser, metric: d.metric === 'fcp_ms' ? 'FCP' : 'LCP',
      shift: d.shift, low: d.ci_low, high: d.ci_high, shiftPct: d.shift_pct, p: d.p, n: d.n_variant,
    }));

  const summary = summarizeCells(rows, { metrics: ['fcp_ms', 'lcp_ms'] }).filter((s) => s.median !== null);
  const label = (m: string): MetricLabel => (m === 'fcp_ms' ? 'FCP' : 'LCP');
  const versions: VersionPoint[] = summary.map((s) => ({
    panel: panelOf(s), variant: show(s), browser: s.browser, browserVersion: s.browser_version, metric: label(s.metric), median: s.median!, n: s.n,
  }));

  const bounds: BoundPoint[] = versions.map((v) => ({ panel: v.panel, variant: v.variant, metric: v.metric, browser: `${v.browser} ${v.browserVersion}`, kind: 'measured median' as const, ms: v.median, explain: `n = ${v.n}` }));
  const measuredPanels = new Set(versions.map((v) => `${v.panel}\u0000${v.variant}`));
  // A bound is for a page's first (cold) navigation: a journey's first step when the run has journeys.
  const firstStepOf = new Map(rows.filter(isFirstStep).map((r) => [r.page, r]));
  for (const b of input.bounds) {
    const first = firstStepOf.get(b.page);
    const panel = panelOf({ ...b, journey: first?.journey, step: first?.step });
    const variant = show({ variant: b.variant, think_ms: String(b.thinkMs) });
    if (!measuredPanels.has(`${panel}\u0000${variant}`)) continue; // bounds only next to something measured
    for (const [metric, ms] of [['FCP', b.fcpMs], ['LCP', b.lcpMs]] as const) {
      if (Number.isFinite(ms)) bounds.push({ panel, variant, metric, browser: 'bound', kind: 'physics bound', ms, explain: b.explain });
    }
  }

  const browserVersions = [...new Set(rows.map((r) => r.browser_version).filter(Boolean))].sort(compareVersions);

  const trend = input.history
    ? trendPoints(input.history, rows).map((p) => ({ ...p, variant: show({ variant: p.variant, think_ms: p.thinkMs }), panel: panelOf(p), run: `${p.runIndex + 1}. ${p.runId}` }))
    : null;

  const failed: FailedLoad[] = rows.filter(isFailed).map((r) => ({
    browser: r.browser, browserVersion: r.browser_version, variant: show(r), profile: r.profile, cache: r.cache,
    repetition: r.repetition, page: pageLabel(r), error: r.error, traceDir: r.trace_dir,
  }));

  // A pair is two arms at one think time: the panel names it when the run has several.
  const pairs = armPairs(rows).map((p) => ({ ...p, panel: thinks ? withThinkTime(panelOf(p), p.think_ms) : panelOf(p) }));
  const verdictCells = verdictOf(allDeltas).map((cell) => ({ ...cell, rows: cell.rows.map((r) => ({ ...r, variant: shownVariant({ variant: r.variant, server: cell.server }) })) }));
  const verdict = thinks ? thinkLabelled(verdictCells) : verdictCells;
  const sweeps: Sweep[] = sweepDimensions(rows).map((dimension) => ({
    dimension,
    points: sweepPoints(rows, allDeltas, dimension).map((p) => ({ ...p, variant: shownVariant(p), baseline: shownVariant({ server: p.server, variant: p.baseline }) })),
  }));
  return { info, baseline, variants, variantNames, browserVersions, distributions, deltas, bounds, versions, support: supportMatrix(rows), pairs, trend, waterfalls: input.waterfalls, filmstrips: input.filmstrips?.(variants, show) ?? { groups: [], frames: {} }, failed, verdict, sweeps };
}
