// Variant name → its module.
import type { VariantName } from '../types.ts';
import { h1, h2 } from './baseline.ts';
import { earlyHints, earlyHintsH1 } from './early-hints.ts';
import { h2Push, h2PushCacheAware } from './h2-push.ts';
import { preload } from './preload.ts';
import { preloadHtml } from './preload-html.ts';
import type { Variant } from './variant.ts';

export const VARIANTS: Record<VariantName, Variant> = {
  h1,
  h2,
  'h2-push': h2Push,
  'h2-push-cache-aware': h2PushCacheAware,
  'early-hints': earlyHints,
  'early-hints-h1': earlyHintsH1,
  preload,
  'preload-html': preloadHtml,
};
export type { Variant, PageRequest } from './variant.ts';
