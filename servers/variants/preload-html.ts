// Preload in the HTML: `<link rel=preload>` tags injected at the start of <head>, before anything the
// parser would otherwise discover first.
import { linkTag } from '../preload-links.ts';
import type { VariantHooks } from './variant.ts';

const HEAD_OPEN = /<head(\s[^>]*)?>/i;

export const preloadHtmlHooks: VariantHooks = {
  transformHtml(html, resources) {
    if (resources.length === 0) return html;
    const tags = resources.map(linkTag).join('');
    const match = HEAD_OPEN.exec(html);
    // A page without <head> gets the tags where the parser would imply one: before the content.
    if (!match) return tags + html;
    const at = match.index + match[0].length;
    return html.slice(0, at) + tags + html.slice(at);
  },
};
