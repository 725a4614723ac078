// Bytes and counts of one load: the browser's view (Resource Timing) and the server's (wire log).

import type { PageArtifacts, ResourceEntry } from '../gather/artifacts.ts';
import type { WireEvent } from './wire.ts';
import { eventsOf } from './wire.ts';
import { pathOf } from './urls.ts';

export interface ByteMetrics {
  /**
   * Navigation + resources transferSize (headers included; 0 for cache hits). Chromium reports
   * transferSize 0 for fetches started by a 103 even when they crossed the network; those count
   * with their encodedBodySize when the wire log shows the request.
   */
  transferBytes?: number;
  decodedBytes?: number;
  /** Body bytes the server handed to its connections, pushes included. */
  serverBytes: number;
  requests: number;
  connections: number;
}

/** Requests to hosts the browser was not allowed to look up (outside the run); undefined without CDP. */
export function blockedRequests(cdp: readonly { method: string; params: Record<string, any> }[] | undefined): number | undefined {
  if (!cdp) return undefined;
  return cdp.filter((e) => e.method === 'Network.loadingFailed' && e.params.errorText === 'net::ERR_NAME_NOT_RESOLVED').length;
}

export function computeBytes(page: PageArtifacts | undefined, wire: readonly WireEvent[]): ByteMetrics {
  const nav = page?.navigation;
  const resources = page?.resources ?? [];
  const requested = new Set(eventsOf(wire, 'request').map((r) => r.path));
  const transferred = (r: ResourceEntry) =>
    r.initiatorType === 'early-hints' && r.transferSize === 0 && requested.has(pathOf(r.name)) ? r.encodedBodySize : r.transferSize;
  return {
    transferBytes: nav ? nav.transferSize + resources.reduce((s, r) => s + transferred(r), 0) : undefined,
    decodedBytes: nav ? nav.decodedBodySize + resources.reduce((s, r) => s + r.decodedBodySize, 0) : undefined,
    serverBytes: eventsOf(wire, 'stream-end').reduce((s, e) => s + e.bytes, 0),
    requests: eventsOf(wire, 'request').length,
    connections: eventsOf(wire, 'connection').length,
  };
}
