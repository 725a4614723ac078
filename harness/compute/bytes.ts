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

/** How Chromium reports a blocked request: no lookup (--host-resolver-rules), or the proxy shaper refusing the host. */
const CHROMIUM_BLOCKED = ['net::ERR_NAME_NOT_RESOLVED', 'net::ERR_SOCKS_CONNECTION_FAILED'];

/**
 * Requests to hosts the browser was not allowed to look up (outside the run): Chromium's from CDP,
 * Firefox's from the HAR's failed requests (NS_ERROR_UNKNOWN_HOST); undefined with neither.
 */
export function blockedRequests(
  cdp: readonly { method: string; params: Record<string, any> }[] | undefined,
  failed?: readonly { error: string }[],
): number | undefined {
  if (!cdp) return failed?.filter((f) => f.error === 'NS_ERROR_UNKNOWN_HOST').length;
  return cdp.filter((e) => e.method === 'Network.loadingFailed' && CHROMIUM_BLOCKED.includes(e.params.errorText)).length;
}

/** topology edge: how long the origin took for the page's first response (wire log `originMs`). */
export function originMsOf(wire: readonly WireEvent[], page: string): number | undefined {
  const wanted = pathOf(page);
  return eventsOf(wire, 'response').find((r) => !r.pushed && r.path === wanted && r.originMs !== undefined)?.originMs;
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
