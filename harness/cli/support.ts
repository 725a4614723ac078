// `pushbench support results/<run-id>`: prints the support matrix (harness/report/support-matrix.ts)
// of a run and writes support.csv next to its runs.csv.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { UsageError } from '../shared/usage-error.ts';
import { SUPPORT_COLUMNS, formatMatrix, supportMatrix } from '../report/support-matrix.ts';
import { readRunsCsv, resolveRunsCsv } from '../report/read-runs.ts';

export async function run(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new UsageError('support takes one results folder: pushbench support results/<run-id>');
  const csv = resolveRunsCsv(positionals[0]!, 'support');
  const matrix = supportMatrix(readRunsCsv(csv));
  const out = path.join(path.dirname(csv), 'support.csv');
  fs.writeFileSync(out, stringify(matrix.map((r) => SUPPORT_COLUMNS.map((c) => r[c])), { header: true, columns: [...SUPPORT_COLUMNS] }));
  console.log(formatMatrix(matrix));
  console.log(`\n  ${out}`);
  return 0;
}
