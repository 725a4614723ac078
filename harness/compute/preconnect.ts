// Preconnect: did the first request to another origin (the site's second origin: fonts on
// https://fonts.pushbench.test) find its connection already set up? From the page's Resource
// Timing, which the second origin exposes (Timing-Allow-Origin: *): Chromium reports the connect
// times of a socket set up before the request as the request's own start (URLRequest's
// ConvertRealLoadTimesToBlockingTimes), so a ready connection shows connectStart === connectEnd, and
// one still being set up when the request came shows a set-up shorter than a fresh one.
// The second origin's wire log adds what the server saw: how long the connection had been ready
// (TLS done) when the first request arrived on it.

import type { PageArtifacts, ResourceEntry } from '../gather/artifacts.ts';
import type { WireEvent } from './wire.ts';
import { eventsOf } from './wire.ts';

/**
 * yes: the connection was ready before the request; partly: it was being set up (the request waited
 * less than a fresh set-up); no: the request set it up itself; reused: the connection was opened
 * before this navigation (a journey's earlier step), so nothing here decided it; n/a: no request of
 * the page left its origin over the network (none, or all from the cache). '' when the browser does
 * not tell (no Resource Timing connect times).
 */
export type PreconnectUse = 'yes' | 'partly' | 'no' | 'reused' | 'n/a' | '';

/** A set-up shorter than this share of the navigation's own fresh one was partly done before the request. */
const PARTLY_BELOW = 0.5;
/** Below this a fresh set-up is too short to tell a partial one from it (an unshaped link). */
const MEASURABLE_SETUP_MS = 5;

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
};

/**
 * A cache hit as Resource Timing shows it (with Timing-Allow-Origin): a body, no bytes transferred.
 * Not a fetch a 103 started: Chromium reports those with transferSize 0 too, though they came
 * over the network.
 */
const fromCache = (r: ResourceEntry) => r.transferSize === 0 && r.decodedBodySize > 0 && r.initiatorType !== 'early-hints';

/** The first request of the page to an origin other than its own that went to the network, by start time. */
function firstCrossOriginRequest(page: PageArtifacts | undefined, pageUrl: string): ResourceEntry | undefined {
  const own = originOf(pageUrl);
  return [...(page?.resources ?? [])]
    .filter((r) => /^https?:/.test(r.name) && originOf(r.name) !== own && !fromCache(r))
    .sort((a, b) => a.startTime - b.startTime)[0];
}

/** The page's first cross-origin connection as the browser and the second origin's server saw it. */
export interface SecondOriginConnection {
  used: PreconnectUse;
  /** connectionLeadMs of the origin the first request went to; undefined without its log. */
  leadMs?: number;
}

/**
 * `originWire`: the second origins' wire logs of this navigation by host; a second origin that got
 * requests but logged no new connection served them on one opened before (`reused`).
 */
export function secondOriginConnection(page: PageArtifacts | undefined, pageUrl: string, originWire?: Readonly<Record<string, readonly WireEvent[]>>): SecondOriginConnection {
  const first = firstCrossOriginRequest(page, pageUrl);
  if (!first) return { used: 'n/a' };
  const wire = originWire?.[new URL(first.name).hostname];
  return { used: readinessOf(first, page, wire), leadMs: wire ? connectionLeadMs(wire) : undefined };
}

/** Whether the first cross-origin request (`first`) found its connection ready; `wire`: its origin's log. */
function readinessOf(first: ResourceEntry, page: PageArtifacts | undefined, wire: readonly WireEvent[] | undefined): PreconnectUse {
  // The server's log settles what Resource Timing leaves open: no request reached it (a 103's
  // preload answered from the cache), or none on a connection of this navigation.
  if (wire && eventsOf(wire, 'request').length === 0) return 'n/a';
  if (wire && eventsOf(wire, 'connection').length === 0) return 'reused';
  const { connectStart, connectEnd, domainLookupStart } = first;
  // Without Timing-Allow-Origin every milestone is 0: nothing to judge.
  if (connectStart === undefined || connectEnd === undefined || (connectStart === 0 && connectEnd === 0 && !domainLookupStart)) return '';
  const setup = connectEnd - connectStart;
  if (setup <= 0) return 'yes';
  const nav = page?.navigation;
  const fresh = nav ? nav.connectEnd - nav.connectStart : 0;
  return fresh >= MEASURABLE_SETUP_MS && setup < PARTLY_BELOW * fresh ? 'partly' : 'no';
}

/**
 * From a second origin's wire log: how long the connection that carried its first request had been
 * ready (TLS done) when that request arrived, ms; undefined without a request. About 0 when the
 * request set the connection up itself (the browser sends it with its TLS Finished).
 */
export function connectionLeadMs(wire: readonly WireEvent[]): number | undefined {
  const first = eventsOf(wire, 'request').sort((a, b) => a.t - b.t)[0];
  if (!first) return undefined;
  const conn = eventsOf(wire, 'connection').find((c) => c.conn === first.conn);
  return conn ? first.t - conn.t : undefined;
}
