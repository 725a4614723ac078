// Prefetch across a journey's steps: what a step fetched for later (`<link rel=prefetch>`), and
// whether a later step took its document and files from that prefetch instead of the network.
// A prefetch is recognised on the wire (Chromium and Firefox send `Sec-Purpose: prefetch` or
// `Purpose: prefetch`) or in CDP (resource type Prefetch), so it works for every server log that
// records the request headers and for every engine that sends them.

import type { CdpEvent, PageArtifacts } from '../gather/artifacts.ts';
import type { WireEvent } from './wire.ts';
import { eventsOf } from './wire.ts';
import { isPagePath, pathOf } from './urls.ts';

/**
 * For a page an earlier step prefetched: yes, the step's document came from the prefetch with no
 * request; revalidated, the browser asked the server again and got 304 (the prefetch saved the body,
 * not the round trip); no, it was fetched again whole. n/a: nothing prefetched it.
 */
export type PrefetchUse = 'yes' | 'revalidated' | 'no' | 'n/a';

/** What one step of a load left that tells about prefetch: its server log and CDP events. */
export interface StepTraffic {
  wire: readonly WireEvent[];
  cdp?: readonly CdpEvent[];
}

export interface PrefetchMetrics {
  /** Requests of this step made to prefetch (for a later navigation). */
  prefetched: number;
  /** undefined for a load's first (or only) step: nothing before it could prefetch. */
  used?: PrefetchUse;
  /** The step's document and files served from an earlier step's prefetch (none requested again). */
  hits?: number;
}

const isPrefetchPurpose = (headers: { purpose?: string; 'sec-purpose'?: string }) =>
  /prefetch/i.test(headers['sec-purpose'] ?? '') || /prefetch/i.test(headers.purpose ?? '');

/** Paths a step requested to prefetch: on the wire by purpose header, in CDP by resource type. */
export function prefetchedPaths(step: StepTraffic): Set<string> {
  const paths = new Set<string>();
  for (const r of eventsOf(step.wire, 'request')) if (isPrefetchPurpose(r.headers ?? {})) paths.add(r.path);
  // CDP: a prefetch the browser answered from its cache (a warm journey's primed files) fetched nothing.
  const cached = new Set<string>();
  for (const e of step.cdp ?? []) {
    if (e.method === 'Network.requestServedFromCache' || (e.method === 'Network.responseReceived' && e.params.response?.fromDiskCache)) cached.add(String(e.params.requestId));
  }
  for (const e of step.cdp ?? []) {
    if (e.method === 'Network.requestWillBeSent' && e.params.type === 'Prefetch' && !cached.has(String(e.params.requestId))) paths.add(pathOf(String(e.params.request?.url ?? '')));
  }
  return paths;
}

/** Every one of these requests was answered 304 Not Modified. */
function revalidated(wire: readonly WireEvent[], requests: readonly { conn: number; stream: number }[]): boolean {
  const responses = eventsOf(wire, 'response');
  return requests.every((q) => responses.find((r) => r.conn === q.conn && r.stream === q.stream)?.status === 304);
}


export function computePrefetch(step: StepTraffic, page: PageArtifacts | undefined, pagePath: string, earlier: readonly StepTraffic[] | undefined): PrefetchMetrics {
  const prefetched = prefetchedPaths(step).size;
  if (!earlier || earlier.length === 0) return { prefetched };
  const before = new Set(earlier.flatMap((s) => [...prefetchedPaths(s)]));
  const requests = eventsOf(step.wire, 'request').filter((r) => !isPrefetchPurpose(r.headers ?? {}));
  const fetchedAgain = (path: string) => requests.some((r) => isPagePath(r.path, path));
  const docPrefetched = [...before].some((p) => isPagePath(p, pagePath));
  const used: PrefetchUse = !docPrefetched ? 'n/a' : !fetchedAgain(pagePath) ? 'yes' : revalidated(step.wire, requests.filter((r) => isPagePath(r.path, pagePath))) ? 'revalidated' : 'no';
  const files = (page?.resources ?? []).map((r) => pathOf(r.name)).filter((p) => before.has(p) && !fetchedAgain(p));
  return { prefetched, used, hits: (used === 'yes' ? 1 : 0) + new Set(files).size };
}
