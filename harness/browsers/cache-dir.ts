// Where pushbench keeps unpacked browsers: $PUSHBENCH_CACHE_DIR/browsers/<name>/,
// default ~/.cache/pushbench. Read on every call so tests can point it at a temp folder.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function pushbenchCacheDir(): string {
  const fromEnv = process.env.PUSHBENCH_CACHE_DIR;
  return fromEnv && fromEnv.trim() !== '' ? fromEnv : join(homedir(), '.cache', 'pushbench');
}

export function browsersCacheDir(): string {
  return join(pushbenchCacheDir(), 'browsers');
}

/** The folder one unpacked browser lives in, e.g. …/browsers/chromium@114. */
export function browserCacheFolder(name: string): string {
  return join(browsersCacheDir(), name);
}
