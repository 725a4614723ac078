// What reached the server during the load, per path (the wire log is the ground truth of fetches:
// cache hits never reach it).

import type { WireEvent } from './wire.ts';
import { eventsOf } from './wire.ts';

/** How many times each path was requested by the client (pushed streams are not requests). */
export function requestCounts(events: readonly WireEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of eventsOf(events, 'request')) counts.set(r.path, (counts.get(r.path) ?? 0) + 1);
  return counts;
}

/** Requests beyond the first for the same path in one load. */
export function duplicateFetches(events: readonly WireEvent[]): number {
  let dup = 0;
  for (const n of requestCounts(events).values()) dup += Math.max(0, n - 1);
  return dup;
}
