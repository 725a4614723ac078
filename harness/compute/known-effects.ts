// Known effects of push, Early Hints and preload on a latency-bound link, judged from runs.csv rows
// (pure: `pushbench validate` gathers the rows, this decides). Each check states what theory and
// published field data expect, in round trips, and what the rows show.
import type { RunRow } from '../shared/row-schema.ts';
import { median } from '../stats/describe.ts';
import { cacheAwareOf, plainVariant } from '../shared/variants.ts';

export interface EffectCheck {
  name: string;
  expected: string;
  measured: string;
  /** null: could not be judged (too few rows, or not built yet). */
  ok: boolean | null;
}

export interface CellSpread {
  cell: string;
  loads: number;
  /** max − min of FCP across the cell's loads, in RTTs. */
  fcpSpreadRtt: number;
}

type Filter = Partial<Pick<RunRow, 'browser' | 'variant' | 'cache' | 'priorities' | 'send_queue'>>;

function pick(rows: readonly RunRow[], filter: Filter): RunRow[] {
  return rows.filter((r) => r.error === '' && Object.entries(filter).every(([k, v]) => r[k as keyof RunRow] === v));
}

function med(rows: readonly RunRow[], column: keyof RunRow): number | undefined {
  const values = rows.filter((r) => r[column] !== '').map((r) => Number(r[column])).filter(Number.isFinite);
  return values.length ? median(values) : undefined;
}

const rtts = (ms: number, rtt: number) => `${ms >= 0 ? '' : '−'}${Math.abs(ms).toFixed(0)} ms (${(ms / rtt).toFixed(2)} RTT)`;

/** `a − b` of the medians of `column`, or a check that cannot be judged. */
function difference(name: string, expected: string, a: RunRow[], b: RunRow[], column: keyof RunRow, rtt: number, pass: (deltaRtt: number) => boolean, what: string): EffectCheck {
  const ma = med(a, column);
  const mb = med(b, column);
  if (ma === undefined || mb === undefined || a.length < 2 || b.length < 2) {
    return { name, expected, measured: `too few loads (${a.length} and ${b.length})`, ok: null };
  }
  const delta = ma - mb;
  return { name, expected, measured: `${what} ${rtts(delta, rtt)} (medians ${ma.toFixed(0)} vs ${mb.toFixed(0)} ms, n=${a.length}/${b.length})`, ok: pass(delta / rtt) };
}

// The variants the effects compare, found by what they do (harness/shared/variants.ts).
const H2 = plainVariant('none');
const PUSH = plainVariant('push');
const PUSH_CACHE_AWARE = cacheAwareOf(PUSH) ?? PUSH;
const HINTS = plainVariant('hints');
const HINTS_H1 = plainVariant('hints', 'h1');
const PRELOAD = plainVariant('preload');

/** The variants each of validate's runs measures (the KnownEffectRows groups). */
export const KNOWN_EFFECT_VARIANTS: Record<keyof KnownEffectRows, readonly string[]> = {
  push: [H2, PUSH, PUSH_CACHE_AWARE, PRELOAD],
  hints: [H2, HINTS, HINTS_H1],
  naive: [H2, PUSH],
};

export interface KnownEffectRows {
  /** chromium-103, think 0, cold and warm: h2, h2-push, h2-push-cache-aware, preload (default servers). */
  push: RunRow[];
  /** chromium (current), think ≈ RTT, cold: h2, early-hints, early-hints-h1. */
  hints: RunRow[];
  /** chromium-103, think 0, cold: h2, h2-push with sendQueue unlimited and priorities off. */
  naive: RunRow[];
}

