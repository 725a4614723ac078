// preload: the page response carries `Link: <…>; rel=preload` headers for the manifest.
import { linkHeaderValue } from '../preload-links.ts';
import type { Variant } from './variant.ts';

export const preload: Variant = {
  name: 'preload',
  pageHeaders: (resources): Record<string, string> =>
    resources.length ? { link: resources.map(linkHeaderValue).join(', ') } : {},
};
