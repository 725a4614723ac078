// The two spellings of "fetch this early": a `Link` header value (preload header, 103 Early Hints)
// and a `<link>` tag (preload-html). Fonts get `crossorigin` because font fetches are CORS-mode and
// a preload without it is not matched (the font would be fetched twice). A module gets
// `rel=modulepreload` and no `as`: a preload as=script is a classic fetch, which the module
// request would not reuse. A responsive image gets `imagesrcset`/`imagesizes`, so the browser
// preloads the candidate its <img> will pick, not the fallback `href`.
import type { CriticalResource } from '../sites/manifest-types.ts';

/** Manifest paths are decoded; on the wire they must be a valid URI reference. */
export function encodePath(path: string): string {
  return encodeURI(path);
}

/** A Link parameter value as an RFC 8288 quoted-string: the srcset's commas would end the link otherwise. */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

export function linkHeaderValue(resource: CriticalResource): string {
  const parts = [`<${encodePath(resource.path)}>`, ...(resource.module ? ['rel=modulepreload'] : ['rel=preload', `as=${resource.as}`])];
  if (resource.type && !resource.module) parts.push(`type="${resource.type}"`);
  if (resource.crossorigin) parts.push('crossorigin');
  if (resource.imagesrcset !== undefined) parts.push(`imagesrcset=${quoted(resource.imagesrcset)}`);
  if (resource.imagesizes !== undefined) parts.push(`imagesizes=${quoted(resource.imagesizes)}`);
  return parts.join('; ');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function linkTag(resource: CriticalResource): string {
  const attrs = resource.module
    ? [`rel="modulepreload"`, `href="${escapeAttribute(encodePath(resource.path))}"`]
    : [`rel="preload"`, `href="${escapeAttribute(encodePath(resource.path))}"`, `as="${resource.as}"`];
  if (resource.type && !resource.module) attrs.push(`type="${escapeAttribute(resource.type)}"`);
  if (resource.crossorigin) attrs.push('crossorigin');
  if (resource.imagesrcset !== undefined) attrs.push(`imagesrcset="${escapeAttribute(resource.imagesrcset)}"`);
  if (resource.imagesizes !== undefined) attrs.push(`imagesizes="${escapeAttribute(resource.imagesizes)}"`);
  return `<link ${attrs.join(' ')}>`;
}
