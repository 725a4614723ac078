// Rebuilds every runs.csv row of a run from its saved traces (gather once, compute many times).

import fs from 'node:fs';
import path from 'node:path';
import type { RunRow } from '../shared/row-schema.ts';
import { readLoadArtifacts, readScreencast, readStepTraffic } from './read-trace.ts';
import { computeMetrics } from './metrics.ts';
import { toRunRow } from './row.ts';
import { computeLighthouse } from './lighthouse.ts';

export function rowFromTrace(runDir: string, loadId: string): RunRow | undefined {
  const rel = path.join('traces', loadId);
  const input = readLoadArtifacts(path.join(runDir, rel));
  if (!input) return undefined;
  const lighthouse = computeLighthouse(input.lighthouse, input.meta.lighthouse?.error);
  // A journey's later step also reads what the steps before it prefetched.
  const earlier = (input.meta.journey?.earlierSteps ?? []).map((id) => readStepTraffic(path.join(runDir, 'traces', id)));
  const metrics = input.meta.error ? undefined : computeMetrics({ ...input, screencast: readScreencast(path.join(runDir, rel)), earlier });
  return toRunRow(input.meta, metrics, rel, lighthouse);
}

/** Rows of every finished load, in the order the loads started. */
export function rowsFromTraces(runDir: string): RunRow[] {
  const traces = path.join(runDir, 'traces');
  if (!fs.existsSync(traces)) return [];
  return fs.readdirSync(traces)
    .map((id) => rowFromTrace(runDir, id))
    .filter((r): r is RunRow => r !== undefined)
    .sort((a, b) => a.started_at.localeCompare(b.started_at) || a.trace_dir.localeCompare(b.trace_dir));
}
