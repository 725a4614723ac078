// No hooks: the file server alone, the control every other variant is compared with (h1, h2).
import type { VariantHooks } from './variant.ts';

export const plainHooks: VariantHooks = {};
