// Prefetch: the pages a visitor is likely to open next (ServerOptions.nextPages, from the config's
// journeys; next-pages.ts) and those of their critical resources this page does not load itself,
// named in `<link rel=prefetch>` tags, so the next navigation finds them in the HTTP cache. The
// browser fetches them at the lowest priority; the tags go last in <head>, after everything this
// page needs, which the parser so finds first. A page with no next page is served as it is.
import { resourceUrl } from '../preload-links.ts';
import { prefetchPageTag, prefetchTag } from '../resource-hints.ts';
import { beforeHeadEnd } from './html-insert.ts';
import type { VariantHooks } from './variant.ts';

export const prefetchHooks: VariantHooks = {
  transformHtml(html, resources, { next }) {
    const named = new Set(resources.map(resourceUrl)); // this page loads them itself
    const tags: string[] = [];
    for (const page of next) {
      tags.push(prefetchPageTag(page.href));
      for (const resource of page.resources) {
        const href = resourceUrl(resource);
        if (named.has(href)) continue;
        named.add(href);
        tags.push(prefetchTag(resource));
      }
    }
    return beforeHeadEnd(html, tags.join(''));
  },
};
