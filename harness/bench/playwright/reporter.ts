// The benchmark's Playwright reporter: the runner's ProgressPrinter fed from Playwright's events,
// then the runner's finishRun (summary.csv, history, dashboard). The count of failed loads sets the
// exit status.

import fs from 'node:fs';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import type { RunRow } from '../../shared/row-schema.ts';
import { runPaths } from '../../run/run-dir.ts';
import { finishRun } from '../finish-run.ts';
import { ProgressPrinter } from '../progress.ts';
import { prepareRun } from './prepare.ts';

export default class BenchReporter implements Reporter {
  private printer = new ProgressPrinter();
  private started = Date.now();

  printsToStdio(): boolean {
    return true;
  }

  private run() {
    const { bench, runId } = prepareRun();
    return runPaths(bench.outDir, runId);
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    this.started = Date.now();
    this.printer.begin({ runDir: this.run().dir, total: suite.allTests().length });
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const project = (test.parent.project()?.name ?? '').replace('/', ' · ');
    const title = `${project} · ${test.title}`;
    const rows = result.attachments.filter((a) => a.name === 'pushbench-row' && a.body).map((a) => JSON.parse(a.body!.toString()) as RunRow);
    if (result.status === 'skipped') {
      this.printer.loadEnd({ title, skipped: result.annotations.map((a) => a.description).join('; ') });
    } else if (rows.length === 0) {
      this.printer.loadEnd({ title, harnessError: result.errors.map((e) => e.message?.split('\n')[0]).join('; ') || result.status });
    } else {
      this.printer.loadEnd({ title, row: rows[0], steps: rows });
    }
  }

  onError(error: { message?: string }): void {
    console.error(`pushbench: ${error.message ?? error}`);
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    const end = await finishRun(this.run(), this.started, process.env.PUSHBENCH_HISTORY);
    this.printer.end(end);
    // An empty shard (more shards than browser × profile projects) has a runs.csv and no rows: not a failure.
    if (!fs.existsSync(end.run.runsCsv)) return { status: 'failed' };
    if (end.failed > 0 && result.status === 'passed') return { status: 'failed' };
    return undefined;
  }
}
