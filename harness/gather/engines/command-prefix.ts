// A shaper's command prefix (a network namespace: ["ip","netns","exec","pb-c0"]) applied to a
// browser executable through a launcher script (Playwright launches a path, not a command line).

import { launcherScript, shellQuote } from '../../browsers/launcher-script.ts';

/** The executable Playwright should launch so that `executablePath` runs behind `prefix`. */
export function wrapperFor(executablePath: string, prefix: readonly string[]): string {
  if (prefix.length === 0) return executablePath;
  return launcherScript(`exec ${[...prefix, executablePath].map(shellQuote).join(' ')} "$@"`);
}
