// The two spellings of "fetch this early": a `Link` header value (preload header, 103 Early Hints)
// and a `<link>` tag (preload-html). Fonts get `crossorigin` because font fetches are CORS-mode and
// a preload without it is not matched (the font would be fetched twice). A module gets
// `rel=modulepreload` and no `as`: a preload as=script is a classic fetch, which the module
// request would not reuse. A responsive image gets `imagesrcset`/`imagesizes`, so the browser
// preloads the candidate its <img> will pick, not the fallback `href`. A resource on one of the
// site's second origins is named by its full URL (https://fonts.pushbench.test/a.woff2).
import type { CriticalResource } from '../sites/manifest-types.ts';

/** Manifest paths are decoded; on the wire they must be a valid URI reference. */
export function encodePath(path: string): string {
  return encodeURI(path);
}

/** What a link names: the encoded path, after its origin when it is on a second origin. */
export function resourceUrl(resource: CriticalResource): string {
  return (resource.origin ?? '') + encodePath(resource.path);
}

/** A Link parameter value as an RFC 8288 quoted-string: the srcset's commas would end the link otherwise. */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

export function linkHeaderValue(resource: CriticalResource): string {
  const parts = [`<${resourceUrl(resource)}>`, ...(resource.module ? ['rel=modulepreload'] : ['rel=preload', `as=${resource.as}`])];
  if (resource.type && !resource.module) parts.push(`type="${resource.type}"`);
  if (resource.crossorigin) parts.push('crossorigin');
  if (resource.imagesrcset !== undefined) parts.push(`imagesrcset=${quoted(resource.imagesrcset)}`);
  if (resource.imagesizes !== undefined) parts.push(`imagesizes=${quoted(resource.imagesizes)}`);
  return parts.join('; ');
}

/** An HTML attribute value, safe inside double quotes. */
export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function linkTag(resource: CriticalResource): string {
  const attrs = resource.module
    ? [`rel="modulepreload"`, `href="${escapeAttribute(resourceUrl(resource))}"`]
    : [`rel="preload"`, `href="${escapeAttribute(resourceUrl(resource))}"`, `as="${resource.as}"`];
  if (resource.type && !resource.module) attrs.push(`type="${escapeAttribute(resource.type)}"`);
  if (resource.crossorigin) attrs.push('crossorigin');
  if (resource.imagesrcset !== undefined) attrs.push(`imagesrcset="${escapeAttribute(resource.imagesrcset)}"`);
  if (resource.imagesizes !== undefined) attrs.push(`imagesizes="${escapeAttribute(resource.imagesizes)}"`);
  return `<link ${attrs.join(' ')}>`;
}
