// Compute: every metric of one load from its saved artifacts. Pure: no browser, no network.

import type { CdpEvent, LoadMeta, PageArtifacts } from '../gather/artifacts.ts';
import type { WireEvent } from './wire.ts';
import { computeTiming, type TimingMetrics } from './timing.ts';
import { blockedRequests, computeBytes, originMsOf, type ByteMetrics } from './bytes.ts';
import { computePush, type PushMetrics } from './push.ts';
import { computeHints, type HintMetrics } from './hints.ts';
import { preloadsUnused } from './preload.ts';
import { duplicateFetches } from './fetches.ts';
import { computePriority, type PriorityMetrics } from './priority.ts';
import { PRELOAD_VARIANTS } from '../shared/variants.ts';
import { PUSHBENCH_WIRE_KNOWS, type WireKnowledge } from './caddy-access.ts';
import type { ScreencastFile } from '../gather/screencast.ts';
import { framesOnNavigationClock, visualMetricsOf, type VisualMetrics } from './visual-metrics.ts';
import { secondOriginConnection, type PreconnectUse } from './preconnect.ts';
import { computePrefetch, type PrefetchMetrics, type StepTraffic } from './prefetch.ts';

export interface LoadMetrics {
  timing: TimingMetrics;
  bytes: ByteMetrics;
  /** accepted and cancelled are undefined when the server log cannot see stream resets. */
  push: Omit<PushMetrics, 'usedPaths' | 'accepted' | 'cancelled'> & { accepted?: number; cancelled?: number };
  hints: HintMetrics;
  /** undefined when the server log does not record the client's priority signals. */
  priority?: PriorityMetrics;
  duplicateFetches: number;
  /** topology edge: the origin's time for the page (wire log); undefined in topology direct. */
  originMs?: number;
  /** Requests to hosts outside the run that the browser could not look up; undefined without CDP. */
  blockedRequests?: number;
  /** undefined for variants that do not preload. */
  preloadsUnused?: number;
  harnessOverheadMs?: number;
  harnessCostMs?: number;
  /** From the load's screencast; undefined without one (filmstrip off, no CDP, older traces). */
  visual?: VisualMetrics;
  /** Whether the first request to another origin found its connection ready (preconnect.ts). */
  preconnectUsed: PreconnectUse;
  /** Second origin's wire log: how long its connection had been ready when the first request came. */
  preconnectLeadMs?: number;
  prefetch: PrefetchMetrics;
}

export interface LoadArtifactsInput {
  meta: LoadMeta;
  page?: PageArtifacts;
  /** undefined when the load has no cdp.json.gz (an engine without CDP, e.g. Firefox). */
  cdp: readonly CdpEvent[] | undefined;
  wire: readonly WireEvent[];
  /** Requests the browser reports as failed, from the HAR, for an engine without CDP (Firefox). */
  failedRequests?: readonly FailedRequest[];
  /** What the server log could tell (Caddy's access log: no resets, no priority signals); all when absent. */
  wireKnows?: WireKnowledge;
  /** The screen recording (screencast.json.gz), when the load has one. */
  screencast?: ScreencastFile;
  /** The site's second origins' wire logs during the load, by host name. */
  originWire?: Readonly<Record<string, readonly WireEvent[]>>;
  /** A journey's earlier steps of the same load (what they prefetched); absent for a first step. */
  earlier?: readonly StepTraffic[];
}

export interface FailedRequest {
  url: string;
  /** The browser's reason, e.g. NS_ERROR_UNKNOWN_HOST. */
  error: string;
}

/** The harness's overhead as first defined: its wall time minus the page's load event. */
export function harnessOverheadMs(wallMs: number, timing: Pick<TimingMetrics, 'loadMs'>): number | undefined {
  return timing.loadMs !== undefined ? wallMs - timing.loadMs : undefined;
}

/**
 * What the harness cost on top of the page: its wall time minus the page's own time, which ends
 * at the load event or at the last paint the harness must wait for (FCP, the final LCP candidate),
 * whichever is later. On the fixture blog the hero's LCP comes 60–190 ms after the load event
 * (decoded and painted after its bytes arrived): page time, which harnessOverheadMs counts as the
 * harness's.
 */
export function harnessCostMs(wallMs: number, timing: Pick<TimingMetrics, 'loadMs' | 'fcpMs' | 'lcpMs'>): number | undefined {
  if (timing.loadMs === undefined) return undefined;
  return wallMs - Math.max(timing.loadMs, timing.fcpMs ?? 0, timing.lcpMs ?? 0);
}

export function computeMetrics({ meta, page, cdp, wire, failedRequests, wireKnows = PUSHBENCH_WIRE_KNOWS, screencast, originWire, earlier }: LoadArtifactsInput): LoadMetrics {
  const timing = computeTiming(page, cdp ?? []);
  const { usedPaths: _used, ...push } = computePush(wire, cdp);
  const secondOrigin = secondOriginConnection(page, meta.url, originWire);
  return {
    timing,
    bytes: computeBytes(page, wire),
    push: wireKnows.resets ? push : { ...push, accepted: undefined, cancelled: undefined },
    hints: computeHints(wire, page, meta.page, meta.critical, ['yes', 'partly'].includes(secondOrigin.used)),
    priority: wireKnows.priorities ? computePriority(wire) : undefined,
    duplicateFetches: duplicateFetches(wire),
    blockedRequests: blockedRequests(cdp, failedRequests),
    originMs: originMsOf(wire, meta.page),
    preloadsUnused: PRELOAD_VARIANTS.includes(meta.variant) ? preloadsUnused(meta.critical, wire, page) : undefined,
    harnessOverheadMs: harnessOverheadMs(meta.wallMs, timing),
    harnessCostMs: harnessCostMs(meta.wallMs, timing),
    visual: screencast && page?.navigation?.timeOrigin !== undefined ? visualMetricsOf(framesOnNavigationClock(screencast, page.navigation.timeOrigin)) : undefined,
    preconnectUsed: secondOrigin.used,
    preconnectLeadMs: secondOrigin.leadMs,
    prefetch: computePrefetch({ wire, cdp }, page, meta.page, meta.journey && meta.journey.step > 1 ? earlier ?? [] : undefined),
  };
}
