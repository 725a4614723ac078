// Server think time (a dynamic backend's delay before the HTML), in ms: one for every variant, or
// per variant, so one variant can be slowed on purpose ("50,h2-push:200": 50 ms for every variant
// but h2-push, which gets 200 ms). The same spec is used by the benchmark config and by
// `pushbench serve --think-ms`.

import { UsageError } from '../shared/usage-error.ts';
import { VARIANT_NAMES, type VariantName } from '../shared/variants.ts';

export interface ThinkTimes {
  default: number;
  byVariant: Partial<Record<VariantName, number>>;
}

function parseMs(text: string, field: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${field}: "${text}" must be a whole number of milliseconds, e.g. 100 or h2-push:200`);
  const ms = Number(text);
  if (ms > 60_000) throw new UsageError(`${field}: ${ms} ms is over the 60000 ms limit`);
  return ms;
}

/** Parses "100", "h2-push:200" or "50,h2-push:200,h1:0"; `field` names the flag in errors. */
export function parseThinkSpec(spec: string | number, field: string): ThinkTimes {
  const out: ThinkTimes = { default: 0, byVariant: {} };
  for (const part of String(spec).split(',').map((p) => p.trim()).filter(Boolean)) {
    const colon = part.indexOf(':');
    if (colon < 0) {
      out.default = parseMs(part, field);
      continue;
    }
    const variant = part.slice(0, colon).trim();
    if (!(VARIANT_NAMES as readonly string[]).includes(variant)) {
      throw new UsageError(`${field}: unknown variant "${variant}" in "${spec}"; valid variants are ${VARIANT_NAMES.join(', ')}`);
    }
    out.byVariant[variant as VariantName] = parseMs(part.slice(colon + 1), field);
  }
  return out;
}

export function thinkMsFor(times: ThinkTimes, variant: VariantName): number {
  return times.byVariant[variant] ?? times.default;
}
