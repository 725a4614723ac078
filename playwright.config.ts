// `npx playwright test` runs the benchmark: one Playwright project per browser × profile
// (harness/bench/projects.ts), one test per load. The matrix comes from pushbench.config.ts,
// narrowed by PUSHBENCH_* variables (README.md). The steps are the runner's (harness/bench/runner.ts);
// this file and harness/bench/playwright/ only adapt them to Playwright's projects, shards and reporters.
import { defineConfig } from '@playwright/test';
import { prepareRunOrExit } from './harness/bench/playwright/prepare.ts';
import { profileGrep } from './harness/bench/playwright/project-filter.ts';
import { benchProjects, stepTimeoutMs } from './harness/bench/projects.ts';
import type { BenchWorkerFixtures } from './harness/bench/playwright/fixtures.ts';

const { bench } = prepareRunOrExit();

export default defineConfig<{}, Pick<BenchWorkerFixtures, 'pushbenchBrowser'>>({
  testDir: './harness/bench/playwright',
  testMatch: /.*\.bench\.ts$/,
  // Benchmark loads never overlap on one machine unless the config asks for more workers.
  workers: bench.workers,
  fullyParallel: false,
  // Load failures are rows, not test failures; this only bounds a hung step.
  timeout: stepTimeoutMs(bench), // a journey's steps and dwells included
  retries: 0,
  globalSetup: './harness/bench/playwright/global-setup.ts',
  reporter: [['./harness/bench/playwright/reporter.ts']],
  outputDir: './test-results',
  projects: benchProjects(bench).map((p) => ({ name: p.name, grep: profileGrep(p.profile), use: { pushbenchBrowser: p.browser } })),
});
