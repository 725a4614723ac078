// URL-path helpers shared by manifest derivation and the override reader.
// A site is served from the root of one origin, so every resource is named by an absolute
// URL path ("/assets/site.css"); these functions turn hrefs and file names into such paths.
import path from 'node:path';
import { CONTENT_TYPES } from './mime-types.ts';

/** A placeholder origin: resolving against it tells same-origin URLs from cross-origin ones. */
export const PLACEHOLDER_ORIGIN = 'https://site.invalid';

/**
 * Resolves `href` (as written in a page or stylesheet) against the URL path of the document
 * that contains it. Returns the normalised absolute path, or null for cross-origin, data: and
 * other non-file URLs. WHATWG URL parsing removes dot segments and never climbs above "/",
 * so the result always stays inside the site. `siteOrigin` is the origin the site is served
 * from when the page declares one (page-urls.ts): absolute URLs to it are the site's own too.
 */
export function resolveSitePath(href: string, baseUrlPath: string, siteOrigin: string = PLACEHOLDER_ORIGIN): string | null {
  return sitePathOf(parseUrl(href, siteOrigin + baseUrlPath), siteOrigin);
}

/** `href` resolved against the absolute URL `base`; null when it does not parse. */
export function parseUrl(href: string, base: string | URL): URL | null {
  try {
    return new URL(href.trim(), base);
  } catch {
    return null;
  }
}

/** The decoded path of `url` when it is on `siteOrigin`, else null. */
export function sitePathOf(url: URL | null, siteOrigin: string): string | null {
  if (!url || url.origin !== siteOrigin) return null;
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return null; // a malformed %-escape names no file
  }
}

/** "index.html" -> "/", "posts/a.html" -> "/posts/a.html", "posts/index.html" -> "/posts/". */
export function pagePathForFile(relativeFile: string): string {
  const urlPath = '/' + relativeFile.split(path.sep).join('/');
  return urlPath.endsWith('/index.html') ? urlPath.slice(0, -'index.html'.length) : urlPath;
}

/** The file inside `siteDir` that serves `urlPath` ("/" -> index.html). */
export function fileForSitePath(siteDir: string, urlPath: string): string {
  const relative = urlPath.endsWith('/') ? urlPath + 'index.html' : urlPath;
  return path.join(siteDir, ...relative.split('/').filter(Boolean));
}

/** Strips query and fragment and folds "/x/index.html" into "/x/", the form page keys use. */
export function canonicalPagePath(urlPath: string): string {
  const bare = urlPath.replace(/[?#].*$/, '') || '/';
  const absolute = bare.startsWith('/') ? bare : '/' + bare;
  return absolute.endsWith('/index.html') ? absolute.slice(0, -'index.html'.length) : absolute;
}


/** The MIME type implied by a path's extension, if it is a font or image we know. */
export function mimeTypeForPath(urlPath: string): string | undefined {
  const type = CONTENT_TYPES[path.extname(urlPath).toLowerCase()];
  return type && /^(font|image)\//.test(type) ? type : undefined;
}

/**
 * A URL path (no query) decoded exactly once into a path that can name a file under a root, or
 * why it cannot: encoded slash, backslash or NUL, malformed escapes, backslashes, NUL, dot or empty
 * segments, drive letters. The static handler answers 400 with the reason; a copy of an origin
 * (origin-copy.ts) skips the URL.
 */
export function decodeFilePath(rawPath: string): { ok: true; path: string } | { ok: false; why: string } {
  const fail = (why: string) => ({ ok: false as const, why });
  if (!rawPath.startsWith('/')) return fail('the path must start with /');
  if (/%(2f|5c|00)/i.test(rawPath)) return fail('encoded slash, backslash or NUL');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return fail('malformed percent-encoding');
  }
  if (/[\\\0]/.test(decoded)) return fail('backslash or NUL');
  const segments = decoded.slice(1).split('/');
  for (const [i, segment] of segments.entries()) {
    if (segment === '' && i < segments.length - 1) return fail('empty path segment');
    if (segment === '.' || segment === '..') return fail('dot segment');
    if (/^[a-z]:/i.test(segment)) return fail('drive letter');
  }
  return { ok: true, path: decoded };
}
