// Preload by header: the page response carries `Link: <…>; rel=preload` headers for the manifest.
import { linkHeaderValue } from '../preload-links.ts';
import type { VariantHooks } from './variant.ts';

export const preloadHeaderHooks: VariantHooks = {
  pageHeaders: (resources): Record<string, string> =>
    resources.length ? { link: resources.map(linkHeaderValue).join(', ') } : {},
};
