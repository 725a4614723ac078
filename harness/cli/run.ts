// `pushbench run [--config FILE] [--project chromium/desktop,…]`: the benchmark without Playwright,
// through the runner (harness/bench/runner.ts). Same config (pushbench.config.ts, PUSHBENCH_CONFIG,
// PUSHBENCH_* variables), same rows, same closing lines as `npx playwright test`.
// Exit 0 when every load succeeded, 1 when some failed (rows with their error) or left no row (a
// harness error), 2 on bad input.

import { parseArgs } from 'node:util';
import { UsageError } from '../shared/usage-error.ts';
import { benchmarkFrom, runIdFor } from '../bench/config-source.ts';
import { benchProjects } from '../bench/projects.ts';
import { ProgressPrinter } from '../bench/progress.ts';
import { runBenchmark } from '../bench/runner.ts';

const USAGE = `usage: pushbench run [--config FILE] [--project NAME[,NAME…]]

--config FILE    a JSON benchmark config instead of pushbench.config.ts (as PUSHBENCH_CONFIG)
--project NAMES  only these browser/profile units, e.g. chromium/desktop (default: all)

PUSHBENCH_* variables narrow the matrix as for npx playwright test (README.md).`;

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { config: { type: 'string' }, project: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const bench = benchmarkFrom(process.env, values.config);
  const projects = values.project?.flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean);
  const known = benchProjects(bench).map((p) => p.name);
  const unknown = projects?.find((p) => !known.includes(p));
  if (unknown) throw new UsageError(`--project: "${unknown}" is not a browser/profile of this benchmark; valid: ${known.join(', ')}`);
  const end = await runBenchmark(bench, {
    runId: runIdFor(bench, process.env),
    projects,
    historyDir: process.env.PUSHBENCH_HISTORY,
    events: new ProgressPrinter(),
  });
  return end.rows.length === 0 || end.failed > 0 || end.harnessErrors > 0 ? 1 : 0;
}
