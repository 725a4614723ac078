// What one load leaves behind in results/<run-id>/traces/<load-id>/. Everything the CSV says
// is computed from these files by harness/compute (no browser needed to recompute).

import type { CriticalResource } from '../../sites/manifest-types.ts';
import type { NetworkProfile } from '../config/profile.ts';
import type { ShaperInfo } from '../shapers/shaper.ts';
import type { Delivery, Topology, WireLogFormat } from '../../servers/types.ts';
import type { ServerFamily, VariantName } from '../shared/variants.ts';
import type { CacheState, Isolation } from '../config/benchmark.ts';
import type { JourneyStepInfo } from '../config/journeys.ts';

/** meta.json: who/what/where, written by the harness for every load, failed or not. */
export interface LoadMeta {
  schema: 1;
  loadId: string;
  runId: string;
  commit: string;
  pushbenchVersion: string;
  toolVersion: string;
  browser: string;
  browserVersion: string;
  engine: string;
  /** The server family that served the load and its version (absent in older traces: pushbench). */
  server?: ServerFamily;
  serverVersion?: string;
  variant: VariantName;
  topology: Topology;
  thinkMs: number;
  /** How the server put responses on the wire, as the server reported it (absent in older traces; partial for Caddy). */
  delivery?: Partial<Delivery>;
  /** The server's own congestion control when it runs one (QUIC); absent: the link's kernel TCP (shaper info). */
  congestionControl?: string;
  site: string;
  page: string;
  url: string;
  /**
   * A step of a journey (harness/config/journeys.ts); absent for a load of one page. `navigatedBy`:
   * how a later step was reached (a click on the page's link, or location.assign without one).
   */
  journey?: JourneyStepInfo & { navigatedBy?: 'click' | 'script' };
  profile: NetworkProfile;
  shaper: ShaperInfo;
  cache: CacheState;
  repetition: number;
  order: number;
  startedAt: string;
  /** The resources the variant pushes / hints / preloads for this page (same for all variants). */
  critical: CriticalResource[];
  /** Empty on success. */
  error: string;
  /**
   * How the load was kept apart from earlier ones: a fresh context of a running browser, or a fresh
   * browser process (absent in traces from before the choice existed: those were all "process").
   */
  isolation?: Isolation;
  /**
   * Warm loads: whether this load primed its profile (a first visit in a browser of its own, then
   * closed), or started from a copy of the profile an earlier repetition of its arm primed so.
   */
  warmProfile?: 'primed' | 'copy';
  /** Harness wall time of the whole load, trace writing included, a warm load's priming excluded, ms. */
  wallMs: number;
  /**
   * Where the time went: browser launch or context hand-over, waiting for a quiet machine after a
   * browser start, navigation (to the load event), settling paints and collecting, close, trace
   * writing (close and writing overlap); priming or copying a primed profile (not in wallMs). quietMs, writeMs and primeMs are absent in older traces.
   */
  phases?: { launchMs: number; quietMs?: number; navigateMs: number; collectMs: number; closeMs: number; writeMs?: number; primeMs?: number };
  /** After a browser start: busy share of all CPU cores just before the measured navigation (quiet.ts). */
  cpuBusyPctBeforeNavigation?: number;
  /** Which trace files exist (relative to the load folder). */
  files: string[];
  /** Present when Lighthouse was asked for: its error ("" = ran; values in lighthouse.json.gz). */
  lighthouse?: { error: string };
}

export interface NavigationEntry {
  /** performance.timeOrigin (epoch ms, absent in older traces): puts screencast frames on the navigation's clock. */
  timeOrigin?: number;
  startTime: number;
  fetchStart: number;
  domainLookupStart: number;
  domainLookupEnd?: number;
  connectStart: number;
  secureConnectionStart: number;
  connectEnd: number;
  requestStart: number;
  responseStart: number;
  /** Chromium >= 115: arrival of the first 1xx (e.g. 103 Early Hints). */
  firstInterimResponseStart?: number;
  /** Chromium >= 133: arrival of the final response's headers. */
  finalResponseHeadersStart?: number;
  responseEnd: number;
  domContentLoadedEventEnd: number;
  loadEventEnd: number;
  transferSize: number;
  encodedBodySize: number;
  decodedBodySize: number;
  nextHopProtocol: string;
  responseStatus?: number;
}

export interface ResourceEntry {
  name: string;
  initiatorType: string;
  startTime: number;
  /** Connection and request milestones (0 when the browser does not tell, e.g. cross-origin; absent in older traces). */
  domainLookupStart?: number;
  domainLookupEnd?: number;
  connectStart?: number;
  secureConnectionStart?: number;
  connectEnd?: number;
  requestStart?: number;
  responseStart: number;
  responseEnd: number;
  transferSize: number;
  encodedBodySize: number;
  decodedBodySize: number;
  nextHopProtocol: string;
}

export interface LcpCandidate {
  startTime: number;
  renderTime: number;
  loadTime: number;
  size: number;
  url: string;
  element: string;
}

export interface PageUsage {
  stylesheets: string[];
  images: string[];
  scripts: string[];
  fonts: { family: string; weight: string; style: string; status: string }[];
  preloadLinks: string[];
}

/** page.json: what the in-page scripts reported (harness/gather/page-scripts). */
export interface PageArtifacts {
  navigation: NavigationEntry | null;
  /** startTime as the browser reports it; paintTime/presentationTime where the browser has them (Chromium >= 13x). */
  paint: { name: string; startTime: number; paintTime?: number; presentationTime?: number }[];
  lcp: { supported: boolean; candidates: LcpCandidate[] };
  resources: ResourceEntry[];
  usage: PageUsage | null;
}

/** One Chrome DevTools Protocol event as recorded (cdp.json.gz). */
export interface CdpEvent {
  method: string;
  params: Record<string, any>;
}
