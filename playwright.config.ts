// `npx playwright test` runs the benchmark: one Playwright project per browser, one test per load.
// The matrix comes from pushbench.config.ts, narrowed by PUSHBENCH_* variables (README.md).
import { defineConfig } from '@playwright/test';
import { prepareRunOrExit } from './harness/bench/prepare.ts';
import type { BenchWorkerFixtures } from './harness/bench/fixtures.ts';

const { bench } = prepareRunOrExit();

export default defineConfig<{}, Pick<BenchWorkerFixtures, 'pushbenchBrowser'>>({
  testDir: './harness/bench',
  testMatch: /.*\.bench\.ts$/,
  // Benchmark loads never overlap on one machine unless the config asks for more workers.
  workers: bench.workers,
  fullyParallel: false,
  // Load failures are rows, not test failures; this only bounds a hung step.
  timeout: Math.max(120_000, bench.timeoutMs * 3),
  retries: 0,
  globalSetup: './harness/bench/global-setup.ts',
  reporter: [['./harness/bench/reporter.ts']],
  outputDir: './test-results',
  projects: bench.browsers.map((name) => ({ name, use: { pushbenchBrowser: name } })),
});
