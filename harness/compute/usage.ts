// Did the page need a resource? A pushed, hinted or preloaded resource counts as used when the
// page references it (an applied stylesheet, a displayed image, a script, a loaded web font)
// and it was not fetched a second time (a duplicate means the early copy was not matched).

import type { CriticalResource } from '../../sites/manifest-types.ts';
import type { PageArtifacts } from '../gather/artifacts.ts';
import { pathOf } from './urls.ts';

export function referencedPaths(page: PageArtifacts | undefined): Set<string> {
  const u = page?.usage;
  if (!u) return new Set();
  return new Set([...u.stylesheets, ...u.images, ...u.scripts].map(pathOf));
}

/** Whether the page used `resource`. Fonts: at least one face loaded (URLs of faces are not exposed). */
export function pageUses(page: PageArtifacts | undefined, resource: Pick<CriticalResource, 'path' | 'as'>): boolean {
  if (resource.as === 'font') return page?.usage?.fonts.some((f) => f.status === 'loaded') ?? false;
  return referencedPaths(page).has(resource.path);
}
