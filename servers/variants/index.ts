// A variant's hooks, chosen from what the registry (harness/shared/variants.ts) says it does, so a
// new variant is a registry entry and, only for a new mechanism, a new hooks module.
import { VARIANT_TRAITS, type EarlyPath, type VariantName } from '../../harness/shared/variants.ts';
import { plainHooks } from './baseline.ts';
import { earlyHintsHooks } from './early-hints.ts';
import { cacheAwarePushHooks, pushHooks } from './h2-push.ts';
import { preloadHeaderHooks } from './preload.ts';
import { preconnectHintsHooks, preconnectHtmlHooks } from './preconnect.ts';
import { prefetchHooks } from './prefetch.ts';
import { preloadHtmlHooks } from './preload-html.ts';
import type { Variant, VariantHooks } from './variant.ts';

const HOOKS_BY_PATH: Record<EarlyPath, VariantHooks> = {
  none: plainHooks,
  push: pushHooks,
  hints: earlyHintsHooks,
  'link-header': preloadHeaderHooks,
  'html-link': preloadHtmlHooks,
  'html-preconnect': preconnectHtmlHooks,
  'hints-preconnect': preconnectHintsHooks,
  'html-prefetch': prefetchHooks,
};

export function variantOf(name: VariantName): Variant {
  const traits = VARIANT_TRAITS[name];
  const hooks = traits.early === 'push' && traits.cacheAware ? cacheAwarePushHooks : HOOKS_BY_PATH[traits.early];
  return { name, ...hooks };
}

export type { Variant, VariantHooks, PageRequest } from './variant.ts';
