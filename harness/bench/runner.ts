// runBenchmark: a whole benchmark run in plain TypeScript, top to bottom. Plan, start the run
// folder, then per browser × profile bring up the link and servers, measure each planned load
// (gather -> compute -> append the row), tear down; finish with summary, history and dashboard.
// `npx pushbench run` calls it; `npx playwright test` runs the same phases as Playwright tests
// (harness/bench/playwright/), so both produce the same rows for the same config.

import type { Benchmark } from '../config/benchmark.ts';
import { finishRun, type RunEnd } from './finish-run.ts';
import { idOf, loadTitle, measureLoad } from './measure-load.ts';
import { openProfile } from './profile-session.ts';
import type { RunEvents } from './progress.ts';
import { benchProjects } from './projects.ts';
import { startRun } from './run-context.ts';

export interface RunOptions {
  runId: string;
  /** Only these browser × profile projects ("chromium/desktop"); all when omitted. */
  projects?: readonly string[];
  /** PUSHBENCH_HISTORY: keep the finished run in this history folder. */
  historyDir?: string;
  events?: RunEvents;
}

export async function runBenchmark(bench: Benchmark, opts: RunOptions): Promise<RunEnd> {
  const started = Date.now();
  const events = opts.events ?? {};
  const { ctx, browsers } = await startRun(bench, opts.runId);
  const projects = benchProjects(bench).filter((p) => !opts.projects || opts.projects.includes(p.name));
  const loadsOf = (profile: string) => ctx.loads.filter((l) => l.profile.name === profile);
  events.begin?.({ runDir: ctx.run.dir, total: projects.reduce((n, p) => n + loadsOf(p.profile).length, 0) });

  for (const project of projects) {
    const browser = browsers.find((b) => b.name === project.browser)!;
    const profile = bench.profiles.find((p) => p.name === project.profile)!;
    const title = (t: string) => `${project.browser} · ${project.profile} · ${t}`;
    let session;
    try {
      session = await openProfile(ctx, browser, profile, 0);
    } catch (err) {
      // The link or the servers did not come up: every load of the project is a harness error.
      for (const load of loadsOf(project.profile)) events.loadEnd?.({ title: title(loadTitle(load)), harnessError: (err as Error).message });
      continue;
    }
    try {
      for (const load of loadsOf(project.profile)) {
        try {
          const outcome = await measureLoad(ctx, session, load);
          events.loadEnd?.({ title: title(loadTitle(load)), ...('row' in outcome ? { row: outcome.row } : { skipped: outcome.skipped }) });
        } catch (err) {
          events.loadEnd?.({ title: title(loadTitle(load)), harnessError: `${idOf(browser.name, load)}: ${(err as Error).message}` });
        }
      }
    } finally {
      await session.close();
    }
  }
  const end = await finishRun(ctx.run, started, opts.historyDir);
  events.end?.(end);
  return end;
}
