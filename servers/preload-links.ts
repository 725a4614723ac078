// The two spellings of "fetch this early": a `Link` header value (preload header, 103 Early Hints)
// and a `<link>` tag (preload-html). Fonts get `crossorigin` because font fetches are CORS-mode and
// a preload without it is not matched (the font would be fetched twice).
import type { CriticalResource } from '../sites/manifest-types.ts';

/** Manifest paths are decoded; on the wire they must be a valid URI reference. */
export function encodePath(path: string): string {
  return encodeURI(path);
}

export function linkHeaderValue(resource: CriticalResource): string {
  const parts = [`<${encodePath(resource.path)}>`, 'rel=preload', `as=${resource.as}`];
  if (resource.type) parts.push(`type="${resource.type}"`);
  if (resource.crossorigin) parts.push('crossorigin');
  return parts.join('; ');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function linkTag(resource: CriticalResource): string {
  const attrs = [`rel="preload"`, `href="${escapeAttribute(encodePath(resource.path))}"`, `as="${resource.as}"`];
  if (resource.type) attrs.push(`type="${escapeAttribute(resource.type)}"`);
  if (resource.crossorigin) attrs.push('crossorigin');
  return `<link ${attrs.join(' ')}>`;
}
