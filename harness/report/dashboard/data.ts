// Everything the dashboard shows, as plain JSON-able data: built once from the run's rows,
// its bounds, its history and its HARs. Pure apart from the inputs handed in.
import type { RunRow } from '../../shared/row-schema.ts';
import { BASELINE_VARIANT } from '../../shared/variants.ts';
import type { HistoryEntry } from '../history.ts';
import type { RunBound } from '../../compute/bound.ts';
import { isFailed, metricValue } from '../../stats/cells.ts';
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

/**
 * How a row's variant is shown: "h2" for pushbench's own server, "h2@caddy" for Caddy's (rows
 * from before the server column are pushbench's).
 */
export function shownVariant(r: { server?: string; variant: string }): string {
  const server = (SERVER_FAMILIES as readonly string[]).includes(r.server ?? '') ? (r.server as ServerFamily) : 'pushbench';
  return armLabel({ server, variant: r.variant as never });
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
export interface FailedLoad { browser: string; browserVersion: string; variant: string; profile: string; cache: string; repetition: string; page: string; error: string; traceDir: string }

export interface DashboardData {
  info: RunInfo;
  baseline: string;
  /** Variants in run order (baseline first). */
  variants: string[];
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
  failed: FailedLoad[];
  /** Which strategies beat the baseline, per cell, in plain words (stats/verdict.ts). */
  verdict: VerdictCell[];
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
}

export function dashboardData(input: DashboardInput): DashboardData {
  const { info, rows } = input;
  const pages = new Set(rows.map((r) => r.page));
  const panelOf = (r: { profile: string; cache: string; page: string }) => [r.profile, r.cache, ...(pages.size > 1 ? [r.page] : [])].join(' · ');
  const baseline = info.variants.includes(info.baseline) ? info.baseline : (info.variants[0] ?? BASELINE_VARIANT);
  // Each variant's servers next to each other: h2, h2@caddy, early-hints, early-hints@caddy, …
  const shown = [...new Set(rows.map(shownVariant))];
  const ordered = [baseline, ...info.variants.filter((v) => v !== baseline)];
  const variants = ordered.flatMap((v) => shown.filter((s) => s === v || s.startsWith(`${v}@`)));
  for (const s of shown) if (!variants.includes(s)) variants.push(s);
  const ok = rows.filter((r) => !isFailed(r));

  const distributions: DistributionPoint[] = [];
  for (const r of ok) {
    for (const [column, metric] of METRICS) {
      const ms = metricValue(r, column);
      if (ms !== undefined) distributions.push({ panel: panelOf(r), variant: shownVariant(r), browser: r.browser, browserVersion: r.browser_version, metric, ms });
    }
  }

  const allDeltas = variantDeltas(rows, baseline);
  const deltas: DeltaPoint[] = allDeltas
    .filter((d) => d.metric === 'fcp_ms' || d.metric === 'lcp_ms')
    .map((d) => ({
      panel: panelOf(d), variant: shownVariant(d), browser: d.browser, metric: d.metric === 'fcp_ms' ? 'FCP' : 'LCP',
      shift: d.shift, low: d.ci_low, high: d.ci_high, shiftPct: d.shift_pct, p: d.p, n: d.n_variant,
    }));

  const summary = summarizeCells(rows, { metrics: ['fcp_ms', 'lcp_ms'] }).filter((s) => s.median !== null);
  const label = (m: string): MetricLabel => (m === 'fcp_ms' ? 'FCP' : 'LCP');
  const versions: VersionPoint[] = summary.map((s) => ({
    panel: panelOf(s), variant: shownVariant(s), browser: s.browser, browserVersion: s.browser_version, metric: label(s.metric), median: s.median!, n: s.n,
  }));

  const bounds: BoundPoint[] = versions.map((v) => ({ panel: v.panel, variant: v.variant, metric: v.metric, browser: `${v.browser} ${v.browserVersion}`, kind: 'measured median' as const, ms: v.median, explain: `n = ${v.n}` }));
  const measuredPanels = new Set(versions.map((v) => `${v.panel}\u0000${v.variant}`));
  for (const b of input.bounds) {
    const panel = panelOf(b);
    if (!measuredPanels.has(`${panel}\u0000${b.variant}`)) continue; // bounds only next to something measured
    for (const [metric, ms] of [['FCP', b.fcpMs], ['LCP', b.lcpMs]] as const) {
      if (Number.isFinite(ms)) bounds.push({ panel, variant: b.variant, metric, browser: 'bound', kind: 'physics bound', ms, explain: b.explain });
    }
  }

  const browserVersions = [...new Set(rows.map((r) => r.browser_version).filter(Boolean))].sort(compareVersions);

  const trend = input.history
    ? trendPoints(input.history, rows).map((p) => ({ ...p, panel: panelOf(p), run: `${p.runIndex + 1}. ${p.runId}` }))
    : null;

  const failed: FailedLoad[] = rows.filter(isFailed).map((r) => ({
    browser: r.browser, browserVersion: r.browser_version, variant: shownVariant(r), profile: r.profile, cache: r.cache,
    repetition: r.repetition, page: r.page, error: r.error, traceDir: r.trace_dir,
  }));

  const pairs = armPairs(rows).map((p) => ({ ...p, panel: panelOf(p) }));
  const verdict = verdictOf(allDeltas).map((cell) => ({ ...cell, rows: cell.rows.map((r) => ({ ...r, variant: shownVariant({ variant: r.variant, server: cell.server }) })) }));
  return { info, baseline, variants, browserVersions, distributions, deltas, bounds, versions, support: supportMatrix(rows), pairs, trend, waterfalls: input.waterfalls, failed, verdict };
}
