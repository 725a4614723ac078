// Where pushbench keeps unpacked browsers: $PUSHBENCH_CACHE_DIR/browsers/<name>/,
// default ~/.cache/pushbench. Read on every call so tests can point it at a temp folder.
import { join } from 'node:path';
import { pushbenchCacheDir } from '../shared/cache-dir.ts';

export { pushbenchCacheDir };

export function browsersCacheDir(): string {
  return join(pushbenchCacheDir(), 'browsers');
}

/** The folder one unpacked browser lives in, e.g. …/browsers/chromium@114. */
export function browserCacheFolder(name: string): string {
  return join(browsersCacheDir(), name);
}
