// Primed browser profiles, kept for the warm loads of one session (browser × network profile).
//
// A warm load measures a returning visitor: a browser started on a profile whose HTTP cache a first
// visit filled. Priming costs a browser start and a page load through the shaped link, about 2.7 s
// per warm load with Chromium 156 and 1.7 s with Chromium 103 on the default benchmark, and it
// fills the same cache for every repetition of an arm. So the first warm load of an arm and page
// primes as before and leaves a copy of the closed profile here; the next repetitions start from a
// copy of that copy. A copy of a closed profile is what the restart of the primed browser
// reads as well: the cache, cookies and preferences on disk; nothing of the priming process (its
// connections, TLS sessions, push cache) survives either. The cookies the first visit set are kept
// beside it, for the builds that hold cookies in memory only (gather/load.ts carries them over).
//
// The primed cache names the session's own servers (their ports), so the store lives and dies with
// the session (and is removed on exit or Ctrl-C too). A copy made late in a session holds entries
// primed earlier in it: a response whose freshness ends within the session (max-age shorter than
// the run; the fixture's assets are immutable and its HTML no-cache) is revalidated by a later
// copy where a fresh priming would not; and the repetitions of a cell share one primed state.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserSession } from './engines/index.ts';
import { onExitCleanup } from '../shapers/exit-cleanup.ts';

/** A cookie as the browser context reports it and takes it back. */
export type Cookie = Awaited<ReturnType<BrowserSession['context']['cookies']>>[number];

/** Files of a running Chromium that must not travel with a copy (a copy is never in use). */
const LOCK_FILES = new Set(['SingletonLock', 'SingletonSocket', 'SingletonCookie', 'lock', '.parentlock']);
const COOKIES_FILE = 'pushbench-cookies.json';

export interface PrimedProfile {
  /** Copies the primed profile into `userDataDir` (which may hold files already) and returns its cookies. */
  copyTo(userDataDir: string): Cookie[];
}

export class PrimedProfiles {
  /** Made on the first keep (a session without warm loads leaves nothing behind). */
  private root?: string;
  private closed = false;
  private readonly byKey = new Map<string, string>();
  private kept = 0;
  private unregister = (): void => {};

  /** The primed profile for `key` (an arm and its pages), if an earlier warm load left one. */
  get(key: string): PrimedProfile | undefined {
    const dir = this.byKey.get(key);
    if (!dir) return undefined;
    return {
      copyTo: (userDataDir) => {
        copyProfile(dir, userDataDir);
        fs.rmSync(path.join(userDataDir, COOKIES_FILE), { force: true });
        return JSON.parse(fs.readFileSync(path.join(dir, COOKIES_FILE), 'utf8')) as Cookie[];
      },
    };
  }

  /** Keeps a copy of a primed, closed profile and the cookies its visit set. */
  keep(key: string, userDataDir: string, cookies: readonly Cookie[]): void {
    if (this.closed) return; // a load the runner gave up on, finishing after its session closed
    if (!this.root) {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-primed-'));
      this.root = root;
      this.unregister = onExitCleanup(() => fs.rmSync(root, { recursive: true, force: true }));
    }
    // Written under a temporary name and renamed, so a copy that failed halfway is never used.
    const dir = path.join(this.root, String(++this.kept));
    const partial = `${dir}.partial`;
    copyProfile(userDataDir, partial);
    fs.writeFileSync(path.join(partial, COOKIES_FILE), JSON.stringify(cookies));
    fs.renameSync(partial, dir);
    this.byKey.set(key, dir);
  }

  close(): void {
    this.closed = true;
    this.byKey.clear();
    if (this.root) fs.rmSync(this.root, { recursive: true, force: true });
    this.unregister();
  }
}

function copyProfile(from: string, to: string): void {
  fs.cpSync(from, to, {
    recursive: true,
    force: true,
    // Cache indexes judge their entries by file times: a copy keeps them, as the restart would see.
    preserveTimestamps: true,
    verbatimSymlinks: true,
    filter: (src) => !LOCK_FILES.has(path.basename(src)),
  });
}
