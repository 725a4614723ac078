// `pushbench recompute results/<run-id>`: rebuilds runs.csv, summary.csv and summary.md from the saved traces
// and wire logs, without starting a browser (gather once, compute many times).

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../shared/usage-error.ts';
import { rowsFromTraces } from '../compute/rows-from-traces.ts';
import { writeRunsCsv, writeSummaryCsv } from '../report/csv.ts';
import { writeVerdictMarkdown } from '../report/verdict-text.ts';
import { splitLeftoverNetLogs } from '../gather/netlog-slice.ts';

export async function run(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new UsageError('recompute takes one results folder: pushbench recompute results/<run-id>');
  const dir = path.resolve(positionals[0]!);
  if (!fs.existsSync(path.join(dir, 'traces'))) {
    throw new UsageError(`${dir} has no traces/ folder; pass a results folder written by the benchmark (results/<run-id>)`);
  }
  // NetLogs of shared browsers that a killed run never split: give each finished load its slice.
  const split = splitLeftoverNetLogs(path.join(dir, 'browsers'));
  if (split) console.log(`split the NetLog of a shared browser into ${split} loads' trace folders`);
  const rows = rowsFromTraces(dir);
  writeRunsCsv(path.join(dir, 'runs.csv'), rows);
  writeSummaryCsv(path.join(dir, 'summary.csv'), rows);
  const verdict = writeVerdictMarkdown(dir, rows);
  const failed = rows.filter((r) => r.error).length;
  console.log(`recomputed ${rows.length} loads (${failed} failed) from ${path.join(dir, 'traces')}`);
  console.log(`  ${path.join(dir, 'runs.csv')}\n  ${path.join(dir, 'summary.csv')}\n  ${verdict}`);
  return 0;
}
