// The resource hints beside preload (preload-links.ts): `preconnect` to a second origin of a page's
// critical resources, and `prefetch` of the page a visitor is likely to open next and of its
// critical resources. Preconnect has both spellings, a `Link` header value (in a 103, and the whole
// list of a 103: earlyHintsLinks) and a `<link>` tag; prefetch is only ever a tag (it is for the next
// page, so nothing is gained by a 103).
import type { CriticalResource } from '../sites/manifest-types.ts';
import { escapeAttribute, linkHeaderValue, resourceUrl } from './preload-links.ts';

/** A connection a page should open early: an origin, and whether the fetches that will use it are anonymous (CORS mode). */
export interface Preconnect {
  /** Serialized origin, "https://fonts.pushbench.test". */
  origin: string;
  anonymous: boolean;
}

/** A resource is fetched in CORS mode, without credentials on another origin: a font, a module, anything marked crossorigin. */
function fetchedAnonymously(resource: CriticalResource): boolean {
  return resource.crossorigin === true || resource.module === true;
}

/** The origin as browsers serialize it (lower-case host, no default port, no path): safe in a header and an attribute. */
function serializedOrigin(origin: string, path: string): string {
  let serialized = 'null';
  try {
    const url = new URL(origin);
    if (url.protocol === 'https:' || url.protocol === 'http:') serialized = url.origin;
  } catch { /* reported below */ }
  if (serialized === 'null') throw new Error(`manifest: ${path} has origin ${JSON.stringify(origin)}, which is not an http(s) origin`);
  return serialized;
}

/**
 * The connections to open early for `resources`: one per second origin and credentials mode, in the
 * order the resources first name them; none for resources on the page's own origin. Chromium keeps
 * credentialed and anonymous connections in separate socket pools (privacy mode), so a preconnect
 * without `crossorigin` opens a connection an anonymous font fetch cannot use, and one with it a
 * connection a credentialed image fetch cannot use: an origin with both kinds gets both.
 */
export function preconnectsFor(resources: readonly CriticalResource[]): Preconnect[] {
  const out: Preconnect[] = [];
  for (const resource of resources) {
    if (resource.origin === undefined) continue;
    const wanted = { origin: serializedOrigin(resource.origin, resource.path), anonymous: fetchedAnonymously(resource) };
    if (!out.some((p) => p.origin === wanted.origin && p.anonymous === wanted.anonymous)) out.push(wanted);
  }
  return out;
}

/** `<https://fonts.pushbench.test>; rel=preconnect; crossorigin` */
export function preconnectHeaderValue(preconnect: Preconnect): string {
  return `<${preconnect.origin}>; rel=preconnect${preconnect.anonymous ? '; crossorigin' : ''}`;
}

/** `<link rel="preconnect" href="https://fonts.pushbench.test" crossorigin>` */
export function preconnectTag(preconnect: Preconnect): string {
  return `<link rel="preconnect" href="${escapeAttribute(preconnect.origin)}"${preconnect.anonymous ? ' crossorigin' : ''}>`;
}

/** The preconnect links of a 103 for `resources`: one per second origin and credentials mode. */
export function preconnectLinks(resources: readonly CriticalResource[]): string[] {
  return preconnectsFor(resources).map(preconnectHeaderValue);
}

/**
 * The links of the hints variants' 103: the preconnects to the second origins first (a new
 * connection takes round trips before its first request can go), then the preloads.
 */
export function earlyHintsLinks(resources: readonly CriticalResource[]): string[] {
  return [...preconnectLinks(resources), ...resources.map(linkHeaderValue)];
}

/** A URL path as a browser requests it after navigating to it ("/a b.html" → "/a%20b.html"), query kept. */
export function pageHref(page: string): string {
  const url = new URL(page, 'https://page.invalid');
  return url.pathname + url.search;
}

/** `<link rel="prefetch" href="/posts/a.html">`: the next page itself. */
export function prefetchPageTag(href: string): string {
  return `<link rel="prefetch" href="${escapeAttribute(href)}">`;
}

/**
 * `<link rel="prefetch" href="/assets/site.css" as="style">`: a critical resource of the next page.
 * `crossorigin` when the page will fetch it in CORS mode (fonts, modules), or the prefetched copy is
 * cached under the other credentials mode and not used. Only `href` of a responsive image: prefetch
 * has no imagesrcset, and which candidate the next page picks is decided there.
 */
export function prefetchTag(resource: CriticalResource): string {
  const as = resource.module ? 'script' : resource.as;
  // The URL the preload links name (resourceUrl), so the prefetched copy is the one the page asks for.
  return `<link rel="prefetch" href="${escapeAttribute(resourceUrl(resource))}" as="${as}"${fetchedAnonymously(resource) ? ' crossorigin' : ''}>`;
}
