// Which loads a run already has (for --resume): every row of runs.csv, failed loads included, is
// a finished load (its trace folder name is its load id), except the loads the harness could not
// measure (error "harness: …"): resume measures those again, replacing their rows (a journey's
// rows together: its later steps say "not reached" when its first failed). Read leniently (unlike read-runs.ts):
// a run killed mid-append may have left a torn last line, and resuming must still work.

import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { HARNESS_ERROR_PREFIX } from '../shared/row-schema.ts';

function readRowsLeniently(runsCsv: string): { header: string; rows: Record<string, string>[] } {
  const text = fs.readFileSync(runsCsv, 'utf8');
  const whole = text.slice(0, text.lastIndexOf('\n') + 1); // rows are appended whole, each ending in \n
  const rows = parse(whole, { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
  return { header: whole.slice(0, whole.indexOf('\n') + 1), rows };
}

/** A journey's steps are one load: "<load id>__s2" belongs to "<load id>". */
const loadOf = (traceDir: string) => path.basename(traceDir).replace(/__s\d+$/, '');

/** Loads with a row the harness could not measure: every row of such a load (a journey's every step) is measured again. */
function unmeasuredLoads(rows: readonly Record<string, string>[]): Set<string> {
  return new Set(rows.filter((r) => (r.error ?? '').startsWith(HARNESS_ERROR_PREFIX)).map((r) => loadOf(r.trace_dir ?? '')));
}

export function finishedLoadIds(runsCsv: string): Set<string> {
  if (!fs.existsSync(runsCsv)) return new Set();
  const { rows } = readRowsLeniently(runsCsv);
  const again = unmeasuredLoads(rows);
  return new Set(rows.filter((r) => !again.has(loadOf(r.trace_dir ?? ''))).map((r) => path.basename(r.trace_dir ?? '')).filter(Boolean));
}

/** Before a resume: drops the rows of loads the harness could not measure (they are measured again). */
export function dropHarnessFailures(runsCsv: string): number {
  if (!fs.existsSync(runsCsv)) return 0;
  const { header, rows } = readRowsLeniently(runsCsv);
  const again = unmeasuredLoads(rows);
  const keep = rows.filter((r) => !again.has(loadOf(r.trace_dir ?? '')));
  if (keep.length === rows.length) return 0;
  const columns = header.trim().split(',');
  fs.writeFileSync(runsCsv, header + (keep.length ? stringify(keep, { columns }) : ''));
  return rows.length - keep.length;
}
