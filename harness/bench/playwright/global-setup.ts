// Runs once in the main Playwright process before any load: the runner's startRun (checks the
// site and the browsers, creates the results folder and run.json).

import { startRun } from '../run-context.ts';
import { exitOnUsageError, prepareRun } from './prepare.ts';

export default async function globalSetup(): Promise<void> {
  try {
    const { bench, runId } = prepareRun();
    await startRun(bench, runId);
  } catch (err) {
    exitOnUsageError(err);
  }
}
