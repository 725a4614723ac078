// The benchmark's Playwright reporter: a progress line per load (done/total, elapsed, estimate),
// then summary.csv, the count of failed loads (which sets the exit status) and where results are.

import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { splitLeftoverNetLogs } from '../gather/netlog-slice.ts';
import { prepareRun } from './prepare.ts';
import type { RunRow } from '../shared/row-schema.ts';
import { readRunsCsv } from '../report/read-runs.ts';
import { writeSummaryCsv } from '../report/csv.ts';
import { median } from '../stats/index.ts';
import { writeReport } from '../report/write-report.ts';
import { appendToHistory } from '../report/history.ts';

/** Relative to the working directory when inside it, else absolute. */
const shortPath = (p: string) => {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
};

const clock = (ms: number) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export default class BenchReporter implements Reporter {
  private total = 0;
  private done = 0;
  private started = Date.now();

  printsToStdio(): boolean {
    return true;
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    this.total = suite.allTests().length;
    this.started = Date.now();
    const { run } = prepareRun();
    console.log(`pushbench: ${this.total} loads → ${shortPath(run.dir)}`);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.done++;
    const elapsed = Date.now() - this.started;
    const left = this.done > 0 ? (elapsed / this.done) * (this.total - this.done) : 0;
    const where = `[${this.done}/${this.total} ${clock(elapsed)} ~${clock(left)} left]`;
    const name = `${test.parent.project()?.name ?? ''} · ${test.parent.title.replace(/^profile /, '')} · ${test.title}`;
    const attachment = result.attachments.find((a) => a.name === 'pushbench-row');
    if (result.status === 'skipped') {
      console.log(`${where} ${name}: skipped (${result.annotations.map((a) => a.description).join('; ')})`);
    } else if (!attachment?.body) {
      const why = result.errors.map((e) => e.message?.split('\n')[0]).join('; ') || result.status;
      console.log(`${where} ${name}: HARNESS ERROR ${why}`);
    } else {
      const row = JSON.parse(attachment.body.toString()) as RunRow;
      console.log(`${where} ${name}: ${describeRow(row)}`);
    }
  }

  onError(error: { message?: string }): void {
    console.error(`pushbench: ${error.message ?? error}`);
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    const { run } = prepareRun();
    if (!fs.existsSync(run.runsCsv)) {
      console.log('pushbench: no loads finished');
      return { status: 'failed' };
    }
    splitLeftoverNetLogs(run.browsers); // shared browsers of workers that did not end normally
    const rows = readRunsCsv(run.runsCsv);
    writeSummaryCsv(run.summaryCsv, rows);
    const failed = rows.filter((r) => r.error !== '').length;
    const rel = shortPath;
    console.log('');
    console.log(`pushbench: ${rows.length} loads in ${clock(Date.now() - this.started)}, ${failed} failed${failed ? ' (see the error column)' : ''}`);
    for (const line of overheadLines(rows)) console.log(line);
    console.log(`pushbench: results  ${rel(run.runsCsv)}`);
    console.log(`pushbench: summary  ${rel(run.summaryCsv)}`);
    console.log(`pushbench: traces   ${rel(run.traces)}/`);
    // PUSHBENCH_HISTORY=DIR keeps this run for trends and `compare --history DIR`.
    const historyDir = process.env.PUSHBENCH_HISTORY;
    if (historyDir) {
      try {
        appendToHistory(historyDir, run.dir);
        console.log(`pushbench: history  ${rel(historyDir)}/`);
      } catch (err) {
        console.error(`pushbench: could not append to history ${historyDir}: ${(err as Error).message}`);
      }
    }
    try {
      const report = await writeReport(run.dir, { historyDir });
      console.log(`pushbench: report   ${rel(report)}`);
    } catch (err) {
      console.error(`pushbench: the report could not be written (${(err as Error).message}); the CSVs are complete`);
    }
    if (failed > 0 && result.status === 'passed') return { status: 'failed' };
    return undefined;
  }
}

function describeRow(r: RunRow): string {
  if (r.error) return `ERROR ${r.error}`;
  const parts = [`TTFB ${r.ttfb_ms}`, `FCP ${r.fcp_ms}`, `LCP ${r.lcp_ms} ms`, `${r.protocol}`];
  if (r.push_support && r.push_support !== 'n/a') parts.push(`push ${r.push_support}, used ${r.push_used}/${r.push_promised}`);
  if (r.hints_support && r.hints_support !== 'n/a') parts.push(`hints ${r.hints_support} (${r.hint_preloads_started} started)`);
  if (r.shaping_check && r.shaping_check !== 'ok' && r.shaping_check !== 'n/a') parts.push(`shaping ${r.shaping_check}`);
  return parts.join(', ');
}

/** Harness overhead per cold load (wall time minus the page's load time), per browser and isolation. */
export function overheadLines(rows: readonly RunRow[]): string[] {
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    if (r.cache !== 'cold' || r.harness_overhead_ms === '') continue;
    const key = `${r.browser}, ${r.isolation} isolation`;
    groups.set(key, [...(groups.get(key) ?? []), Number(r.harness_overhead_ms)]);
  }
  return [...groups].map(([key, values]) => {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return `pushbench: harness overhead per cold load (${key}): median ${median(values).toFixed(0)} ms, mean ${mean.toFixed(0)} ms (wall time minus the page's load time)`;
  });
}
