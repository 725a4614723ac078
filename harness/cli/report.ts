// `pushbench report results/<run-id> [--history DIR] [--out FILE]`: the HTML dashboard of a run
// (harness/report/write-report.ts).
import { parseArgs } from 'node:util';
import { UsageError } from '../shared/usage-error.ts';
import { writeReport } from '../report/write-report.ts';

const USAGE = `usage: pushbench report RUN_DIR [--history DIR] [--out FILE]

RUN_DIR         a results folder (results/<run-id>, holding runs.csv)
--history DIR   add the trend over the runs stored in DIR (see compare --append-to-history)
--out FILE      where to write the page (default RUN_DIR/report.html)`;

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
