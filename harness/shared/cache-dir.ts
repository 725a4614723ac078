// Where pushbench keeps what it can reuse between runs (unpacked browsers, br/gzip copies of site
// files, derived manifests): $PUSHBENCH_CACHE_DIR, default ~/.cache/pushbench. Read on every call
// so tests can point it at a temp folder.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function pushbenchCacheDir(): string {
  const fromEnv = process.env.PUSHBENCH_CACHE_DIR;
  return fromEnv && fromEnv.trim() !== '' ? fromEnv : join(homedir(), '.cache', 'pushbench');
}
