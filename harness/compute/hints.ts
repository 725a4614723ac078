// 103 Early Hints: what the server hinted (wire log), which fetches the hint started (Resource
// Timing initiatorType "early-hints", or a request for a hinted path that reached the server
// before the page's own response was sent), and whether the page used the early copy.

import type { PageArtifacts } from '../gather/artifacts.ts';
import type { CriticalResource } from '../../sites/manifest-types.ts';
import type { WireEvent } from './wire.ts';
import { eventsOf } from './wire.ts';
import { isPagePath, linkPaths, pathOf, preconnectOrigins } from './urls.ts';
import { requestCounts } from './fetches.ts';
import { pageUses } from './usage.ts';

export type HintsSupport = 'honoured' | 'ignored' | 'n/a';

export interface HintMetrics {
  sent: number;
  preloadsStarted: number;
  preloadsUsed: number;
  support: HintsSupport;
}

export function computeHints(
  wire: readonly WireEvent[],
  page: PageArtifacts | undefined,
  pagePath: string,
  critical: readonly CriticalResource[],
  /**
   * Whether the page's first request to another origin found its connection at least partly set up
   * (preconnect.ts). For a 103 that only preconnects (early-hints-preconnect) that is what the hint
   * did: the page itself names the second origin one stylesheet later, too late for that.
   */
  crossOriginConnectionEarly?: boolean,
): HintMetrics {
  const hints = eventsOf(wire, 'early-hints');
  if (hints.length === 0) return { sent: 0, preloadsStarted: 0, preloadsUsed: 0, support: 'n/a' };
  const hinted = new Set(linkPaths(hints.flatMap((h) => h.links)));

  const started = new Set<string>();
  for (const r of page?.resources ?? []) {
    if (r.initiatorType === 'early-hints') started.add(pathOf(r.name));
  }
  // Server-side evidence, independent of the browser's Resource Timing: a hinted resource requested
  // before the HTML response left the server can only have been requested because of the hint.
  const pageResponse = eventsOf(wire, 'response').find((r) => isPagePath(r.path, pagePath) && !r.pushed);
  if (pageResponse) {
    for (const r of eventsOf(wire, 'request')) {
      if (hinted.has(r.path) && r.t < pageResponse.t) started.add(r.path);
    }
  }
  const counts = requestCounts(wire);
  let used = 0;
  for (const p of started) {
    const resource = critical.find((c) => c.path === p) ?? { path: p, as: 'fetch' as const };
    if ((counts.get(p) ?? 0) <= 1 && pageUses(page, resource)) used++;
  }
  const connected = hinted.size === 0 && preconnectOrigins(hints.flatMap((h) => h.links)).length > 0 && crossOriginConnectionEarly === true;
  return {
    sent: hints.length,
    preloadsStarted: started.size,
    preloadsUsed: used,
    support: started.size > 0 || connected === true ? 'honoured' : 'ignored',
  };
}