export function judgeKnownEffects(rows: KnownEffectRows, rttMs: number): EffectCheck[] {
  const cold103 = (variant: string) => pick(rows.push, { browser: 'chromium-103', variant, cache: 'cold' });
  const warm103 = (variant: string) => pick(rows.push, { browser: 'chromium-103', variant, cache: 'warm' });
  const coldHints = (variant: string) => pick(rows.hints, { variant, cache: 'cold' });
  const naive = (variant: string) => pick(rows.naive, { browser: 'chromium-103', variant, cache: 'cold' });
  const checks: EffectCheck[] = [
    difference('push saves FCP (Chromium 103, cold)', `${H2} − ${PUSH} ≥ 0.5 RTT: the CSS arrives with the HTML`,
      cold103(H2), cold103(PUSH), 'fcp_ms', rttMs, (d) => d >= 0.5, 'FCP saved'),
    difference('push does not delay the HTML (Chromium 103, cold)', `${PUSH} − ${H2} TTFB ≤ 0.25 RTT`,
      cold103(PUSH), cold103(H2), 'ttfb_ms', rttMs, (d) => d <= 0.25, 'TTFB later by'),
    difference('Early Hints save FCP with think time ≈ RTT (current Chromium, cold)', `${H2} − ${HINTS} ≥ 0.5 RTT (Shopify/Cloudflare: LCP −500 ms at p50)`,
      coldHints(H2), coldHints(HINTS), 'fcp_ms', rttMs, (d) => d >= 0.5, 'FCP saved'),
    difference('preload does not hurt FCP (Chromium 103, cold)', `${PRELOAD} − ${H2} ≤ 0.25 RTT: the CSS is found at once either way`,
      cold103(PRELOAD), cold103(H2), 'fcp_ms', rttMs, (d) => d <= 0.25, 'FCP later by'),
    difference('a naive server makes push delay the HTML (sendQueue unlimited, priorities off)', `${PUSH} − ${H2} TTFB ≥ 0.5 RTT: the regression this round removed, back on demand`,
      naive(PUSH), naive(H2), 'ttfb_ms', rttMs, (d) => d >= 0.5, 'TTFB later by'),
  ];

  const h1Hints = coldHints(HINTS_H1);
  const started = h1Hints.map((r) => Number(r.hint_preloads_started || 0));
  checks.push({
    name: 'Early Hints over HTTP/1.1 are ignored (current Chromium)',
    expected: 'no fetch started by a 103 in any load',
    measured: h1Hints.length ? `preloads started per load: ${started.join(', ')}` : 'no loads',
    ok: h1Hints.length ? started.every((n) => n === 0) : null,
  });

  const warmPush = warm103(PUSH);
  const warmH2 = warm103(H2);
  const wasted = med(warmPush, 'push_wasted_bytes');
  const extra = (med(warmPush, 'server_bytes') ?? NaN) - (med(warmH2, 'server_bytes') ?? NaN);
  checks.push({
    name: 'warm push wastes about the pushed bytes (Chromium 103)',
    expected: `wasted bytes within 20 % of what the push server sent beyond ${H2}`,
    measured: wasted === undefined || !Number.isFinite(extra) ? 'too few loads' : `wasted ${wasted.toFixed(0)} B, extra server bytes ${extra.toFixed(0)} B`,
    ok: wasted === undefined || !Number.isFinite(extra) ? null : extra > 0 && Math.abs(wasted - extra) <= 0.2 * extra,
  });
  const warmAware = warm103(PUSH_CACHE_AWARE);
  const awareWasted = med(warmAware, 'push_wasted_bytes');
  const awareSkipped = med(warmAware, 'push_skipped');
  checks.push({
    name: 'cache-aware push wastes almost nothing on a returning visit (Chromium 103)',
    expected: `${PUSH_CACHE_AWARE}, warm: wasted bytes ≤ 5 % of plain push’s, everything skipped`,
    measured: awareWasted === undefined || wasted === undefined ? 'too few loads' : `wasted ${awareWasted.toFixed(0)} B (plain push ${wasted.toFixed(0)} B), ${awareSkipped ?? 0} pushes skipped per load`,
    ok: awareWasted === undefined || wasted === undefined ? null : awareWasted <= 0.05 * wasted && (awareSkipped ?? 0) > 0,
  });
  return checks;
}

/** FCP spread of every cell of the given rows, in RTTs (max − min). */
export function cellSpreads(rows: readonly RunRow[], rttMs: number): CellSpread[] {
  const cells = new Map<string, number[]>();
  for (const r of rows) {
    if (r.error !== '' || r.fcp_ms === '' || !Number.isFinite(Number(r.fcp_ms))) continue;
    const key = `${r.browser} · ${r.cache} · ${r.variant} · think ${r.think_ms} · queue ${r.send_queue} · priorities ${r.priorities}`;
    cells.set(key, [...(cells.get(key) ?? []), Number(r.fcp_ms)]);
  }
  return [...cells].map(([cell, values]) => ({ cell, loads: values.length, fcpSpreadRtt: (Math.max(...values) - Math.min(...values)) / rttMs }));
}
