// Where a run's harness time went: the median of each gather phase (meta.json `phases`) over the
// cold loads of each browser and isolation, so a slowdown is found in minutes, not by profiling.
// Read from the trace folders, like every other derived value; older traces without phases count
// for nothing.

import fs from 'node:fs';
import path from 'node:path';
import type { LoadMeta } from '../gather/artifacts.ts';
import type { RunRow } from '../shared/row-schema.ts';
import { median } from '../stats/describe.ts';
import { isFirstStep } from '../stats/cells.ts';

type PhaseName = keyof NonNullable<LoadMeta['phases']>;

/** The phases in the order a load runs them, with the words the summary line uses. */
export const PHASE_LABELS: readonly [PhaseName, string][] = [
  ['launchMs', 'launch/context'],
  ['quietMs', 'quiet wait'],
  ['navigateMs', 'navigation'],
  ['collectMs', 'settle+collect'],
  ['closeMs', 'close'],
  ['writeMs', 'writing'],
];

export interface PhaseBreakdown {
  /** "chromium, context isolation" */
  group: string;
  loads: number;
  /** Median ms per phase, in PHASE_LABELS order; undefined where no load recorded the phase. */
  medians: (number | undefined)[];
}

export function phaseBreakdown(runDir: string, rows: readonly RunRow[]): PhaseBreakdown[] {
  const groups = new Map<string, NonNullable<LoadMeta['phases']>[]>();
  for (const r of rows) {
    // A journey's later steps have no launch, close or writing of their own: first steps only.
    if (r.cache !== 'cold' || r.error !== '' || !r.trace_dir || !isFirstStep(r)) continue;
    const file = path.join(runDir, r.trace_dir, 'meta.json');
    if (!fs.existsSync(file)) continue;
    const phases = (JSON.parse(fs.readFileSync(file, 'utf8')) as LoadMeta).phases;
    if (!phases) continue;
    const key = `${r.browser}, ${r.isolation} isolation`;
    groups.set(key, [...(groups.get(key) ?? []), phases]);
  }
  return [...groups].map(([group, list]) => ({
    group,
    loads: list.length,
    medians: PHASE_LABELS.map(([name]) => {
      const values = list.map((p) => p[name]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      return values.length ? median(values) : undefined;
    }),
  }));
}

export function phaseLine(b: PhaseBreakdown): string {
  const parts = PHASE_LABELS.map(([, label], i) => `${label} ${b.medians[i] === undefined ? 'n/a' : b.medians[i]!.toFixed(0)}`);
  return `where the time went per cold load (${b.group}, medians of ${b.loads}, ms): ${parts.join(', ')}`;
}
