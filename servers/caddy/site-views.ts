// Each variant's view of the site as Caddy needs it: the served tree (one per distinct HTML
// transform: variants that do not rewrite HTML share one) and the pages with their manifest
// resources. The view is pushbench's own (loadVariantSite), so the HTML and the manifest are the same.
// A transform's output depends on the page, its resources and its context (the pages likely opened
// next: options nextPages), and those are the same for every variant of one call, so the transform
// alone tells the trees apart.
import { join } from 'node:path';
import type { VariantName } from '../../harness/shared/variants.ts';
import { loadVariantSite, type ResolvedOptions } from '../front-server.ts';
import { variantOf } from '../variants/index.ts';
import { requestPathsOf, type CaddyPage } from './caddyfile.ts';
import { writeServedTree, type ServedTree } from './served-tree.ts';

export interface SiteView {
  tree: ServedTree;
  pages: CaddyPage[];
}

/** Writes the trees under `<stateDir>/sites/` and returns every variant's view. */
export async function writeSiteViews(
  variants: readonly VariantName[],
  stateDir: string,
  resolvedFor: (variant: VariantName) => ResolvedOptions,
): Promise<Map<VariantName, SiteView>> {
  const byTransform = new Map<unknown, SiteView>();
  const views = new Map<VariantName, SiteView>();
  for (const variant of variants) {
    const transform = variantOf(variant).transformHtml;
    let view = byTransform.get(transform);
    if (!view) {
      const { site, resourcesFor } = await loadVariantSite(resolvedFor(variant));
      const tree = await writeServedTree(site, join(stateDir, 'sites', String(byTransform.size)));
      const pages = site.pages.map((page) => ({ paths: requestPathsOf(page), resources: resourcesFor(page) }));
      view = { tree, pages };
      byTransform.set(transform, view);
    }
    views.set(variant, view);
  }
  return views;
}
