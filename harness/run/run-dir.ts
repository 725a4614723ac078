// The results folder of one run: results/<run-id>/ with runs.csv, summary.csv, run.json,
// traces/<load-id>/, wire/ (full server logs) and browsers/ (the NetLog and TLS keys of browsers
// shared by several loads, until they are split into the loads' trace folders), and origin-copy/
// (config origin: the copy of the user's server the run served).

import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/** The newest run folder under `outDir` (run ids sort by time), or undefined. */
export function latestRunId(outDir: string): string | undefined {
  if (!fs.existsSync(outDir)) return undefined;
  return fs.readdirSync(outDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(outDir, d.name, 'runs.csv')))
    .map((d) => d.name)
    .sort()
    .at(-1);
}

export interface RunPaths {
  runId: string;
  dir: string;
  runsCsv: string;
  summaryCsv: string;
  runJson: string;
  traces: string;
  wire: string;
  browsers: string;
  /** The copy of the user's running server the edge serves (config origin; sites/origin-copy.ts). */
  originCopy: string;
}

export function runPaths(outDir: string, runId: string): RunPaths {
  const dir = path.join(outDir, runId);
  return {
    runId,
    dir,
    runsCsv: path.join(dir, 'runs.csv'),
    originCopy: path.join(dir, 'origin-copy'),
    summaryCsv: path.join(dir, 'summary.csv'),
    runJson: path.join(dir, 'run.json'),
    traces: path.join(dir, 'traces'),
    wire: path.join(dir, 'wire'),
    browsers: path.join(dir, 'browsers'),
  };
}

/**
 * A load id is also its trace folder name: safe characters only. `variant` is the arm's label
 * (config/arms.ts armLabel: "h2", "h2@caddy", in a think-time sweep "h2+t150"), kept whole: its "+"
 * is safe in a file name, and the other parts keep the rule they always had.
 */
export function loadId(parts: { browser: string; profile: string; cache: string; repetition: number; variant: string; page: string }): string {
  const page = parts.page === '/' ? 'index' : parts.page.replace(/^\/+/, '').replace(/\.html?$/, '');
  const safe = (s: string) => s.replace(/[^A-Za-z0-9.@-]+/g, '_');
  const arm = parts.variant.replace(/[^A-Za-z0-9.@+-]+/g, '_');
  return [safe(parts.browser), safe(parts.profile), safe(parts.cache), safe(`r${parts.repetition}`), arm, safe(page)].join('__');
}
