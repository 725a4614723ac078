// Bytes and counts of one load: the browser's view (Resource Timing) and the server's (wire log).

import type { PageArtifacts } from '../gather/artifacts.ts';
import type { WireEvent } from './wire.ts';
import { eventsOf } from './wire.ts';

export interface ByteMetrics {
  /** Navigation + resources transferSize (headers included; 0 for cache hits). */
  transferBytes?: number;
  decodedBytes?: number;
  /** Body bytes the server handed to its connections, pushes included. */
  serverBytes: number;
  requests: number;
  connections: number;
}

export function computeBytes(page: PageArtifacts | undefined, wire: readonly WireEvent[]): ByteMetrics {
  const nav = page?.navigation;
  const sum = (pick: (r: { transferSize: number; decodedBodySize: number }) => number) =>
    nav ? pick(nav) + (page?.resources ?? []).reduce((s, r) => s + pick(r), 0) : undefined;
  return {
    transferBytes: sum((r) => r.transferSize),
    decodedBytes: sum((r) => r.decodedBodySize),
    serverBytes: eventsOf(wire, 'stream-end').reduce((s, e) => s + e.bytes, 0),
    requests: eventsOf(wire, 'request').length,
    connections: eventsOf(wire, 'connection').length,
  };
}
