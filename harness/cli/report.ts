// `pushbench report results/<run-id> [--history DIR] [--out FILE]`: the HTML dashboard of a run.
// The benchmark also calls writeReport at the end of every run, so it must be quick and must cope
// with partial data (failed loads, missing traces or run.json, one variant, no LCP).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';
import type { RunRow } from '../report/columns.ts';
import { readRunsCsv, resolveRunsCsv } from '../report/read-runs.ts';
import { readHistoryEntries } from '../report/history.ts';
import { boundsForRun } from '../compute/bound.ts';
import { isFailed } from '../stats/cells.ts';
import { runInfoOf } from '../report/dashboard/run-info.ts';
import { dashboardData } from '../report/dashboard/data.ts';
import { waterfallsOf } from '../report/dashboard/waterfall.ts';
import { dashboardHtml } from '../report/dashboard/html.ts';
import { inlineLibraries } from '../report/dashboard/libraries.ts';

const USAGE = `usage: pushbench report RUN_DIR [--history DIR] [--out FILE]

RUN_DIR         a results folder (results/<run-id>, holding runs.csv)
--history DIR   add the trend over the runs stored in DIR (see compare --append-to-history)
--out FILE      where to write the page (default RUN_DIR/report.html)`;

export interface ReportOptions {
  historyDir?: string;
  out?: string;
}

/** The loads the waterfalls show: the first browser, the slowest profile, the cold cache (where measured). */
function waterfallFocus(rows: readonly RunRow[]): { browser: string; profile: string; cache: string } {
  const ok = rows.filter((r) => !isFailed(r));
  const pool = ok.length > 0 ? ok : rows;
  const browser = pool[0]?.browser ?? '';
  const mine = pool.filter((r) => r.browser === browser);
  const profile = [...mine].sort((a, b) => Number(b.rtt_ms || 0) - Number(a.rtt_ms || 0))[0]?.profile ?? '';
  const caches = new Set(mine.filter((r) => r.profile === profile).map((r) => r.cache));
  return { browser, profile, cache: caches.has('cold') ? 'cold' : ([...caches][0] ?? '') };
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
  });
  const out = resolve(opts.out ?? join(dir, 'report.html'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, dashboardHtml(data, inlineLibraries()));
  return out;
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { history: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    throw new UsageError(`report: expected exactly one RUN_DIR, got ${parsed.positionals.length}\n${USAGE}`);
  }
  const file = await writeReport(parsed.positionals[0], { historyDir: parsed.values.history, out: parsed.values.out });
  console.log(file);
  return 0;
}
