// Which of a page's critical resources the push variants push, and which pushes are critical
// enough to be pinned right behind their page in the scheduler (scheduler.ts). A resource on a
// second origin is never pushed: a server may push only what it is authoritative for, and the
// page's server is not for another host name (RFC 9113 §8.4), so the browser would refuse it.
import type { CriticalResource, ResourceKind } from '../../sites/manifest-types.ts';

export const PUSH_SETS = ['css', 'css+fonts', 'all'] as const;
/**
 * `css`: render-blocking stylesheets and scripts only; `css+fonts`: and their fonts;
 * `all`: everything the manifest lists (the LCP image too).
 */
export type PushSet = (typeof PUSH_SETS)[number];
export const DEFAULT_PUSH_SET: PushSet = 'all';

const KINDS: Record<PushSet, readonly ResourceKind[]> = {
  css: ['style', 'script'],
  'css+fonts': ['style', 'script', 'font'],
  all: ['style', 'script', 'font', 'image', 'fetch'],
};

export function resourcesToPush(resources: CriticalResource[], set: PushSet): CriticalResource[] {
  return resources.filter((r) => isPushable(r) && KINDS[set].includes(r.as));
}

/** On the page's own origin: what its server can push at all (and what a CASPer cookie may list). */
export function isPushable(resource: CriticalResource): boolean {
  return resource.origin === undefined;
}

/** Blocking assets and fonts: what h2o calls critical (it pins CSS and JS; fonts block text here). */
export function isCriticalPush(resource: CriticalResource): boolean {
  return resource.as === 'style' || resource.as === 'script' || resource.as === 'font';
}
