// The pages a visitor is likely to open after each page (ServerOptions.nextPages, filled from the
// config's journeys), resolved through the site's manifest the way the server resolves its own pages
// ("/about" is a copy's "/about.html", "/posts" is "/posts/"): what an HTML rewrite knows about a page
// besides its own resources, and what the prefetch variant names in `<link rel=prefetch>`.
import { UsageError } from '../harness/shared/usage-error.ts';
import { pageOfManifest } from '../sites/manifest.ts';
import type { CriticalResource, PageManifest, SiteManifest } from '../sites/manifest-types.ts';
import { resolveSitePath } from '../sites/site-paths.ts';
import { pageHref } from './resource-hints.ts';

/** Page path → the paths of the pages likely opened next, as a visitor navigates to them: { "/": ["/posts/a.html"] }. */
export type NextPages = Record<string, readonly string[]>;

export interface NextPage {
  /** Where the browser will ask for it: the path as given ("/about", not the copy's "/about.html"), URL-encoded. */
  href: string;
  resources: CriticalResource[];
}

/** What a page's HTML rewrite knows about the page besides its own critical resources. */
export interface PageContext {
  /** The page's path in the site ("/", "/posts/a.html"). */
  page: string;
  /** The pages likely opened next, each once, never the page itself; [] without a nextPages entry. */
  next: NextPage[];
}

/** The manifest's page a URL path is served as; a UsageError when the site has no such page (a typo in the journey). */
function pageOf(manifest: SiteManifest, urlPath: string): PageManifest {
  const decoded = resolveSitePath(urlPath, '/');
  const page = decoded === null ? undefined : pageOfManifest(manifest, decoded);
  if (!page) {
    throw new UsageError(`nextPages: ${JSON.stringify(urlPath)} names no page of ${manifest.siteDir}; use one of ${manifest.pages.map((p) => p.page).join(', ')}`);
  }
  return page;
}

/** Each page's context, by its path in the site; checks every path of `nextPages` at once. */
export function pageContexts(manifest: SiteManifest, nextPages: NextPages = {}): (page: string) => PageContext {
  const byPage = new Map<string, NextPage[]>();
  for (const [from, targets] of Object.entries(nextPages)) {
    const fromPage = pageOf(manifest, from).page;
    const next = byPage.get(fromPage) ?? [];
    for (const target of targets) {
      const to = pageOf(manifest, target);
      const href = pageHref(target);
      if (to.page === fromPage || next.some((n) => n.href === href)) continue;
      next.push({ href, resources: to.resources });
    }
    byPage.set(fromPage, next);
  }
  return (page) => ({ page, next: byPage.get(pageOfManifest(manifest, page)?.page ?? page) ?? [] });
}
