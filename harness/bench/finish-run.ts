// The end of a run: split what is left of shared browsers' NetLogs into their loads, write
// summary.csv and summary.md (the verdict), keep the run in the history folder (PUSHBENCH_HISTORY), write the dashboard.
// A step that fails is reported, never fatal: the CSVs are complete by then.

import fs from 'node:fs';
import type { RunRow } from '../shared/row-schema.ts';
import { splitLeftoverNetLogs } from '../gather/netlog-slice.ts';
import { phaseBreakdown, phaseLine } from '../compute/phases.ts';
import { readRunsCsv } from '../report/read-runs.ts';
import { writeSummaryCsv } from '../report/csv.ts';
import { appendToHistory } from '../report/history.ts';
import { writeReport } from '../report/write-report.ts';
import type { RunPaths } from '../run/run-dir.ts';
import { writeVerdictMarkdown } from '../report/verdict-text.ts';

export interface RunEnd {
  run: RunPaths;
  rows: RunRow[];
  failed: number;
  elapsedMs: number;
  /** The history folder the run was added to, when asked for. */
  history?: string;
  /** The dashboard's path, when it could be written. */
  report?: string;
  /** Steps that failed, one line each. */
  problems: string[];
  /** Median time per gather phase of the cold loads, one line per browser (compute/phases.ts). */
  phases: string[];
  /** Loads that left no row because the harness failed (the runner counts them; Playwright reports them as failed tests). */
  harnessErrors: number;
}

export async function finishRun(run: RunPaths, startedMs: number, historyDir: string | undefined): Promise<RunEnd> {
  const elapsedMs = Date.now() - startedMs;
  const end: RunEnd = { run, rows: [], failed: 0, elapsedMs, problems: [], phases: [], harnessErrors: 0 };
  if (!fs.existsSync(run.runsCsv)) return end;
  splitLeftoverNetLogs(run.browsers); // shared browsers of workers that did not end normally
  end.rows = readRunsCsv(run.runsCsv);
  end.failed = end.rows.filter((r) => r.error !== '').length;
  writeSummaryCsv(run.summaryCsv, end.rows);
  writeVerdictMarkdown(run.dir, end.rows);
  end.phases = phaseBreakdown(run.dir, end.rows).map(phaseLine);
  if (historyDir) {
    try {
      appendToHistory(historyDir, run.dir);
      end.history = historyDir;
    } catch (err) {
      end.problems.push(`could not append to history ${historyDir}: ${(err as Error).message}`);
    }
  }
  try {
    end.report = await writeReport(run.dir, { historyDir });
  } catch (err) {
    end.problems.push(`the report could not be written (${(err as Error).message}); the CSVs are complete`);
  }
  return end;
}
