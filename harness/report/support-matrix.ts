// The support matrix: for each browser (full version), whether it accepted and used HTTP/2 push,
// started 103 Early Hints preloads over HTTP/2 and over HTTP/1.1, used preloads, loaded pages over
// HTTP/3 and started Early Hints preloads there, had a second origin's connection ready through a
// preconnect, took a journey's next page from a prefetch — derived only
// from the run's measured rows, never from a table of versions. Shared by `pushbench support` and
// the dashboard.

import type { RunRow } from '../shared/row-schema.ts';
import { PRELOAD_VARIANTS, variantsWhere } from '../shared/variants.ts';
import { isFirstStep } from '../stats/cells.ts';

const PUSH = variantsWhere((v) => v.mechanism === 'push');
const HINTS_H2 = variantsWhere((v) => v.mechanism === 'hints' && v.protocol === 'h2');
const HINTS_H1 = variantsWhere((v) => v.mechanism === 'hints' && v.protocol === 'h1');
const HINTS_H3 = variantsWhere((v) => v.mechanism === 'hints' && v.protocol === 'h3');
const OVER_QUIC = variantsWhere((v) => v.transport === 'quic');
const PRECONNECT = variantsWhere((v) => v.mechanism === 'preconnect');
const PREFETCH = variantsWhere((v) => v.mechanism === 'prefetch');


export const SUPPORT_COLUMNS = ['browser', 'browser_version', 'push_accepted', 'push_used', 'early_hints_h2', 'early_hints_h1', 'preloads_used', 'h3', 'early_hints_h3', 'preconnect_used', 'prefetch_used'] as const;
export type SupportRow = Record<(typeof SUPPORT_COLUMNS)[number], string>;

/** One feature: which rows measure it, and whether a row shows it (undefined: the row has no value). */
interface Feature {
  column: Exclude<(typeof SUPPORT_COLUMNS)[number], 'browser' | 'browser_version'>;
  variants: readonly string[];
  shows(row: RunRow): boolean | undefined;
  /** Failed loads count too (a browser that cannot speak the protocol fails its loads). */
  failedCount?: boolean;
}

const count = (v: string) => (v === '' ? undefined : Number(v));

const FEATURES: readonly Feature[] = [
  // accepted: PUSH_PROMISEs were sent; refused: the client's SETTINGS_ENABLE_PUSH=0.
  { column: 'push_accepted', variants: PUSH, shows: (r) => (r.push_support === 'accepted' ? true : r.push_support === 'refused' ? false : undefined) },
  // Needs CDP (empty for Firefox): "not measured" rather than "no".
  // Cold loads only: a returning visitor rightly takes cached copies over pushed ones.
  { column: 'push_used', variants: PUSH, shows: (r) => (r.cache !== 'cold' || count(r.push_used) === undefined ? undefined : count(r.push_used)! > 0) },
  { column: 'early_hints_h2', variants: HINTS_H2, shows: (r) => (count(r.hint_preloads_started) === undefined ? undefined : count(r.hint_preloads_started)! > 0) },
  { column: 'early_hints_h1', variants: HINTS_H1, shows: (r) => (count(r.hint_preloads_started) === undefined ? undefined : count(r.hint_preloads_started)! > 0) },
  // Every preloaded resource used: none unused.
  { column: 'preloads_used', variants: PRELOAD_VARIANTS, shows: (r) => (count(r.preloads_unused) === undefined ? undefined : count(r.preloads_unused) === 0) },
  // The navigation went over HTTP/3 as the browser reports it; a load that failed on QUIC is a no.
  { column: 'h3', variants: OVER_QUIC, failedCount: true, shows: (r) => (r.error === '' ? r.protocol === 'h3' : /QUIC/i.test(r.error) ? false : undefined) },
  { column: 'early_hints_h3', variants: HINTS_H3, shows: (r) => (r.protocol !== 'h3' || count(r.hint_preloads_started) === undefined ? undefined : count(r.hint_preloads_started)! > 0) },
  // The first request to the second origin found the connection set up (partly set up counts as no).
  // Cold first navigations only: a warm cache has the second origin's files, a later step its connection.
  { column: 'preconnect_used', variants: PRECONNECT, shows: (r) => (r.cache !== 'cold' || !isFirstStep(r) || !['yes', 'partly', 'no'].includes(r.preconnect_used ?? '') ? undefined : r.preconnect_used === 'yes') },
  // A journey's later step took its document from the earlier step's prefetch.
  // Revalidated (a 304 round trip) counts as no: the navigation still waited on the network.
  { column: 'prefetch_used', variants: PREFETCH, shows: (r) => (r.prefetch_used === 'yes' ? true : r.prefetch_used === 'no' || r.prefetch_used === 'revalidated' ? false : undefined) },
];

/** "yes (3/3 loads)", "no (0/3)", "partly (1/3 loads)" or "not measured". */
export function supportCell(outcomes: readonly (boolean | undefined)[]): string {
  const measured = outcomes.filter((o): o is boolean => o !== undefined);
  if (measured.length === 0) return 'not measured';
  const yes = measured.filter(Boolean).length;
  if (yes === 0) return `no (0/${measured.length})`;
  return `${yes === measured.length ? 'yes' : 'partly'} (${yes}/${measured.length} loads)`;
}

/** One row per browser and full version; failed loads (error set) never count. */
export function supportMatrix(rows: readonly RunRow[]): SupportRow[] {
  const browsers = new Map<string, RunRow[]>();
  for (const r of rows) {
    const key = `${r.browser}\0${r.browser_version}`;
    browsers.set(key, [...(browsers.get(key) ?? []), r]);
  }
  return [...browsers.values()].map((own) => {
    const ok = own.filter((r) => r.error === '');
    const out: SupportRow = { browser: own[0]!.browser, browser_version: own[0]!.browser_version } as SupportRow;
    for (const f of FEATURES) out[f.column] = supportCell((f.failedCount ? own : ok).filter((r) => f.variants.includes(r.variant)).map(f.shows));
    return out;
  });
}

export function formatMatrix(matrix: readonly SupportRow[]): string {
  const table = [[...SUPPORT_COLUMNS] as string[], ...matrix.map((r) => SUPPORT_COLUMNS.map((c) => r[c]))];
  const widths = SUPPORT_COLUMNS.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table.map((row) => row.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
