// Where a page's URLs point. pushbench serves the site from one origin, so a URL is the site's own
// when it resolves to that origin: every relative URL, and an absolute one whose origin is the
// page's own origin as the page declares it. Real builds write absolute URLs
// (`https://example.com/assets/x.css`) because their generator knows the production address;
// the page says which address that is in `<link rel=canonical>`, `<base href>` or
// `<meta property="og:url">`, and the first of them in <head> is taken. `<base href>` also moves
// what the page's relative URLs resolve against (never those in stylesheets: they resolve
// against the stylesheet).
import { attr, findAll, relTokens, type Element } from './html-tree.ts';
import { PLACEHOLDER_ORIGIN, parseUrl, sitePathOf } from './site-paths.ts';

/** Where a URL points: a file of the site (by URL path), another origin, or nothing to fetch (data:, bad URL). */
export type Located =
  | { kind: 'site'; path: string; /** path and query, encoded: what the browser requests */ requestUrl: string }
  | { kind: 'foreign'; url: string }
  | null;

export interface PageUrls {
  /** The origin the page declares as its own, or null. */
  declaredOrigin: string | null;
  /** A URL written in the page (attributes, inline styles), honouring <base href>. */
  inPage(href: string): Located;
  /** A URL written in the stylesheet served at site path `sheetPath`. */
  inSheet(href: string, sheetPath: string): Located;
}

export function pageUrls(head: Element | undefined, pagePath: string): PageUrls {
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
    return url.origin === siteOrigin ? null : { kind: 'foreign', url: url.href };
  };
  return {
    declaredOrigin,
    inPage: (href) => locate(href, base),
    inSheet: (href, sheetPath) => locate(href, new URL(sheetPath, siteOrigin)),
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
