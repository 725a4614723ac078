// A copy of the user's running server, made at a run's start: the pages the run loads and every
// same-origin file they name (stylesheets and what they @import and url(), scripts, images, srcset
// candidates, icons, fonts). The edge serves those files from this copy, as a CDN serves cached
// static files, derives the manifest from the copied pages, and asks the live server for each page
// (so its think time is the server's own). What the copy lacks (a chunk a script loads later, an API
// call, a second query of one path) the edge asks the server for at request time.
//
// A file is stored under a name the static handler types correctly: a page "/about" as
// "/about.html", an extensionless "/logo" served as image/png as "/logo.png". The record beside
// the files maps such URL paths to their stored names (`aliases`), and names the one query a path
// was copied with (`queries`); the edge serves the copy under the URL and only for that query.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, isAbsolute } from 'node:path';
import { parse, type DefaultTreeAdapterTypes } from 'parse5';
import { UsageError } from '../harness/shared/usage-error.ts';
import { CONTENT_TYPES } from './mime-types.ts';
import { ORIGIN_COPY_RECORD } from './origin-url.ts';
import { decodeFilePath } from './site-paths.ts';
import { attr as attrOf, relTokens } from './html-tree.ts';
import { parseSrcset } from './srcset.ts';
import { cssUrls } from './sheet-facts.ts';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

/** Bounds, so a site that links to everything cannot fill the disk or the memory. */
export const COPY_LIMITS = { files: 5000, bytes: 1024 ** 3, fileBytes: 256 * 1024 ** 2, concurrency: 6, timeoutMs: 30_000 } as const;

export interface OriginCopyRecord {
  origin: string;
  copiedAt: string;
  /** URL path (decoded, without query) → stored path, where they differ. */
  aliases: Record<string, string>;
  /** URL path → the query ("?v=2") its copy was fetched with; other queries go to the server. */
  queries: Record<string, string>;
  files: { url: string; path: string; bytes: number; contentType: string }[];
  /** Same-origin URLs named by the pages that were not copied, and why (status, limits, names). */
  skipped: { url: string; reason: string }[];
  /** Each page's response time from the server while copying, ms (headers; whole body). */
  pageTimes: { page: string; firstByteMs: number; totalMs: number }[];
}

interface Fetched {
  status: number;
  contentType: string;
  body: Buffer;
  firstByteMs: number;
  totalMs: number;
}

