// Preload variants (Link header or <link rel=preload>): how many preloaded resources the page
// did not use — not referenced by the page, or fetched a second time because the preload's
// attributes did not match (e.g. a font preloaded without crossorigin).

import type { CriticalResource } from '../../sites/manifest-types.ts';
import type { PageArtifacts } from '../gather/artifacts.ts';
import type { WireEvent } from './wire.ts';
import { requestCounts } from './fetches.ts';
import { pageUses } from './usage.ts';

export function preloadsUnused(
  critical: readonly CriticalResource[],
  wire: readonly WireEvent[],
  page: PageArtifacts | undefined,
): number {
  const counts = requestCounts(wire);
  return critical.filter((r) => !pageUses(page, r) || (counts.get(r.path) ?? 0) > 1).length;
}
