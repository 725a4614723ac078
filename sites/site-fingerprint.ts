// A site folder's fingerprint: every file's path, size and modification time (as make decides what
// changed), hashed. Reading no file's content, it is fast for thousands of files; anything a build
// rewrites gets a new mtime, so what was derived from a fingerprint (the manifest, the br/gzip
// copies being ready) can be reused while it stays the same. The site's second origins (`_origins/`)
// count too: derivation reads their stylesheets, and which of them exist decides what is listed.
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export function siteFingerprint(siteDir: string): string {
  const root = path.resolve(siteDir);
  const entries = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const full = path.join(e.parentPath, e.name);
      const st = statSync(full);
      return `${path.relative(root, full)}\u0000${st.size}\u0000${st.mtimeMs}`;
    })
    .sort();
  return createHash('sha256').update(root).update('\u0001').update(entries.join('\u0001')).digest('hex');
}
