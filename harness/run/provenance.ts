// Where a run comes from: pushbench's version and commit, and the driver's version.
// Computed once per process; every row carries these.

import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

export interface Provenance {
  pushbenchVersion: string;
  /** Short sha, with "+dirty" when the work tree had uncommitted changes; "" outside git. */
  commit: string;
  /** e.g. "playwright-core 1.65.1". */
  toolVersion: string;
}

function gitCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short=10', 'HEAD'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString().trim();
    return dirty ? `${sha}+dirty` : sha;
  } catch {
    return '';
  }
}

let cached: Provenance | undefined;

export function provenance(): Provenance {
  cached ??= {
    pushbenchVersion: (require(path.join(PROJECT_ROOT, 'package.json')) as { version: string }).version,
    commit: process.env.PUSHBENCH_COMMIT ?? gitCommit(),
    toolVersion: `playwright-core ${(require('playwright-core/package.json') as { version: string }).version}`,
  };
  return cached;
}
