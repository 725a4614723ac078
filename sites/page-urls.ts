// Where a page's URLs point. pushbench serves the site from one origin, so a URL is the site's own
// when it resolves to that origin: every relative URL, and an absolute one whose origin is the
// page's own origin as the page declares it. Real builds write absolute URLs
// (`https://example.com/assets/x.css`) because their generator knows the production address;
// the page says which address that is in `<link rel=canonical>`, `<base href>` or
// `<meta property="og:url">`, and the first of them in <head> is taken. `<base href>` also moves
// what the page's relative URLs resolve against (never those in stylesheets: they resolve
// against the stylesheet). A URL on one of the site's second origins (site-origins.ts) is the
// site's too, located with that `origin`: the site serves it, from another host name.
import { attr, findAll, relTokens, type Element } from './html-tree.ts';
import type { CriticalResource } from './manifest-types.ts';
import { PLACEHOLDER_ORIGIN, parseUrl, sitePathOf } from './site-paths.ts';

/** Where a site file is: its URL path and, on a second origin, that origin ("https://fonts.x.test"). */
export type SiteLocation = Pick<CriticalResource, 'path' | 'origin'>;

/** A file of the site by URL path (on a second origin: with `origin`), another origin, or nothing to fetch (data:, bad URL). */
export type Located =
  | {
      kind: 'site';
      path: string;
      /** The second origin it is on; absent on the page's own. */
      origin?: string;
      /** What the browser requests, encoded: path and query, or the whole URL on a second origin. */
      requestUrl: string;
    }
  | { kind: 'foreign'; url: string }
  | null;

/** The location a resource records: path, and origin only when there is one. */
export function siteLocation(located: { path: string; origin?: string }): SiteLocation {
  return located.origin === undefined ? { path: located.path } : { path: located.path, origin: located.origin };
}

/**
 * One string per location, for dedupe, cache keys and reasons: the path on the page's own origin,
 * origin + path ("https://fonts.x.test/a.woff2", not encoded) on a second origin.
 */
export function locationKey(location: SiteLocation): string {
  return (location.origin ?? '') + location.path;
}

export interface PageUrls {
  /** The origin the page declares as its own, or null. */
  declaredOrigin: string | null;
  /** A URL written in the page (attributes, inline styles), honouring <base href>. */
  inPage(href: string): Located;
  /** A URL written in the stylesheet served at `sheet` (its URLs resolve against it). */
  inSheet(href: string, sheet: SiteLocation): Located;
}

/** `secondOrigins`: the site's second origins ("https://fonts.x.test", site-origins.ts); URLs on them are the site's too. */
export function pageUrls(head: Element | undefined, pagePath: string, secondOrigins: readonly string[] = []): PageUrls {
  const declaredOrigin = head ? declaredOriginOf(head) : null;
  const siteOrigin = declaredOrigin ?? PLACEHOLDER_ORIGIN;
  const pageUrl = new URL(pagePath, siteOrigin);
  const baseHref = head ? findAll(head, (el) => el.tagName === 'base' && attr(el, 'href') !== undefined)[0] : undefined;
  const base = (baseHref && parseUrl(attr(baseHref, 'href')!, pageUrl)) || pageUrl;
  const locate = (href: string, against: URL): Located => {
    const url = parseUrl(href, against);
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
    const path = sitePathOf(url, siteOrigin);
    if (path !== null) return { kind: 'site', path, requestUrl: url.pathname + url.search };
    if (url.origin === siteOrigin) return null; // a malformed %-escape names no file
    if (!secondOrigins.includes(url.origin)) return { kind: 'foreign', url: url.href };
    const onSecond = sitePathOf(url, url.origin);
    return onSecond === null ? null : { kind: 'site', path: onSecond, origin: url.origin, requestUrl: url.origin + url.pathname + url.search };
  };
  return {
    declaredOrigin,
    inPage: (href) => locate(href, base),
    inSheet: (href, sheet) => locate(href, new URL(sheet.path, sheet.origin ?? siteOrigin)),
  };
}

/** The origin of the first absolute http(s) URL among canonical link, base href and og:url. */
function declaredOriginOf(head: Element): string | null {
  const declarations = findAll(head, (el) =>
    (el.tagName === 'link' && relTokens(el).includes('canonical')) ||
    el.tagName === 'base' ||
    (el.tagName === 'meta' && attr(el, 'property')?.toLowerCase() === 'og:url'));
  for (const el of declarations) {
    const value = el.tagName === 'meta' ? attr(el, 'content') : attr(el, 'href');
    // Only an absolute URL declares an origin; a relative canonical or base says nothing about it.
    if (!value || !/^https?:\/\//i.test(value.trim())) continue;
    const url = parseUrl(value, PLACEHOLDER_ORIGIN);
    if (url) return url.origin;
  }
  return null;
}
