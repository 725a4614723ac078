// Preconnect: the connection to each second origin of the page's critical resources (fonts on
// https://fonts.pushbench.test) opened before the parser finds the first resource on it, by
// `<link rel=preconnect>` tags at the start of <head> (html-preconnect), or by a 103 that carries
// only the preconnect links and no preloads (hints-preconnect: what Shopify sends for its CDN).
// A page with all its resources on its own origin is served as it is, with no 103.
import { preconnectLinks, preconnectsFor, preconnectTag } from '../resource-hints.ts';
import { sendEarlyHints } from './early-hints.ts';
import { atHeadStart } from './html-insert.ts';
import type { VariantHooks } from './variant.ts';

export const preconnectHtmlHooks: VariantHooks = {
  transformHtml: (html, resources) => atHeadStart(html, preconnectsFor(resources).map(preconnectTag).join('')),
};

export const preconnectHintsHooks: VariantHooks = {
  onPageRequest: (page) => sendEarlyHints(page, preconnectLinks(page.resources)),
};
