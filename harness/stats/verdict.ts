// The verdict: for each cell (profile × cache × browser, and page and server when a run has several),
// which strategies beat the baseline on FCP and LCP, which lost, and where the data say nothing,
// each with its Hodges–Lehmann shift and 95 % interval; and, for returning visitors (warm cache), the
// bytes each strategy cost. Derived from the statistics only (variant-deltas.ts), never written by
// hand: "no evidence" whenever the interval contains zero.
import type { VariantDelta } from './variant-deltas.ts';
import { pageLabel } from './cells.ts';

export type Evidence = 'better' | 'worse' | 'no evidence';

export interface Judgement {
  evidence: Evidence;
  /** variant − baseline (negative: faster, or fewer bytes). */
  shift: number;
  low: number;
  high: number;
  n: number;
}

export interface VerdictRow {
  variant: string;
  /**
   * The think time of the variant's cell (runs.csv think_ms), compared with the baseline at the same
   * think time: a think-time sweep has one row per variant and think time.
   */
  thinkMs: string;
  fcp?: Judgement;
  lcp?: Judgement;
  /** Warm cache only: the bytes a returning visitor's load cost against the baseline's. */
  bytes?: Judgement;
}

export interface VerdictCell {
  profile: string;
  cache: string;
  browser: string;
  browserVersion: string;
  page: string;
  server: string;
  baseline: string;
  rows: VerdictRow[];
}

/** Lower is better for every metric the verdict reads (ms, bytes). */
export function judge(d: Pick<VariantDelta, 'shift' | 'ci_low' | 'ci_high' | 'n_variant' | 'n_baseline'>): Judgement {
  const evidence: Evidence = d.ci_high < 0 ? 'better' : d.ci_low > 0 ? 'worse' : 'no evidence';
  return { evidence, shift: d.shift, low: d.ci_low, high: d.ci_high, n: Math.min(d.n_variant, d.n_baseline) };
}

const METRIC_FIELD = { fcp_ms: 'fcp', lcp_ms: 'lcp', transfer_bytes: 'bytes' } as const;

export function verdictOf(deltas: readonly VariantDelta[]): VerdictCell[] {
  const cells = new Map<string, VerdictCell>();
  for (const d of deltas) {
    const field = METRIC_FIELD[d.metric as keyof typeof METRIC_FIELD];
    if (!field || (field === 'bytes' && d.cache === 'cold')) continue;
    const page = pageLabel(d);
    const key = [d.profile, d.cache, d.browser, d.browser_version, page, d.server, d.baseline_variant].join('\u0000');
    let cell = cells.get(key);
    if (!cell) {
      cell = { profile: d.profile, cache: d.cache, browser: d.browser, browserVersion: d.browser_version, page, server: d.server, baseline: d.baseline_variant, rows: [] };
      cells.set(key, cell);
    }
    let row = cell.rows.find((r) => r.variant === d.variant && r.thinkMs === d.think_ms);
    if (!row) cell.rows.push((row = { variant: d.variant, thinkMs: d.think_ms }));
    row[field] = judge(d);
  }
  // A sweep's rows by variant (in the order first met), then think time, ascending.
  for (const cell of cells.values()) {
    const variants = [...new Set(cell.rows.map((r) => r.variant))];
    cell.rows.sort((a, b) => variants.indexOf(a.variant) - variants.indexOf(b.variant) || Number(a.thinkMs) - Number(b.thinkMs));
  }
  return [...cells.values()];
}
