// h1 and h2: the file server alone, the control every other variant is compared with.
import type { Variant } from './variant.ts';

export const h1: Variant = { name: 'h1' };
export const h2: Variant = { name: 'h2' };
