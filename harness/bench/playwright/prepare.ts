// The Playwright adapter's view of the run, resolved once per process. The main Playwright process
// picks the run id and exports it in PUSHBENCH_RUN_ID, so the worker processes it forks (and the
// reporter) join the same results folder.

import type { Benchmark } from '../../config/benchmark.ts';
import { UsageError } from '../../shared/usage-error.ts';
import { benchmarkFrom, runIdFor } from '../config-source.ts';

export interface PreparedRun {
  bench: Benchmark;
  runId: string;
}

let prepared: PreparedRun | undefined;

export function prepareRun(): PreparedRun {
  if (prepared) return prepared;
  const bench = benchmarkFrom(process.env);
  const runId = runIdFor(bench, process.env);
  process.env.PUSHBENCH_RUN_ID = runId;
  prepared = { bench, runId };
  return prepared;
}

/** Prints a UsageError as one line and exits 2 (before any browser starts); rethrows the rest. */
export function exitOnUsageError(err: unknown): never {
  if (err instanceof UsageError) {
    console.error(`pushbench: ${err.message}`);
    process.exit(2);
  }
  throw err;
}

export function prepareRunOrExit(): PreparedRun {
  try {
    return prepareRun();
  } catch (err) {
    return exitOnUsageError(err);
  }
}
