// The folder Caddy serves for one view of the site: every file pushbench's static handler has loaded
// (its identity bytes, with the variant's HTML rewrite already applied) plus `.br` and `.gz` sidecars
// holding exactly the bytes pushbench sends for those encodings, which Caddy's `file_server
// { precompressed br gzip }` then sends as they are. So both server families put identical bodies
// on the wire.
//
// Safety: the files come from loadSite, which holds only regular files whose real path lies inside
// the site (a symlink out of it is never read). The target folder must be new or empty, every path
// is checked to stay inside it, and every file is created exclusively (`wx`), so nothing already
// there, a symlink included, is ever written through.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import { UsageError } from '../../harness/shared/usage-error.ts';
import type { SiteFileBytes, StaticSite } from '../static-handler.ts';

/** Caddy's sidecar suffix per content coding. */
const SIDECARS = { br: '.br', gzip: '.gz' } as const;

export interface ServedTree {
  dir: string;
  /** Lower-case extensions of the site's files ("" for none), for Content-Type rules. */
  extensions: string[];
}

/** The file for URL path `urlPath` inside `dir`; throws for anything that would leave it. */
function targetFor(dir: string, urlPath: string): string {
  const segments = urlPath.split('/').slice(1);
  if (!urlPath.startsWith('/') || segments.some((s) => s === '' || s === '.' || s === '..' || /[\\\0]/.test(s))) {
    throw new UsageError(`site file ${JSON.stringify(urlPath)}: its name cannot be served safely (backslash, NUL or dot segment); rename it`);
  }
  const target = resolve(dir, ...segments);
  const rel = relative(dir, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new Error(`served tree: ${JSON.stringify(urlPath)} leaves ${dir}`);
  return target;
}

function assertNoSidecarName(file: SiteFileBytes): void {
  const lower = file.path.toLowerCase();
  if (Object.values(SIDECARS).some((suffix) => lower.endsWith(suffix))) {
    throw new UsageError(
      `site file ${file.path}: Caddy serves precompressed copies as *.br / *.gz beside each file, so a site file may not end in .br or .gz; rename it, or leave caddy out of \`servers\``,
    );
  }
}

async function assertEmptyFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);
  if (entries.length) throw new Error(`served tree: ${dir} must be empty (it has ${entries.length} entries)`);
}

/** Writes `site`'s files and their sidecars into `dir` (created; must be empty if it exists). */
export async function writeServedTree(site: StaticSite, dir: string): Promise<ServedTree> {
  const root = resolve(dir);
  const files = site.files();
  files.forEach(assertNoSidecarName);
  await assertEmptyFolder(root);
  const extensions = new Set<string>();
  for (const file of files) {
    const target = targetFor(root, file.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.identity, { flag: 'wx' });
    for (const [coding, suffix] of Object.entries(SIDECARS) as [keyof typeof SIDECARS, string][]) {
      const bytes = file[coding];
      if (bytes) await writeFile(target + suffix, bytes, { flag: 'wx' });
    }
    extensions.add(extname(file.path).toLowerCase());
  }
  return { dir: root, extensions: [...extensions].sort() };
}
