// Which load's waterfall the dashboard shows for each variant, and that waterfall: computed from the
// load's page.json and CDP events on the navigation's clock (harness/compute/waterfall.ts), so bars,
// TTFB, FCP and LCP share one zero.
import { basename, join } from 'node:path';
import { readLoadArtifacts } from '../../compute/read-trace.ts';
import { waterfallOf, type LoadWaterfall, type WaterfallRequest } from '../../compute/waterfall.ts';
import type { RunRow } from '../../shared/row-schema.ts';
import { isFailed, isFirstStep, metricValue } from '../../stats/cells.ts';

export interface Waterfall {
  variant: string;
  loadId: string;
  browser: string;
  profile: string;
  cache: string;
  fcpMs: number | null;
  lcpMs: number | null;
  /** The row's TTFB, drawn as a line: the document's first byte sits on it (the same clock). */
  ttfbMs: number | null;
  requests: WaterfallRequest[];
  /** When the 103 arrived, where the browser tells it. */
  hintsArrivalMs: number | null;
  /** Why there is no waterfall (no page.json, no successful load); empty otherwise. */
  missing: string;
}

/** The waterfall of one load's trace folder, on the navigation's clock (compute/waterfall.ts). */
export function loadWaterfall(traceDir: string): LoadWaterfall {
  const input = readLoadArtifacts(traceDir);
  if (!input) throw new Error(`no meta.json in ${basename(traceDir)}`);
  if (!input.page) throw new Error(`no page.json in ${basename(traceDir)}`);
  return waterfallOf(input.page, input.cdp);
}

/**
 * The load to show for a variant: among its successful loads in the given browser/profile/cache,
 * the median by LCP (lower median, so it is a real load), falling back to FCP then load time.
 */
export function medianLoad(rows: readonly RunRow[]): RunRow | undefined {
  const ok = rows.filter((r) => !isFailed(r));
  for (const metric of ['lcp_ms', 'fcp_ms', 'load_ms'] as const) {
    const withValue = ok.filter((r) => metricValue(r, metric) !== undefined).sort((a, b) => metricValue(a, metric)! - metricValue(b, metric)!);
    if (withValue.length > 0) return withValue[Math.floor((withValue.length - 1) / 2)];
  }
  return ok[0];
}

/**
 * One waterfall per variant, for the median load of that variant in the focus browser/profile/cache
 * (and think time, when the focus names one: a think-time sweep).
 */
export function waterfallsOf(runDir: string, rows: readonly RunRow[], variants: readonly string[], focus: { browser: string; profile: string; cache: string; thinkMs?: string }): Waterfall[] {
  return variants.map((variant) => {
    // A journey's first step: later steps load a different page on a warmed browser.
    const mine = rows.filter((r) => r.variant === variant && r.browser === focus.browser && r.profile === focus.profile && r.cache === focus.cache && isFirstStep(r));
    // A variant with a think time of its own (not swept) is shown at that one.
    const atThink = mine.filter((r) => focus.thinkMs === undefined || r.think_ms === focus.thinkMs);
    const load = medianLoad(atThink.length ? atThink : mine);
    const base = { variant, browser: focus.browser, profile: focus.profile, cache: focus.cache, requests: [] as WaterfallRequest[], hintsArrivalMs: null };
    if (!load) return { ...base, loadId: '', fcpMs: null, lcpMs: null, ttfbMs: null, missing: 'no successful load' };
    const common = {
      ...base, loadId: load.trace_dir.split('/').pop() ?? '',
      fcpMs: metricValue(load, 'fcp_ms') ?? null, lcpMs: metricValue(load, 'lcp_ms') ?? null, ttfbMs: metricValue(load, 'ttfb_ms') ?? null,
    };
    if (!load.trace_dir) return { ...common, missing: 'the load has no trace folder' };
    try {
      const { requests, hintsArrivalMs } = loadWaterfall(join(runDir, load.trace_dir));
      return { ...common, requests, hintsArrivalMs: hintsArrivalMs ?? null, missing: requests.length === 0 ? 'the page reported no requests' : '' };
    } catch (err) {
      return { ...common, missing: (err as Error).message };
    }
  });
}
