// The request waterfall of one load, on the navigation's own clock: every time is ms from the
// navigation's start, the zero of TTFB, FCP and LCP, so the document's first byte sits where
// ttfb_ms says and no paint can precede it. From the page's Navigation and Resource Timing
// (page.json) and, for what those do not tell, CDP: which responses were pushed, and the final
// response headers behind a 103 (finalTtfb, the same function as the row's ttfb_ms).
// Pure: no browser, no file.
import type { CdpEvent, PageArtifacts, ResourceEntry } from '../gather/artifacts.ts';
import { pushedResponsePaths } from './push.ts';
import { finalTtfb } from './timing.ts';
import { pathOf } from './urls.ts';

export type RequestKind = 'document' | 'pushed' | 'early-hints' | 'normal';

/** One stretch of a request's life, drawn as one bar segment. */
export type Phase = 'dns' | 'connect' | 'tls' | 'waiting' | 'receiving';

export interface WaterfallSegment {
  phase: Phase;
  fromMs: number;
  toMs: number;
}

export interface WaterfallRequest {
  /** 1-based order of the request by start time (the document first). */
  index: number;
  /** "3 /assets/site.css": unique per load, sorts by start in the chart. */
  label: string;
  path: string;
  kind: RequestKind;
  startMs: number;
  /** First byte of the (final) response; equal to startMs when the browser does not tell (cross-origin). */
  firstByteMs: number;
  endMs: number;
  bytes: number;
  segments: WaterfallSegment[];
}

export interface LoadWaterfall {
  requests: WaterfallRequest[];
  /** When the 103 arrived (Navigation Timing firstInterimResponseStart, Chromium ≥ 115), if one did. */
  hintsArrivalMs?: number;
}

/** The timing fields both entry kinds share (Resource Timing of older traces has only some). */
type Timed = Pick<ResourceEntry, 'startTime' | 'responseEnd' | 'domainLookupStart' | 'domainLookupEnd' | 'connectStart' | 'secureConnectionStart' | 'connectEnd' | 'requestStart'>;

const at = (v: number | undefined) => (typeof v === 'number' && v > 0 ? v : undefined);

/** Connection set-up, TLS, waiting and receiving of one entry, each only when the browser measured it. */
function segmentsOf(e: Timed, firstByteMs: number): WaterfallSegment[] {
  const segments: WaterfallSegment[] = [];
  const add = (phase: Phase, from: number | undefined, to: number | undefined) => {
    if (from !== undefined && to !== undefined && to > from) segments.push({ phase, fromMs: from, toMs: to });
  };
  const tlsStart = at(e.secureConnectionStart);
  add('dns', at(e.domainLookupStart), at(e.domainLookupEnd));
  add('connect', at(e.connectStart), tlsStart ?? at(e.connectEnd));
  add('tls', tlsStart, at(e.connectEnd));
  add('waiting', at(e.requestStart) ?? e.startTime, firstByteMs);
  add('receiving', firstByteMs, e.responseEnd);
  return segments;
}

export function waterfallOf(page: PageArtifacts, cdp: readonly CdpEvent[] | undefined): LoadWaterfall {
  const pushed = cdp ? pushedResponsePaths(cdp) : new Set<string>();
  const unordered: Omit<WaterfallRequest, 'index' | 'label'>[] = [];
  const nav = page.navigation;
  if (nav) {
    const firstByteMs = finalTtfb(page, cdp ?? []) ?? nav.responseStart;
    unordered.push({
      path: '(document)', kind: 'document', startMs: 0, firstByteMs, endMs: nav.responseEnd,
      bytes: nav.transferSize || nav.encodedBodySize, segments: segmentsOf({ ...nav, startTime: 0 }, firstByteMs),
    });
  }
  for (const r of page.resources) {
    const path = pathOf(r.name);
    const firstByteMs = at(r.responseStart) ?? r.startTime;
    const kind: RequestKind = pushed.has(path) ? 'pushed' : r.initiatorType === 'early-hints' ? 'early-hints' : 'normal';
    unordered.push({ path, kind, startMs: r.startTime, firstByteMs, endMs: r.responseEnd, bytes: r.transferSize || r.encodedBodySize, segments: segmentsOf(r, firstByteMs) });
  }
  const requests = unordered
    .sort((a, b) => a.startMs - b.startMs || (a.kind === 'document' ? -1 : 0))
    .map((r, i) => ({ index: i + 1, label: `${String(i + 1).padStart(2, ' ')} ${r.path}`, ...r }));
  const hints = at(nav?.firstInterimResponseStart);
  return { requests, ...(hints !== undefined ? { hintsArrivalMs: hints } : {}) };
}
