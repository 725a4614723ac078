// Which loads a run already has (for --resume): every row of runs.csv, failed ones included,
// is a finished load; its trace folder name is its load id. Read leniently (unlike read-runs.ts):
// a run killed mid-append may have left a torn last line, and resuming must still work.

import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

export function finishedLoadIds(runsCsv: string): Set<string> {
  if (!fs.existsSync(runsCsv)) return new Set();
  const text = fs.readFileSync(runsCsv, 'utf8');
  const whole = text.slice(0, text.lastIndexOf('\n') + 1); // rows are appended whole, each ending in \n
  const rows = parse(whole, { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
  return new Set(rows.map((r) => path.basename(r.trace_dir ?? '')).filter(Boolean));
}
