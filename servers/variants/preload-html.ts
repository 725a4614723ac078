// Preload in the HTML: `<link rel=preload>` tags injected at the start of <head>, before anything the
// parser would otherwise discover first.
import { linkTag } from '../preload-links.ts';
import { atHeadStart } from './html-insert.ts';
import type { VariantHooks } from './variant.ts';

export const preloadHtmlHooks: VariantHooks = {
  transformHtml: (html, resources) => atHeadStart(html, resources.map(linkTag).join('')),
};
