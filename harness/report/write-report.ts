// The HTML dashboard of a run, written from its runs.csv, run.json, traces and (optionally) a
// history folder. `pushbench report` and the end of every benchmark run call writeReport, so it
// must be quick and must cope with partial data (failed loads, missing traces or run.json, one
// variant, no LCP).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { RunRow } from '../shared/row-schema.ts';
import { readRunsCsv, resolveRunsCsv } from './read-runs.ts';
import { readHistoryEntries } from './history.ts';
import { boundsForRun } from '../compute/bound.ts';
import { isFailed } from '../stats/cells.ts';
import { runInfoOf } from './dashboard/run-info.ts';
import { dashboardData } from './dashboard/data.ts';
import { filmstripsOf } from './dashboard/filmstrip.ts';
import { waterfallsOf } from './dashboard/waterfall.ts';
import { dashboardHtml } from './dashboard/html.ts';
import { inlineLibraries } from './dashboard/libraries.ts';

export interface ReportOptions {
  historyDir?: string;
  out?: string;
}

/**
 * The loads the waterfalls show: the first browser, the slowest profile, the cold cache (where
 * measured) and, when the run has several think times (a sweep), the longest.
 */
function waterfallFocus(rows: readonly RunRow[]): { browser: string; profile: string; cache: string; thinkMs?: string } {
  const ok = rows.filter((r) => !isFailed(r));
  const pool = ok.length > 0 ? ok : rows;
  const browser = pool[0]?.browser ?? '';
  const mine = pool.filter((r) => r.browser === browser);
  const profile = [...mine].sort((a, b) => Number(b.rtt_ms || 0) - Number(a.rtt_ms || 0))[0]?.profile ?? '';
  const caches = new Set(mine.filter((r) => r.profile === profile).map((r) => r.cache));
  const cache = caches.has('cold') ? 'cold' : ([...caches][0] ?? '');
  const thinks = [...new Set(mine.filter((r) => r.profile === profile && r.cache === cache).map((r) => r.think_ms))];
  const longest = thinks.sort((a, b) => Number(b) - Number(a))[0];
  return { browser, profile, cache, ...(thinks.length > 1 && longest !== undefined ? { thinkMs: longest } : {}) };
}

/** Writes the dashboard of `runDir`; returns the HTML file's path. */
export async function writeReport(runDir: string, opts: ReportOptions = {}): Promise<string> {
  const runsCsv = resolveRunsCsv(runDir, 'RUN_DIR');
  const dir = dirname(runsCsv);
  const rows = readRunsCsv(runsCsv);
  const history = opts.historyDir !== undefined ? readHistoryEntries(opts.historyDir) : undefined;
  const info = runInfoOf(dir, rows);
  const variants = info.variants.includes(info.baseline) ? [info.baseline, ...info.variants.filter((v) => v !== info.baseline)] : info.variants;
  const data = dashboardData({
    info,
    rows,
    bounds: boundsForRun(dir),
    history,
    waterfalls: waterfallsOf(dir, rows, variants.filter((v) => rows.some((r) => r.variant === v)), waterfallFocus(rows)),
    filmstrips: (labels, labelOf) => filmstripsOf(dir, rows, labels, labelOf),
  });
  const out = resolve(opts.out ?? join(dir, 'report.html'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, dashboardHtml(data, inlineLibraries()));
  return out;
}