/** One GET, identity-encoded, redirects not followed, the body capped at `maxBytes` (an error beyond). */
async function fetchOnce(url: string, maxBytes: number): Promise<Fetched> {
  const t0 = performance.now();
  const response = await fetch(url, {
    headers: { 'accept-encoding': 'identity', 'user-agent': 'pushbench (copying the origin before a run)' },
    redirect: 'manual',
    signal: AbortSignal.timeout(COPY_LIMITS.timeoutMs),
  });
  const firstByteMs = performance.now() - t0;
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new Error(`${declared} bytes, over the copy's limit of ${maxBytes}`);
  }
  const chunks: Buffer[] = [];
  let length = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
    length += read.value.length;
    if (length > maxBytes) {
      await reader!.cancel();
      throw new Error(`over the copy's limit of ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(read.value));
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: Buffer.concat(chunks), firstByteMs, totalMs: performance.now() - t0 };
}

const isHtml = (contentType: string) => /^text\/html\b/i.test(contentType);
const isCss = (contentType: string, path: string) => /^text\/css\b/i.test(contentType) || path.endsWith('.css');

/** The extension a content type is served with ("image/png" → ".png"), if the servers know it. */
function extensionFor(contentType: string): string | undefined {
  const bare = contentType.split(';')[0]!.trim().toLowerCase();
  return Object.entries(CONTENT_TYPES).find(([, type]) => type.split(';')[0] === bare)?.[0];
}

/**
 * Where a URL path's bytes go in the copy: "/" → "/index.html"; a page not named .html gets
 * ".html"; a file whose extension does not give its content type gets the one that does.
 */
export function sitePathFor(urlPath: string, contentType: string): string {
  if (urlPath.endsWith('/')) return `${urlPath}index.html`;
  const wanted = isHtml(contentType) ? '.html' : extensionFor(contentType);
  if (wanted === undefined) return urlPath;
  const given = /\.[^./]*$/.exec(urlPath)?.[0]?.toLowerCase();
  const sameType = given !== undefined && CONTENT_TYPES[given]?.split(';')[0] === CONTENT_TYPES[wanted]!.split(';')[0];
  return sameType ? urlPath : `${urlPath}${wanted}`;
}

/** Same-origin URLs a page names, absolute. */
export function urlsInHtml(html: string, pageUrl: string, origin: string): string[] {
  const found: string[] = [];
  let base = pageUrl;
  const add = (ref: string | undefined) => {
    if (!ref) return;
    try {
      const url = new URL(ref.trim(), base);
      if (url.origin === origin) found.push(url.href.split('#')[0]!);
    } catch { /* not a URL */ }
  };
  const walk = (node: Node) => {
    if ('tagName' in node) {
      const el = node as Element;
      const attr = (name: string) => attrOf(el, name);
      const rel = relTokens(el);
      if (el.tagName === 'base' && attr('href')) {
        try { base = new URL(attr('href')!, pageUrl).href; } catch { /* ignored as browsers do */ }
      }
      if (el.tagName === 'link' && rel.some((r) => ['stylesheet', 'preload', 'modulepreload', 'icon', 'apple-touch-icon', 'manifest'].includes(r))) add(attr('href'));
      if (el.tagName === 'link' && attr('imagesrcset')) for (const c of srcsetUrls(attr('imagesrcset')!)) add(c);
      if (['script', 'img', 'source', 'audio', 'video', 'track', 'embed', 'iframe'].includes(el.tagName)) add(attr('src'));
      if (el.tagName === 'video') add(attr('poster'));
      if (attr('srcset')) for (const c of srcsetUrls(attr('srcset')!)) add(c);
      if (attr('style')) for (const u of urlsInCss(attr('style')!)) add(u);
      if (el.tagName === 'style') {
        const text = el.childNodes.map((c) => ('value' in c ? String(c.value) : '')).join('');
        for (const u of urlsInCss(text)) add(u);
      }
    }
    if ('content' in node && node.content) walk(node.content as Node); // <template>
    if ('childNodes' in node) for (const child of node.childNodes) walk(child);
  };
  walk(parse(html));
  return found;
}

function srcsetUrls(srcset: string): string[] {
  return parseSrcset(srcset).map((c) => c.url);
}

/** url(…) and @import "…" references in a stylesheet (relative ones resolve against the sheet). */
export function urlsInCss(css: string): string[] {
  const refs = cssUrls(css);
  for (const m of css.matchAll(/@import\s+(?:"([^"]*)"|'([^']*)')/gi)) refs.push(m[1] ?? m[2] ?? '');
  return refs.filter((r) => r && !r.startsWith('data:') && !r.startsWith('#'));
}

/** The page URLs to copy: each a path on `origin` (a "//host/…" that leaves it is the user's to fix). */
export function pageUrlsOn(origin: string, pages: readonly string[], field: string): URL[] {
  return pages.map((page) => {
    let url: URL | undefined;
    try { url = new URL(page, origin); } catch { /* below */ }
    if (!page.startsWith('/') || !url || url.origin !== origin) {
      throw new UsageError(`${field}: "${page}" is not a path on ${origin}; each page is a URL path such as / or /about`);
    }
    return url;
  });
}

/** Copies one origin into `dir`: the state of one copy as it is made. */
class OriginCopier {
  readonly record: OriginCopyRecord;
  private readonly stored = new Set<string>();
  /** URL paths taken by the first URL named with them, whatever its query: the copy is the same in every run. */
  private readonly claimed = new Set<string>();
  private bytes = 0;

  constructor(private readonly origin: string, private readonly dir: string) {
    this.record = { origin, copiedAt: new Date().toISOString(), aliases: {}, queries: {}, files: [], skipped: [], pageTimes: [] };
  }

  /** Claims the URL's path for it; false (and a skipped entry) when an earlier URL has that path. */
  claim(url: URL): boolean {
    const key = url.pathname;
    if (this.claimed.has(key)) {
      this.skip(url, `another URL of ${key} is copied (the first named wins); asked from the server when requested`);
      return false;
    }
    this.claimed.add(key);
    return true;
  }

  skip(url: URL, reason: string): void {
    this.record.skipped.push({ url: url.pathname + url.search, reason });
  }

  /** Writes a fetched file into the copy; false (and a skipped entry) when it cannot be stored. */
  store(url: URL, fetched: Fetched): boolean {
    const decoded = decodeFilePath(url.pathname); // WHATWG URL parsing keeps "%2F.." encoded
    if (!decoded.ok) {
      this.skip(url, `not a file name (${decoded.why}); asked from the server when requested`);
      return false;
    }
    const urlPath = decoded.path;
    const sitePath = sitePathFor(urlPath, fetched.contentType);
    if (this.stored.has(sitePath)) {
      this.skip(url, `${urlPath} would be stored as ${sitePath}, which another URL already is; asked from the server when requested`);
      return false;
    }
    const file = join(this.dir, ...sitePath.split('/').filter(Boolean));
    const inside = relative(this.dir, file);
    if (inside.startsWith('..') || isAbsolute(inside)) throw new Error(`origin copy: ${sitePath} would leave the copy's folder`); // cannot happen after decodeFilePath
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, fetched.body, { flag: 'wx' });
    } catch (err) {
      this.skip(url, `not stored (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}: another file or folder has that name)`);
      return false;
    }
    this.stored.add(sitePath);
    this.bytes += fetched.body.length;
    if (sitePath !== urlPath && !urlPath.endsWith('/')) this.record.aliases[urlPath] = sitePath;
    if (url.search) this.record.queries[urlPath] = url.search;
    this.record.files.push({ url: url.pathname + url.search, path: sitePath, bytes: fetched.body.length, contentType: fetched.contentType });
    return true;
  }

  /** Bytes a next file may have: what the copy's limits leave. */
  room(): number {
    return Math.min(COPY_LIMITS.fileBytes, COPY_LIMITS.bytes - this.bytes);
  }

  full(): boolean {
    return this.record.files.length >= COPY_LIMITS.files || this.room() <= 0;
  }
}

