// The benchmark's Playwright fixtures: each project is one browser × profile (bench/projects.ts).

import { test as base } from '@playwright/test';
import { resolveBrowser, type ResolvedBrowser } from '../../browsers/registry.ts';

export interface BenchWorkerFixtures {
  /** Registry name of the project's browser (set per project in playwright.config.ts). */
  pushbenchBrowser: string;
  browserUnderTest: ResolvedBrowser;
}

export const test = base.extend<{}, BenchWorkerFixtures>({
  pushbenchBrowser: ['chromium', { option: true, scope: 'worker' }],
  browserUnderTest: [async ({ pushbenchBrowser }, use) => use(await resolveBrowser(pushbenchBrowser)), { scope: 'worker' }],
});
