// Where a benchmark's config comes from: pushbench.config.ts, or PUSHBENCH_CONFIG=file.json
// instead, narrowed by PUSHBENCH_* variables, validated (a bad value is a UsageError naming the
// dimension and its valid values), and the run id it writes into.

import fs from 'node:fs';
import path from 'node:path';
import defaultConfig from '../../pushbench.config.ts';
import { applyEnvOverrides, resolveBenchmark, type Benchmark, type BenchmarkInput } from '../config/benchmark.ts';
import { UsageError } from '../shared/usage-error.ts';
import { PROJECT_ROOT } from '../run/provenance.ts';
import { latestRunId, newRunId } from '../run/run-dir.ts';

/** The config file's input: `file` (a JSON config), else PUSHBENCH_CONFIG, else pushbench.config.ts. */
export function readConfigInput(env: NodeJS.ProcessEnv, file = env.PUSHBENCH_CONFIG): BenchmarkInput {
  if (!file) return defaultConfig;
  const full = path.resolve(file);
  const field = env.PUSHBENCH_CONFIG === file ? 'PUSHBENCH_CONFIG' : '--config';
  if (!fs.existsSync(full)) throw new UsageError(`${field}: ${full} does not exist; point it at a JSON benchmark config`);
  try {
    return JSON.parse(fs.readFileSync(full, 'utf8')) as BenchmarkInput;
  } catch (err) {
    throw new UsageError(`${field}: ${full} is not valid JSON (${(err as Error).message})`);
  }
}

/** The benchmark a run measures: the config input with the shell's PUSHBENCH_* overrides, resolved. */
export function benchmarkFrom(env: NodeJS.ProcessEnv, configFile?: string): Benchmark {
  return resolveBenchmark(applyEnvOverrides(readConfigInput(env, configFile), env), PROJECT_ROOT);
}

/** PUSHBENCH_RUN_ID, or the newest run folder when resuming, or a new id. */
export function runIdFor(bench: Benchmark, env: NodeJS.ProcessEnv): string {
  return env.PUSHBENCH_RUN_ID || (bench.resume && latestRunId(bench.outDir)) || newRunId();
}
