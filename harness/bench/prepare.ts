// Resolves the benchmark once per process: the config file (or PUSHBENCH_CONFIG=file.json),
// PUSHBENCH_* overrides, validation (exit 2 with one line naming the bad dimension), and the run id.
// The main Playwright process picks the run id and exports it in PUSHBENCH_RUN_ID, so the worker
// processes it forks write into the same results folder.

import fs from 'node:fs';
import path from 'node:path';
import defaultConfig from '../../pushbench.config.ts';
import { applyEnvOverrides, resolveBenchmark, type Benchmark, type BenchmarkInput } from '../config/benchmark.ts';
import { UsageError } from '../shared/usage-error.ts';
import { PROJECT_ROOT } from '../run/provenance.ts';
import { latestRunId, newRunId, runPaths, type RunPaths } from '../run/run-dir.ts';

export interface PreparedRun {
  bench: Benchmark;
  run: RunPaths;
}

function readConfigInput(): BenchmarkInput {
  const file = process.env.PUSHBENCH_CONFIG;
  if (!file) return defaultConfig;
  const full = path.resolve(file);
  if (!fs.existsSync(full)) throw new UsageError(`PUSHBENCH_CONFIG: ${full} does not exist; point it at a JSON benchmark config`);
  try {
    return JSON.parse(fs.readFileSync(full, 'utf8')) as BenchmarkInput;
  } catch (err) {
    throw new UsageError(`PUSHBENCH_CONFIG: ${full} is not valid JSON (${(err as Error).message})`);
  }
}

let prepared: PreparedRun | undefined;

export function prepareRun(): PreparedRun {
  if (prepared) return prepared;
  const bench = resolveBenchmark(applyEnvOverrides(readConfigInput(), process.env), PROJECT_ROOT);
  let runId = process.env.PUSHBENCH_RUN_ID;
  if (!runId) {
    runId = (bench.resume && latestRunId(bench.outDir)) || newRunId();
    process.env.PUSHBENCH_RUN_ID = runId;
  }
  prepared = { bench, run: runPaths(bench.outDir, runId) };
  return prepared;
}

/** For playwright.config.ts: a bad value prints one line and exits 2 before any browser starts. */
export function prepareRunOrExit(): PreparedRun {
  try {
    return prepareRun();
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`pushbench: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
}
