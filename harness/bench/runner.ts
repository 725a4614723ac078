// runBenchmark: a whole benchmark run in plain TypeScript, top to bottom. Plan, start the run
// folder, then per browser × profile bring up the link and servers, measure each planned load
// (gather -> compute -> append the row), tear down; finish with summary, history and dashboard.
// `npx pushbench run` calls it; `npx playwright test` runs the same phases as Playwright tests
// (harness/bench/playwright/), so both produce the same rows for the same config.
//
// A failed load is a row with its error. A harness fault (the link or servers do not come up, a
// step throws or hangs past the step timeout) is a row too, its error "harness: <the reason>"; it
// is counted in harnessErrors, and the profile's link, servers and browser are brought up afresh
// before the next load (after two failed starts in a row the group's other loads fail at once with
// the same reason: session-keeper.ts). `--resume` measures them again. Bad input (a UsageError)
// ends the run at once.

import type { Benchmark } from '../config/benchmark.ts';
import type { ResolvedBrowser } from '../browsers/registry.ts';
import type { NetworkProfile } from '../config/profile.ts';
import { UsageError } from '../shared/usage-error.ts';
import { finishRun, type RunEnd } from './finish-run.ts';
import { loadTitle, measureLoad, recordHarnessFailure, type LoadOutcome } from './measure-load.ts';
import { SessionKeeper } from './session-keeper.ts';
import type { RunEvents } from './progress.ts';
import { benchProjects, stepTimeoutMs } from './projects.ts';
import { startRun, type RunContext } from './run-context.ts';

export interface RunOptions {
  runId: string;
  /** Only these browser × profile projects ("chromium/desktop"); all when omitted. */
  projects?: readonly string[];
  /** PUSHBENCH_HISTORY: keep the finished run in this history folder. */
  historyDir?: string;
  events?: RunEvents;
}


async function bounded<T>(ms: number, what: string, step: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms); });
  try {
    return await Promise.race([step, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One browser × profile: its loads in plan order, each on a working session. A load the harness
 * cannot measure (the session does not come up, or the step throws or hangs) is a row with error
 * "harness: <reason>", and the session is brought up afresh for the next load.
 */
async function runProject(ctx: RunContext, browser: ResolvedBrowser, profile: NetworkProfile, events: RunEvents): Promise<number> {
  const timeoutMs = stepTimeoutMs(ctx.bench);
  const title = (t: string) => `${browser.name} · ${profile.name} · ${t}`;
  const keeper = new SessionKeeper(ctx, browser, profile, 0, (what, step) => bounded(timeoutMs, what, step));
  let faults = 0;
  try {
    for (const load of ctx.loads.filter((l) => l.profile === profile)) {
      let outcome: LoadOutcome;
      try {
        outcome = await bounded(timeoutMs, 'the load', (async () => measureLoad(ctx, await keeper.get(), load))());
      } catch (err) {
        if (err instanceof UsageError) throw err;
        faults++;
        outcome = recordHarnessFailure(ctx, browser, load, err);
        await keeper.reset();
      }
      events.loadEnd?.({ title: title(loadTitle(load)), ...('row' in outcome ? { row: outcome.row, steps: outcome.steps } : { skipped: outcome.skipped }) });
    }
  } finally {
    await keeper.close();
  }
  return faults;
}

export async function runBenchmark(bench: Benchmark, opts: RunOptions): Promise<RunEnd> {
  if (bench.workers > 1) throw new UsageError(`workers (config "workers" or PUSHBENCH_WORKERS): pushbench run measures one load at a time; use npx playwright test for ${bench.workers} workers`);
  const started = Date.now();
  const events = opts.events ?? {};
  const { ctx, browsers } = await startRun(bench, opts.runId);
  const projects = benchProjects(bench).filter((p) => !opts.projects || opts.projects.includes(p.name));
  const profileOf = (name: string) => bench.profiles.find((p) => p.name === name)!;
  events.begin?.({ runDir: ctx.run.dir, total: projects.reduce((n, p) => n + ctx.loads.filter((l) => l.profile === profileOf(p.profile)).length, 0) });
  let harnessErrors = 0;
  for (const project of projects) {
    harnessErrors += await runProject(ctx, browsers.find((b) => b.name === project.browser)!, profileOf(project.profile), events);
  }
  const end = { ...(await finishRun(ctx.run, started, opts.historyDir)), harnessErrors };
  events.end?.(end);
  return end;
}
