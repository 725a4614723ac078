// What a run tells the person watching it: a line per load (done/total, elapsed, estimate, the
// headline figures), then the closing lines: loads and failures, harness overhead, where results
// are. The Playwright reporter and `pushbench run` print through the same ProgressPrinter.

import fs from 'node:fs';
import path from 'node:path';
import type { RunRow } from '../shared/row-schema.ts';
import { isFirstStep, median } from '../stats/index.ts';
import type { RunEnd } from './finish-run.ts';
import { HARNESS_ERROR_PREFIX } from '../shared/row-schema.ts';

/** What happened to one load, as the runner's events report it. */
export interface LoadEnd {
  /** "chromium · desktop · r1 · cold · h2 · /" */
  title: string;
  row?: RunRow;
  /** A journey's rows, one per step (row is the first). */
  steps?: RunRow[];
  skipped?: string;
  /** A harness fault (not a failed load, which is a row with its error). */
  harnessError?: string;
}

/** The runner's progress events. */
export interface RunEvents {
  begin?(e: { runDir: string; total: number }): void;
  loadEnd?(e: LoadEnd): void;
  end?(e: RunEnd): void;
}

/** Relative to the working directory when inside it, else absolute. */
const shortPath = (p: string) => {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
};

export const clock = (ms: number) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export class ProgressPrinter implements Required<RunEvents> {
  private total = 0;
  private done = 0;
  private started = Date.now();

  constructor(
    private readonly out: (line: string) => void = console.log,
    private readonly err: (line: string) => void = console.error,
  ) {}

  begin(e: { runDir: string; total: number }): void {
    this.total = e.total;
    this.started = Date.now();
    this.out(`pushbench: ${e.total} loads → ${shortPath(e.runDir)}`);
  }

  loadEnd(e: LoadEnd): void {
    this.done++;
    const elapsed = Date.now() - this.started;
    const left = (elapsed / this.done) * (this.total - this.done);
    const where = `[${this.done}/${this.total} ${clock(elapsed)} ~${clock(left)} left]`;
    if (e.skipped) this.out(`${where} ${e.title}: skipped (${e.skipped})`);
    else if (!e.row) this.out(`${where} ${e.title}: HARNESS ERROR ${e.harnessError ?? 'no row'}`);
    else if (e.steps && e.steps.length > 1) this.out(`${where} ${e.title}: ${e.steps.map((r) => `step ${r.step} ${r.page}: ${describeRow(r)}`).join(' → ')}`);
    else this.out(`${where} ${e.title}: ${describeRow(e.row)}`);
  }

  end(e: RunEnd): void {
    if (e.rows.length === 0) {
      this.out('pushbench: no loads finished');
      return;
    }
    this.out('');
    // A journey is one load of several rows (a step each).
    const loads = e.rows.filter(isFirstStep).length;
    const steps = loads === e.rows.length ? '' : ` (${e.rows.length} journey steps)`;
    this.out(`pushbench: ${loads} loads${steps} in ${clock(e.elapsedMs)}, ${e.failed} failed${e.failed ? ' (see the error column)' : ''}`);
    for (const line of overheadLines(e.rows)) this.out(line);
    for (const line of e.phases) this.out(`pushbench: ${line}`);
    this.out(`pushbench: results  ${shortPath(e.run.runsCsv)}`);
    this.out(`pushbench: summary  ${shortPath(e.run.summaryCsv)}`);
    const verdict = path.join(e.run.dir, 'summary.md');
    if (fs.existsSync(verdict)) this.out(`pushbench: verdict  ${shortPath(verdict)} (which strategies beat the baseline, in words)`);
    this.out(`pushbench: traces   ${shortPath(e.run.traces)}/`);
    if (e.history) this.out(`pushbench: history  ${shortPath(e.history)}/`);
    if (e.report) this.out(`pushbench: report   ${shortPath(e.report)}`);
    const unmeasured = e.rows.filter((r) => r.error.startsWith(HARNESS_ERROR_PREFIX)).length;
    if (unmeasured) this.err(`pushbench: ${unmeasured} of the failed loads could not be measured (error "${HARNESS_ERROR_PREFIX}…": the link, servers or browser did not come up); PUSHBENCH_RESUME=1 measures them again`);
    for (const problem of e.problems) this.err(`pushbench: ${problem}`);
  }
}

function describeRow(r: RunRow): string {
  if (r.error) return `ERROR ${r.error}`;
  const parts = [`TTFB ${r.ttfb_ms}`, `FCP ${r.fcp_ms}`, `LCP ${r.lcp_ms} ms`, `${r.protocol}`];
  if (r.push_support && r.push_support !== 'n/a') parts.push(`push ${r.push_support}, used ${r.push_used}/${r.push_promised}`);
  if (r.hints_support && r.hints_support !== 'n/a') parts.push(`hints ${r.hints_support} (${r.hint_preloads_started} started)`);
  if (r.preconnect_used && r.preconnect_used !== 'n/a') parts.push(`second origin's connection ready: ${r.preconnect_used}`);
  if (r.prefetched && r.prefetched !== '0') parts.push(`${r.prefetched} prefetched`);
  if (r.prefetch_used && r.prefetch_used !== 'n/a') parts.push(`from prefetch: ${r.prefetch_used} (${r.prefetch_hits} files)`);
  if (r.shaping_check && r.shaping_check !== 'ok' && r.shaping_check !== 'n/a') parts.push(`shaping ${r.shaping_check}`);
  return parts.join(', ');
}

/**
 * Harness overhead per cold load, per browser and isolation: wall time minus the page's load event
 * (harness_overhead_ms), and beyond the page's own time, to its load event or LCP, whichever is
 * later (harness_cost_ms: what the harness itself costs; older rows have none).
 */
export function overheadLines(rows: readonly RunRow[]): string[] {
  const groups = new Map<string, { overhead: number[]; cost: number[] }>();
  for (const r of rows) {
    // A journey's later steps have no launch or close of their own: the first step carries them.
    if (r.cache !== 'cold' || r.harness_overhead_ms === '' || !isFirstStep(r)) continue;
    const key = `${r.browser}, ${r.isolation} isolation`;
    const group = groups.get(key) ?? { overhead: [], cost: [] };
    group.overhead.push(Number(r.harness_overhead_ms));
    if (r.harness_cost_ms) group.cost.push(Number(r.harness_cost_ms));
    groups.set(key, group);
  }
  return [...groups].map(([key, { overhead, cost }]) => {
    const mean = overhead.reduce((a, b) => a + b, 0) / overhead.length;
    const beyond = cost.length ? `; ${median(cost).toFixed(0)} ms beyond the page's own time (to its load event or LCP, whichever is later)` : '';
    return `pushbench: harness overhead per cold load (${key}): median ${median(overhead).toFixed(0)} ms, mean ${mean.toFixed(0)} ms (wall time minus the page's load event)${beyond}`;
  });
}
