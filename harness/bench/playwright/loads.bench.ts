// The benchmark as Playwright tests: one describe per profile (each project runs one of them, see
// playwright.config.ts), one test per planned load, in the fair order of run/plan.ts. The steps
// are the runner's own (openProfile, measureLoad), so `pushbench run` measures the same loads the
// same way. A failed load is a row with its error, not a failed test, and so is a load the harness
// could not measure ("harness: <reason>"); the reporter turns the count of failed loads into the
// exit status. A test that still throws (a hang past Playwright's timeout) leaves no row: --resume
// measures it.

import { test } from './fixtures.ts';
import { prepareRun } from './prepare.ts';
import { openRun } from '../run-context.ts';
import { loadTitle, measureLoad, recordHarnessFailure, type LoadOutcome } from '../measure-load.ts';
import { SessionKeeper } from '../session-keeper.ts';
import { UsageError } from '../../shared/usage-error.ts';
import { planLoads } from '../../run/plan.ts';
import { profileDescribeTitle } from './project-filter.ts';

const { bench, runId } = prepareRun();
const context = openRun(bench, runId);
// Tests are declared synchronously, before openRun's manifest is read: the same plan, computed here.
const loads = planLoads(bench);

for (const profile of bench.profiles) {
  test.describe(profileDescribeTitle(profile.name), () => {
    // The session is brought up by the first load that needs it (session-keeper.ts), so a start that
    // fails becomes that load's row, not a beforeAll failure that would skip the whole group silently.
    let keeper: SessionKeeper | undefined;

    test.afterAll(async () => {
      await keeper?.close();
      keeper = undefined;
    });

    for (const load of loads.filter((l) => l.profile === profile)) {
      test(loadTitle(load), async ({ browserUnderTest }, testInfo) => {
        const ctx = await context;
        keeper ??= new SessionKeeper(ctx, browserUnderTest, profile, testInfo.parallelIndex);
        let outcome: LoadOutcome;
        try {
          outcome = await measureLoad(ctx, await keeper.get(), load);
        } catch (err) {
          if (err instanceof UsageError) throw err;
          outcome = recordHarnessFailure(ctx, browserUnderTest, load, err);
          await keeper.reset();
        }
        test.skip('skipped' in outcome, 'skipped' in outcome ? outcome.skipped : '');
        if ('row' in outcome) for (const row of outcome.steps) await testInfo.attach('pushbench-row', { body: JSON.stringify(row), contentType: 'application/json' });
      });
    }
  });
}
