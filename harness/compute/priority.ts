// Which priority signals the browser sent in one load, and which order the server followed for the
// navigation's connection, from the server's wire log (servers/delivery/ records both).
import { eventsOf, type WireEvent } from './wire.ts';

export interface PriorityMetrics {
  /**
   * The kinds of signal seen, in a fixed order: `header` (RFC 9218 `priority` request header),
   * `frame` (RFC 7540 priority block on HEADERS), `priority-frame` (RFC 7540 PRIORITY),
   * `priority-update` (RFC 9218 PRIORITY_UPDATE); `none` over HTTP/2 without any; '' over HTTP/1.1.
   */
  signals: string;
  /** rfc9218 | rfc7540 | round-robin for the first page request; '' over HTTP/1.1. */
  scheme: string;
}

export function computePriority(wire: readonly WireEvent[]): PriorityMetrics {
  const requests = eventsOf(wire, 'request').filter((r) => r.priority !== undefined);
  if (requests.length === 0) return { signals: '', scheme: '' };
  const seen = {
    header: requests.some((r) => r.priority!.header !== null),
    frame: requests.some((r) => r.priority!.frame !== null),
    'priority-frame': eventsOf(wire, 'priority-frame').length > 0,
    'priority-update': eventsOf(wire, 'priority-update').length > 0,
  };
  const signals = Object.entries(seen).filter(([, present]) => present).map(([name]) => name);
  const page = requests.find((r) => r.headers['sec-fetch-dest'] === 'document') ?? requests[0]!;
  return { signals: signals.length ? signals.join('+') : 'none', scheme: page.priority!.scheme };
}
