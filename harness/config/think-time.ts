// Server think time (a dynamic backend's delay before the HTML), in ms: one for every variant, a
// sweep of several (every variant measured at each: "0,50,150,300,600"), and per variant, so one
// variant can be slowed on purpose ("50,h2-push:200": 50 ms for every variant but h2-push, which
// always gets 200 ms and is not swept). The same spec is used by the benchmark config and by
// `pushbench serve --think-ms` (which serves one think time: a sweep is refused there).

import { UsageError } from '../shared/usage-error.ts';
import { VARIANT_NAMES, type VariantName } from '../shared/variants.ts';

export interface ThinkTimes {
  /**
   * The think times of every variant without its own, in the order given, each once: one value
   * (no sweep, as before sweeps existed) or several (a sweep: each variant is measured at each).
   */
  values: number[];
  /** Variants that always think this long (not swept). */
  byVariant: Partial<Record<VariantName, number>>;
}

function parseMs(text: string, field: string): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${field}: "${text}" must be a whole number of milliseconds, e.g. 100, 0,50,150 (a sweep) or h2-push:200`);
  const ms = Number(text);
  if (ms > 60_000) throw new UsageError(`${field}: ${ms} ms is over the 60000 ms limit`);
  return ms;
}

/**
 * Parses "100", "0,50,150" (a sweep), "h2-push:200" or "50,h2-push:200,h1:0"; `field` names the flag
 * in errors. Bare numbers are the sweep's values, in the order given, duplicates dropped; none: [0].
 */
export function parseThinkSpec(spec: string | number, field: string): ThinkTimes {
  const values: number[] = [];
  const byVariant: ThinkTimes['byVariant'] = {};
  for (const part of String(spec).split(',').map((p) => p.trim()).filter(Boolean)) {
    const colon = part.indexOf(':');
    if (colon < 0) {
      const ms = parseMs(part, field);
      if (!values.includes(ms)) values.push(ms);
      continue;
    }
    const variant = part.slice(0, colon).trim();
    if (!(VARIANT_NAMES as readonly string[]).includes(variant)) {
      throw new UsageError(`${field}: unknown variant "${variant}" in "${spec}"; valid variants are ${VARIANT_NAMES.join(', ')}`);
    }
    const ms = parseMs(part.slice(colon + 1), field);
    const earlier = byVariant[variant as VariantName];
    if (earlier !== undefined && earlier !== ms) {
      throw new UsageError(`${field}: ${variant} is given two think times (${earlier} and ${ms}) in "${spec}"; a variant's own think time is one number (sweep every variant with bare numbers, e.g. 0,50,150)`);
    }
    byVariant[variant as VariantName] = ms;
  }
  return { values: values.length ? values : [0], byVariant };
}

/** True when the spec sweeps: several think times for the variants without their own. */
export function isSweep(times: ThinkTimes): boolean {
  return times.values.length > 1;
}

/** Every think time `variant` is measured at: its own, or the sweep's values (one without a sweep). */
export function thinkValuesFor(times: ThinkTimes, variant: VariantName): number[] {
  const own = times.byVariant[variant];
  return own === undefined ? [...times.values] : [own];
}

/** The one think time of `variant`; a sweep has several (thinkValuesFor), and asking for one is a bug. */
export function thinkMsFor(times: ThinkTimes, variant: VariantName): number {
  const values = thinkValuesFor(times, variant);
  if (values.length !== 1) throw new Error(`thinkMsFor: ${variant} is swept over ${values.join(', ')} ms; ask thinkValuesFor, or the arm's thinkMs`);
  return values[0]!;
}

/** True when some think time of the spec is above 0 (its own or the sweep's). */
export function thinksAtAll(times: ThinkTimes): boolean {
  return times.values.some((ms) => ms !== 0) || Object.values(times.byVariant).some((ms) => ms !== 0);
}

/**
 * For a caller that serves one think time (`pushbench serve`): a sweep is a UsageError naming the
 * field and the fix.
 */
export function refuseSweep(times: ThinkTimes, field: string, why: string): void {
  if (!isSweep(times)) return;
  throw new UsageError(
    `${field}: "${times.values.join(',')}" is a sweep of ${times.values.length} think times, and ${why}; give one number, e.g. ${field} ${times.values[0]}, ` +
    `or a think time per variant (${times.values[0]},h2-push:${times.values[1]})`,
  );
}

/**
 * The think times of `variant` as an older or newer run.json recorded them: a plain number, the old
 * { default, byVariant } or { values, byVariant }; [0] when missing or unreadable.
 */
export function recordedThinkValues(recorded: unknown, variant: VariantName): number[] {
  if (typeof recorded === 'number') return [recorded];
  if (recorded === null || typeof recorded !== 'object') return [0];
  const r = recorded as { values?: unknown; default?: unknown; byVariant?: Record<string, unknown> };
  const own = r.byVariant?.[variant];
  if (typeof own === 'number') return [own];
  if (Array.isArray(r.values) && r.values.every((v) => typeof v === 'number') && r.values.length) return r.values as number[];
  return typeof r.default === 'number' ? [r.default] : [0];
}
