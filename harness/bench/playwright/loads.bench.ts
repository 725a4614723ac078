// The benchmark as Playwright tests: one describe per profile (each project runs one of them, see
// playwright.config.ts), one test per planned load, in the fair order of run/plan.ts. The steps
// are the runner's own (openProfile, measureLoad), so `pushbench run` measures the same loads the
// same way. A failed load is a row with its error, not a failed test; the reporter turns the count
// of failed loads into the exit status.

import { test } from './fixtures.ts';
import { prepareRun } from './prepare.ts';
import { openRun } from '../run-context.ts';
import { loadTitle, measureLoad } from '../measure-load.ts';
import { openProfile, type ProfileSession } from '../profile-session.ts';
import { planLoads } from '../../run/plan.ts';
import { profileDescribeTitle } from './project-filter.ts';

const { bench, runId } = prepareRun();
const context = openRun(bench, runId);
// Tests are declared synchronously, before openRun's manifest is read: the same plan, computed here.
const loads = planLoads(bench);

for (const profile of bench.profiles) {
  test.describe(profileDescribeTitle(profile.name), () => {
    let session: ProfileSession | undefined;

    test.beforeAll(async ({ browserUnderTest }, testInfo) => {
      session = await openProfile(await context, browserUnderTest, profile, testInfo.parallelIndex);
    });
    test.afterAll(async () => {
      await session?.close();
      session = undefined;
    });

    for (const load of loads.filter((l) => l.profile === profile)) {
      test(loadTitle(load), async ({}, testInfo) => {
        const outcome = await measureLoad(await context, session!, load);
        test.skip('skipped' in outcome, 'skipped' in outcome ? outcome.skipped : '');
        if ('row' in outcome) await testInfo.attach('pushbench-row', { body: JSON.stringify(outcome.row), contentType: 'application/json' });
      });
    }
  });
}
