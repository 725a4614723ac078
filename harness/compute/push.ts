// HTTP/2 server push, from the server's wire log (what was promised, reset, sent) and the
// browser's CDP events (which responses were served from a pushed stream: timing.pushStart > 0).
// Whether push was accepted is measured: the client's SETTINGS_ENABLE_PUSH decides whether the
// server logs push-refused or sends PUSH_PROMISEs. Which pushes were used needs CDP: for a browser
// without it (Firefox) `used` and `wastedBytes` are undefined (empty in the CSV), never 0.

import type { CdpEvent } from '../gather/artifacts.ts';
import type { WireEvent } from './wire.ts';
import { eventsOf } from './wire.ts';
import { pathOf } from './urls.ts';

export type PushSupport = 'accepted' | 'refused' | 'n/a';

export interface PushMetrics {
  promised: number;
  /** Cache-aware push: resources not pushed because the client's fingerprint listed them. */
  skipped: number;
  accepted: number;
  /** undefined when no CDP events were recorded (the only source for it). */
  used?: number;
  cancelled: number;
  /** undefined when no CDP events were recorded. */
  wastedBytes?: number;
  support: PushSupport;
  /** Paths the page consumed from a push. */
  usedPaths: Set<string>;
}

/** Paths whose response the browser took from a pushed stream. */
export function pushedResponsePaths(cdp: readonly CdpEvent[]): Set<string> {
  const paths = new Set<string>();
  for (const e of cdp) {
    if (e.method !== 'Network.responseReceived') continue;
    const timing = e.params.response?.timing;
    if (timing && typeof timing.pushStart === 'number' && timing.pushStart > 0) paths.add(pathOf(e.params.response.url));
  }
  return paths;
}

/** `cdp` undefined: the browser has no CDP, so which pushed responses the page used is unknown. */
export function computePush(wire: readonly WireEvent[], cdp: readonly CdpEvent[] | undefined): PushMetrics {
  const promises = eventsOf(wire, 'push-promise');
  const resets = eventsOf(wire, 'push-reset');
  const refused = eventsOf(wire, 'push-refused');
  const skipped = eventsOf(wire, 'push-skipped');
  const usedPaths = pushedResponsePaths(cdp ?? []);
  const promisedPaths = new Set(promises.map((p) => p.path));
  for (const p of [...usedPaths]) if (!promisedPaths.has(p)) usedPaths.delete(p);

  let wastedBytes = 0;
  for (const end of eventsOf(wire, 'stream-end')) {
    if (end.pushed && !usedPaths.has(end.path)) wastedBytes += end.bytes;
  }
  // A skipped push was allowed by the client (the server only checks its fingerprint then).
  const support: PushSupport = refused.length > 0 ? 'refused' : promises.length + skipped.length > 0 ? 'accepted' : 'n/a';
  return {
    promised: promises.length,
    skipped: skipped.length,
    accepted: Math.max(0, promises.length - resets.length),
    used: cdp ? usedPaths.size : undefined,
    cancelled: resets.length,
    wastedBytes: cdp ? wastedBytes : undefined,
    support,
    usedPaths,
  };
}
