// Marks each HAR entry with how it arrived: `_pushed` (served from an HTTP/2 push, per CDP
// timing.pushStart; only when CDP was recorded) and `_initiator: "early-hints"` (started by a 103,
// per Resource Timing).

import type { CdpEvent, ResourceEntry } from '../gather/artifacts.ts';
import { pushedResponsePaths } from './push.ts';
import { pathOf } from './urls.ts';

interface Har { log: { entries: { request: { url: string }; [k: string]: unknown }[]; [k: string]: unknown } }

export function annotateHar(har: Har, cdp: readonly CdpEvent[] | undefined, resources: readonly ResourceEntry[]): Har {
  const pushed = cdp ? pushedResponsePaths(cdp) : undefined;
  const hinted = new Set(resources.filter((r) => r.initiatorType === 'early-hints').map((r) => r.name));
  for (const entry of har.log.entries) {
    if (pushed) entry._pushed = pushed.has(pathOf(entry.request.url));
    if (hinted.has(entry.request.url)) entry._initiator = 'early-hints';
  }
  return har;
}
