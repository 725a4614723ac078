// Playwright launches an executable path, not a command line; a shaper's command prefix (a network
// namespace: ["ip","netns","exec","pb-c0"]) is applied through a small wrapper script.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';

export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Writes (once, atomically) an executable script that runs `executablePath` behind `prefix`. */
export function wrapperFor(executablePath: string, prefix: readonly string[]): string {
  if (prefix.length === 0) return executablePath;
  const body = `#!/bin/sh\nexec ${[...prefix, executablePath].map(shellQuote).join(' ')} "$@"\n`;
  const file = path.join(os.tmpdir(), `pushbench-launch-${createHash('sha256').update(body).digest('hex').slice(0, 12)}.sh`);
  if (!fs.existsSync(file)) {
    fs.writeFileSync(`${file}.${process.pid}.tmp`, body, { mode: 0o755 });
    fs.renameSync(`${file}.${process.pid}.tmp`, file);
  }
  return file;
}