/**
 * Copies `pages` of `origin` and what they name into `dir` (emptied first). A page that does not
 * answer 200 with HTML is a UsageError naming it: the run cannot measure it.
 */
export async function copyOrigin(origin: string, pages: readonly string[], dir: string, pagesField = 'pages (config "pages" or PUSHBENCH_PAGES)'): Promise<OriginCopyRecord> {
  const pageUrls = pageUrlsOn(origin, pages, pagesField);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const copier = new OriginCopier(origin, dir);
  const queue: URL[] = [];
  const seen = new Set<string>();
  const enqueue = (href: string) => {
    if (!seen.has(href)) { seen.add(href); queue.push(new URL(href)); }
  };

  for (const [i, url] of pageUrls.entries()) {
    let fetched: Fetched;
    try {
      fetched = await fetchOnce(url.href, copier.room());
    } catch (err) {
      const why = (err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message;
      throw new UsageError(`origin ${origin}: ${pages[i]} could not be fetched (${why}); is your server running there?`);
    }
    if (fetched.status !== 200 || !isHtml(fetched.contentType)) {
      throw new UsageError(`origin ${origin}: ${pages[i]} answered ${fetched.status} ${fetched.contentType || '(no content-type)'}; each of "pages" must be an HTML page answering 200 (redirects are not followed)`);
    }
    seen.add(url.href);
    if (!copier.claim(url) || !copier.store(url, fetched)) throw new UsageError(`origin ${origin}: ${pages[i]} cannot be stored as a page (${copier.record.skipped.at(-1)!.reason})`);
    copier.record.pageTimes.push({ page: pages[i]!, firstByteMs: round(fetched.firstByteMs), totalMs: round(fetched.totalMs) });
    for (const ref of urlsInHtml(fetched.body.toString('utf8'), url.href, origin)) enqueue(ref);
  }

  // Subresources, a few at a time; a stylesheet adds what it names.
  const worker = async () => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      // "/a.css?v=1" and "/a.css?v=2": the first named is the file; the edge sends the others to the server.
      if (!copier.claim(url)) continue;
      if (copier.full()) {
        copier.skip(url, `copy limit (${COPY_LIMITS.files} files, ${COPY_LIMITS.bytes / 1024 ** 3} GiB); asked from the server when requested`);
        continue;
      }
      let fetched: Fetched;
      try {
        fetched = await fetchOnce(url.href, copier.room());
      } catch (err) {
        copier.skip(url, (err as Error).message);
        continue;
      }
      if (fetched.status !== 200) {
        copier.skip(url, `status ${fetched.status}`);
        continue;
      }
      if (!copier.store(url, fetched) || !isCss(fetched.contentType, url.pathname)) continue;
      for (const ref of urlsInCss(fetched.body.toString('utf8'))) {
        try {
          const resolved = new URL(ref, url);
          if (resolved.origin === origin) enqueue(resolved.href.split('#')[0]!);
        } catch { /* not a URL */ }
      }
    }
  };
  // Workers end when the queue is empty; a stylesheet found late refills it, so loop until it stays so.
  while (queue.length) await Promise.all(Array.from({ length: COPY_LIMITS.concurrency }, worker));

  writeFileSync(join(dir, ORIGIN_COPY_RECORD), JSON.stringify(copier.record, null, 1));
  return copier.record;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** The record of a copy (aliases, queries), or undefined for a folder that is not one. */
export function readOriginCopyRecord(dir: string): OriginCopyRecord | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, ORIGIN_COPY_RECORD), 'utf8')) as OriginCopyRecord;
  } catch {
    return undefined;
  }
}

/** A copy for one command (serve, manifest), in a temp folder removed when the process exits. */
export async function copyOriginForCommand(origin: string, pages: readonly string[]): Promise<{ dir: string; record: OriginCopyRecord }> {
  const dir = mkdtempSync(join(tmpdir(), 'pushbench-origin-copy-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return { dir, record: await copyOrigin(origin, pages, dir, '--pages') };
}
