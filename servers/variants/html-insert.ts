// Where the HTML rewrites put their tags. Early hints (preload, preconnect) go first in <head>, before
// anything the parser would otherwise discover first; hints for later (prefetch) go last in <head>,
// after everything the page itself needs, so the parser finds the page's own resources first.
const HEAD_OPEN = /<head(\s[^>]*)?>/i;
const HEAD_CLOSE = /<\/head\s*>/i;

/** `tags` right after `<head>`; without one, where the parser would imply it: before the content. */
export function atHeadStart(html: string, tags: string): string {
  if (tags === '') return html;
  const match = HEAD_OPEN.exec(html);
  if (!match) return tags + html;
  const at = match.index + match[0].length;
  return html.slice(0, at) + tags + html.slice(at);
}

/** `tags` right before `</head>`; without one, at the end of the document (the parser still takes a <link> there). */
export function beforeHeadEnd(html: string, tags: string): string {
  if (tags === '') return html;
  const match = HEAD_CLOSE.exec(html);
  if (!match) return html + tags;
  return html.slice(0, match.index) + tags + html.slice(match.index);
}
