// The request waterfall of one load, from its har.json.gz (marked on reading by harness/compute/har.ts
// with `_pushed` and `_initiator: "early-hints"`), and the choice of which load to show.
import { join } from 'node:path';
import { readAnnotatedHar } from '../../compute/har.ts';
import type { RunRow } from '../../shared/row-schema.ts';
import { isFailed, metricValue } from '../../stats/cells.ts';

export type RequestKind = 'pushed' | 'early-hints' | 'normal';

export interface WaterfallRequest {
  /** 1-based order of the request by start time. */
  index: number;
  /** "3 /assets/site.css": unique per load, sorts by start in the chart. */
  label: string;
  path: string;
  kind: RequestKind;
  status: number;
  /** ms from the page's start. */
  startMs: number;
  /** Start of the response body (start + blocked + dns + connect + send + wait). */
  firstByteMs: number;
  endMs: number;
  bytes: number;
}

export interface Waterfall {
  variant: string;
  loadId: string;
  browser: string;
  profile: string;
  cache: string;
  fcpMs: number | null;
  lcpMs: number | null;
  requests: WaterfallRequest[];
  /** Why there is no waterfall (no HAR, unreadable HAR, no successful load); empty otherwise. */
  missing: string;
}

interface HarEntry {
  startedDateTime?: string;
  time?: number;
  request?: { url?: string };
  response?: { status?: number; _transferSize?: number; bodySize?: number };
  timings?: Record<string, number | undefined>;
  _pushed?: boolean;
  _initiator?: unknown;
}
interface Har { log?: { pages?: { startedDateTime?: string }[]; entries?: HarEntry[] } }

const positive = (v: number | undefined) => (typeof v === 'number' && v > 0 ? v : 0);

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

/** The requests of a HAR, ordered by start; times relative to the page's start. */
export function waterfallRequests(har: Har): WaterfallRequest[] {
  const entries = (har.log?.entries ?? []).filter((e) => e.startedDateTime && !Number.isNaN(Date.parse(e.startedDateTime)));
  if (entries.length === 0) return [];
  const pageStart = Date.parse(har.log?.pages?.[0]?.startedDateTime ?? '');
  const origin = Number.isNaN(pageStart) ? Math.min(...entries.map((e) => Date.parse(e.startedDateTime!))) : pageStart;
  return entries
    .map((e) => {
      const t = e.timings ?? {};
      const startMs = Date.parse(e.startedDateTime!) - origin;
      // HAR: ssl is included in connect, so it is not added again.
      const waiting = positive(t.blocked) + positive(t.dns) + positive(t.connect) + positive(t.send) + positive(t.wait);
      const total = Math.max(positive(e.time), waiting + positive(t.receive));
      const initiator = typeof e._initiator === 'string' ? e._initiator : (e._initiator as { type?: string } | undefined)?.type;
      const kind: RequestKind = e._pushed === true ? 'pushed' : initiator === 'early-hints' ? 'early-hints' : 'normal';
      return {
        path: pathOf(e.request?.url ?? ''),
        kind,
        status: e.response?.status ?? 0,
        startMs,
        firstByteMs: startMs + waiting,
        endMs: startMs + total,
        bytes: positive(e.response?._transferSize) || positive(e.response?.bodySize),
      };
    })
    .sort((a, b) => a.startMs - b.startMs)
    .map((r, i) => ({ index: i + 1, label: `${String(i + 1).padStart(2, ' ')} ${r.path}`, ...r }));
}

/** Reads traces/<load>/har.json.gz, marked by compute; throws a plain Error with the reason when it cannot. */
export function readHar(runDir: string, traceDir: string): Har {
  return readAnnotatedHar(join(runDir, traceDir)) as Har;
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

/** One waterfall per variant, for the median load of that variant in the focus browser/profile/cache. */
export function waterfallsOf(runDir: string, rows: readonly RunRow[], variants: readonly string[], focus: { browser: string; profile: string; cache: string }): Waterfall[] {
  return variants.map((variant) => {
    const load = medianLoad(rows.filter((r) => r.variant === variant && r.browser === focus.browser && r.profile === focus.profile && r.cache === focus.cache));
    const base = { variant, browser: focus.browser, profile: focus.profile, cache: focus.cache, requests: [] as WaterfallRequest[] };
    if (!load) return { ...base, loadId: '', fcpMs: null, lcpMs: null, missing: 'no successful load' };
    const common = { ...base, loadId: load.trace_dir.split('/').pop() ?? '', fcpMs: metricValue(load, 'fcp_ms') ?? null, lcpMs: metricValue(load, 'lcp_ms') ?? null };
    if (!load.trace_dir) return { ...common, missing: 'the load has no trace folder' };
    try {
      const requests = waterfallRequests(readHar(runDir, load.trace_dir));
      return { ...common, requests, missing: requests.length === 0 ? 'the HAR has no requests' : '' };
    } catch (err) {
      return { ...common, missing: (err as Error).message };
    }
  });
}
