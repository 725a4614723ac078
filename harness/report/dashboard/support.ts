// The support matrix: what each browser did in this run, measured from the loads' own columns
// (push_support, push_used, hints_support, preloads_unused) — never looked up in a version table.
import type { RunRow } from '../columns.ts';
import { isFailed, metricValue } from '../../stats/cells.ts';

export interface SupportCell {
  /** The most frequent measured value (e.g. "refused", "honoured"), "—" when not measured. */
  verdict: string;
  /** e.g. "refused 4/4 loads, 0 pushes used". */
  detail: string;
}

export interface SupportRow {
  browser: string;
  browserVersion: string;
  push: SupportCell;
  hintsH2: SupportCell;
  hintsH1: SupportCell;
  preloadsUnused: SupportCell;
}

const NOT_MEASURED: SupportCell = { verdict: '—', detail: 'variant not in this run' };

function countsOf(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

/** Verdict from a support column over the loads of one variant. */
function supportCell(rows: readonly RunRow[], column: 'push_support' | 'hints_support', extra?: (rows: readonly RunRow[]) => string): SupportCell {
  if (rows.length === 0) return NOT_MEASURED;
  const values = rows.map((r) => r[column].trim()).filter((v) => v !== '');
  if (values.length === 0) return { verdict: 'n/a', detail: `${rows.length} load(s), no measurement` };
  const counts = countsOf(values);
  const detail = counts.map(([v, n]) => `${v} ${n}/${values.length}`).join(', ');
  return { verdict: counts[0][0], detail: extra ? `${detail}; ${extra(rows)}` : detail };
}

function sum(rows: readonly RunRow[], column: 'push_used' | 'push_promised' | 'preloads_unused'): number {
  return rows.reduce((s, r) => s + (metricValue(r, column) ?? 0), 0);
}

const PRELOADING_VARIANTS = new Set(['preload', 'preload-html', 'early-hints', 'early-hints-h1']);

export function supportMatrix(rows: readonly RunRow[]): SupportRow[] {
  const ok = rows.filter((r) => !isFailed(r));
  const browsers = [...new Map(ok.map((r) => [`${r.browser}\u0000${r.browser_version}`, r])).values()];
  return browsers.map(({ browser, browser_version }) => {
    const mine = ok.filter((r) => r.browser === browser && r.browser_version === browser_version);
    const of = (variant: string) => mine.filter((r) => r.variant === variant);
    const preloading = mine.filter((r) => PRELOADING_VARIANTS.has(r.variant) && r.preloads_unused.trim() !== '');
    const unused = sum(preloading, 'preloads_unused');
    return {
      browser,
      browserVersion: browser_version,
      push: supportCell(of('h2-push'), 'push_support', (r) => `${sum(r, 'push_used')} of ${sum(r, 'push_promised')} promised pushes used`),
      hintsH2: supportCell(of('early-hints'), 'hints_support'),
      hintsH1: supportCell(of('early-hints-h1'), 'hints_support'),
      preloadsUnused: preloading.length === 0
        ? { verdict: '—', detail: 'no preloading load measured it' }
        : { verdict: String(unused), detail: `${unused} unused preload(s) over ${preloading.length} load(s)` },
    };
  });
}
