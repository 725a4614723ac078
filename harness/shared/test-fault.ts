// Faults the tests inject to provoke the harness's handling of a start that fails (no silent harness
// failure: test/bench/harness-failures.test.ts). PUSHBENCH_TEST_FAULT names one; nothing else reads it.
//   server-child-exit  the server child fails at start: a line on stderr, exit code 3
//   shaper-start       the link cannot come up: the shaper's start throws
//   browser-launch     the browser cannot start: its executable is /bin/false
export const TEST_FAULTS = ['server-child-exit', 'shaper-start', 'browser-launch'] as const;
export type TestFault = (typeof TEST_FAULTS)[number];

export function testFault(fault: TestFault): boolean {
  return process.env.PUSHBENCH_TEST_FAULT === fault;
}

/** What a browser launch runs: the real executable, or one that exits at once under the browser-launch fault. */
export function launchableExecutable(executablePath: string): string {
  return testFault('browser-launch') ? '/bin/false' : executablePath;
}
