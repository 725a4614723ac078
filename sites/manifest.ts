// The critical-resource manifest of a site folder: what each page needs early.
// Derived from the HTML and CSS (manifest-derive.ts) unless the site ships
// `pushbench.manifest.json` (manifest-override.ts), which then replaces it entirely.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../harness/shared/usage-error.ts';
import { pushbenchCacheDir } from '../harness/shared/cache-dir.ts';
import { siteFingerprint } from './site-fingerprint.ts';
import { derivePage, type StylesheetCache } from './manifest-derive.ts';
import { OVERRIDE_FILE, readOverride } from './manifest-override.ts';
import type { CriticalResource, PageManifest, SiteManifest } from './manifest-types.ts';
import { canonicalPagePath, pagePathForFile } from './site-paths.ts';
import { readOriginCopyRecord } from './origin-copy.ts';
import { ORIGIN_COPY_RECORD } from './origin-url.ts';
import { isInSecondOrigins } from './site-origins.ts';

/** The fixture blog committed in this repository. */
export const DEFAULT_SITE_DIR: string = fileURLToPath(new URL('./blog', import.meta.url));

/** Bump when what a derivation yields changes: manifests cached under the old number are not used. */
const DERIVATION_VERSION = 3;

/**
 * The site's manifest. Derived manifests are cached by the site's fingerprint (site-fingerprint.ts),
 * so a run's processes (and the next run of an unchanged site) do not parse every page again.
 */
export async function loadManifest(siteDir: string): Promise<SiteManifest> {
  const root = path.resolve(siteDir);
  assertIsSite(siteDir, root);
  const cached = path.join(pushbenchCacheDir(), 'manifests', `${siteFingerprint(root)}-v${DERIVATION_VERSION}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as SiteManifest;
  const manifest = { ...(await readOrDeriveManifest(root)), ...originAliases(root) };
  mkdirSync(path.dirname(cached), { recursive: true });
  const tmp = `${cached}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(manifest));
  renameSync(tmp, cached);
  return manifest;
}

async function readOrDeriveManifest(root: string): Promise<SiteManifest> {
  const htmlFiles = await listHtmlFiles(root);
  const pagePathsInSite = htmlFiles.map(pagePathForFile);

  const overridePath = path.join(root, OVERRIDE_FILE);
  if (existsSync(overridePath)) {
    const override = await readOverride(root, overridePath, new Set(pagePathsInSite));
    const pages = pagePathsInSite.map((page) => ({ page, resources: override.get(page) ?? [] }));
    return { siteDir: root, source: 'override', pages: sortPages(pages) };
  }

  const pages: PageManifest[] = [];
  const sheets: StylesheetCache = new Map(); // each stylesheet parsed once, however many pages use it
  for (const [i, file] of htmlFiles.entries()) {
    const page = pagePathsInSite[i]!;
    pages.push({ page, ...(await derivePage(root, page, await readFile(path.join(root, file), 'utf8'), sheets)) });
  }
  return { siteDir: root, source: 'derived', pages: sortPages(pages) };
}

/** The critical resources of the page served at `urlPath`; [] when it is not a page of the site. */
export function resourcesForPage(manifest: SiteManifest, urlPath: string): CriticalResource[] {
  return pageOfManifest(manifest, urlPath)?.resources ?? [];
}

/** The manifest's page a URL path is served as ("/about" → "/about.html" in a copy, "/posts" → "/posts/"), if any. */
export function pageOfManifest(manifest: SiteManifest, urlPath: string): PageManifest | undefined {
  const asked = canonicalPagePath(urlPath);
  const wanted = manifest.aliases?.[asked] ?? asked;
  return (
    manifest.pages.find((p) => p.page === wanted) ??
    // "/posts" is served as "/posts/" (the folder's index.html) by every static server.
    (wanted.endsWith('/') ? undefined : manifest.pages.find((p) => p.page === wanted + '/'))
  );
}

/** URL paths of every page of the site, "/" first, the rest in alphabetical order. */
export function pagePaths(manifest: SiteManifest): string[] {
  return manifest.pages.map((p) => p.page);
}

/** A copy of a running server names the pages it stored under another path (origin-copy.ts). */
function originAliases(root: string): Pick<SiteManifest, 'aliases'> {
  const record = readOriginCopyRecord(root);
  return record ? { aliases: record.aliases } : {};
}

function assertIsSite(given: string, root: string): void {
  const fix = '--site DIR must point to a built static site containing index.html';
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UsageError(`--site ${given}: folder ${root} does not exist; ${fix}`);
  }
  if (!existsSync(path.join(root, 'index.html')) && !existsSync(path.join(root, ORIGIN_COPY_RECORD))) {
    throw new UsageError(`--site ${given}: ${root} has no index.html; ${fix}`);
  }
}

/** Every .html file under `root`, relative to it; none of its second origins' (they are not pages of the site). */
async function listHtmlFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.html'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .filter((file) => !isInSecondOrigins(file));
}

function sortPages(pages: PageManifest[]): PageManifest[] {
  return [...pages].sort((a, b) => (a.page === '/' ? -1 : b.page === '/' ? 1 : a.page.localeCompare(b.page)));
}
