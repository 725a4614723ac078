// The one static-file handler every variant shares. The site is loaded at start and text files are
// precompressed (brotli and gzip) once per content (representations.ts: a disk cache, shared by the
// variants and kept between runs), so a request costs no compression CPU and every variant serves
// byte-identical files. Text and small files are held in memory; large files served as they are
// (images, fonts, video) are read from the site folder per response (DISK_SERVED_MIN_BYTES).
// `respond` returns a protocol-neutral description of the response; h1 and h2 code only write it.
//
// Safety: files are served only from the map made at load, which holds only regular files whose real
// path lies inside the site root (a symlink pointing outside is never read, and a disk-served file
// is read by its real path). Request paths are still validated strictly so that malformed or hostile
// targets get a clear 4xx, not a lucky 404. The site's second origins (its `_origins/` folder,
// sites/site-origins.ts) are not its files: servers of their own serve them, each from its folder.
// Like a dotfile, anything under /_origins/ is a 404 here.
import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { dirname, extname, join, relative, sep, isAbsolute } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { CONTENT_TYPES } from '../sites/mime-types.ts';
import { decodeFilePath } from '../sites/site-paths.ts';
import { UsageError } from '../harness/shared/usage-error.ts';
import { dynamicRepresentationsOf, representationsCacheDir, representationsOf, type PreparedSite, type Representations, type Shipped } from './representations.ts';
import { siteFingerprint } from '../sites/site-fingerprint.ts';
import { SECOND_ORIGINS_DIR, secondOriginsOf } from '../sites/site-origins.ts';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

export const MAX_PATH_LENGTH = 2048;
/** max-age for files that are neither HTML nor content-hashed (seconds). */
export const SHORT_MAX_AGE = 3600;

const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.txt', '.svg', '.xml']);

export type ContentEncoding = 'br' | 'gzip' | 'identity';

/** What the handler needs from a request, whatever the protocol. */
export interface StaticRequest {
  method: string;
  /** The raw request target as received, e.g. "/posts/a.html?x=1" (not normalised). */
  target: string;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
}

export interface StaticResponse {
  status: number;
  headers: Record<string, string>;
  /** Bytes to send: empty for HEAD, 304 and 405. */
  body: Buffer;
  /** Canonical URL path of the file served ("/" for /index.html, "/posts/" for /posts/index.html), null on errors. */
  path: string | null;
  /** True for an HTML document (the "page" that think time, pushes and hints apply to). */
  isPage: boolean;
  contentEncoding: ContentEncoding;
  /** Fetched from an origin (topology edge): how long it took, request sent → whole body, ms. */
  originMs?: number;
}


interface SiteFile {
  /** Canonical URL path. */
  path: string;
  ext: string;
  /**
   * In memory: every representation's bytes. On disk (a large file that is not compressed, see
   * DISK_SERVED_MIN_BYTES): `identity` is empty and the bytes are read from `disk` per request.
   */
  reps: Representations;
  disk?: { file: string; size: number };
}

/**
 * Files that are served as they are (images, fonts, video: no br/gzip copies) from this size up are
 * not held in memory but read from the site folder for each response (the page cache makes that a
 * copy, not a disk access), so a server's memory grows with the site's text, not with its media.
 */
export const DISK_SERVED_MIN_BYTES = 64 * 1024;
/** Site files read at once while loading: bounds the memory a start needs, whatever the site's size. */
const LOAD_CONCURRENCY = 16;

export interface LoadSiteOptions {
  /**
   * Rewrite each HTML page once at load time (e.g. inject preload tags); `page` is its canonical path.
   * Compression, ETags and lengths then describe the rewritten bytes.
   */
  transformHtml?: (html: string, page: string) => string;
  /** A site already loaded from the same folder: its files are taken as they are, only pages are rewritten. */
  base?: StaticSite;
}

export interface StaticSite {
  root: string;
  /** Canonical paths of all HTML pages, e.g. ["/", "/posts/a.html"]. */
  pages: string[];
  respond(request: StaticRequest): StaticResponse;
  /**
   * The response for a page whose HTML came from elsewhere (an origin behind an edge), built exactly
   * as for a file: same caching headers, ETag, 304 and encoding; HTML equal to a page of the site
   * reuses its copies, other HTML is compressed in the request (representations.ts, dynamic quality).
   */
  respondWithBody(request: StaticRequest, page: string, html: Buffer): Promise<StaticResponse>;
  /** Identity bytes of a file by canonical path (tests, the edge). */
  file(path: string): Buffer | undefined;
  /** Every file as loaded, with the exact bytes of each representation served (Caddy's served tree). */
  files(): SiteFileBytes[];
}

/** One file of a loaded site: its URL path ("/index.html", not canonicalised) and its representations. */
export interface SiteFileBytes {
  path: string;
  /** Identity length, bytes. */
  size: number;
  /** Read from the site folder on access for a file served from disk: read it once, then let it go. */
  readonly identity: Buffer;
  /** Present only when brotli (q11) saves bytes; exactly what `respond` sends for `br`. */
  br?: Buffer;
  /** Present only when gzip (level 9) saves bytes; exactly what `respond` sends for `gzip`. */
  gzip?: Buffer;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** "/index.html" → "/", "/posts/index.html" → "/posts/", anything else unchanged. */
function canonicalPath(urlPath: string): string {
  return urlPath.endsWith('/index.html') ? urlPath.slice(0, -'index.html'.length) : urlPath;
}

/** A file name with a hex segment of ≥8 characters (site.3f9a1c2e.css) never changes content. */
export function isContentHashed(urlPath: string): boolean {
  const base = urlPath.slice(urlPath.lastIndexOf('/') + 1);
  return /[.-][0-9a-f]{8,}(?=[.-])/i.test(base);
}

/** What a file whose content never changes under its URL is served with: cached a year, never revalidated. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export function cacheControlFor(urlPath: string, ext: string): string {
  if (ext === '.html') return 'no-cache';
  if (isContentHashed(urlPath)) return IMMUTABLE_CACHE_CONTROL;
  return `public, max-age=${SHORT_MAX_AGE}`;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/** br > gzip > identity among the available encodings, by Accept-Encoding q-values (RFC 9110 §12.5.3). */
export function negotiateEncoding(acceptEncoding: string | undefined, available: ContentEncoding[]): ContentEncoding {
  if (acceptEncoding === undefined) return 'identity';
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  // Unmentioned identity stays acceptable but loses to any coding the client listed.
  const qualityOf = (coding: ContentEncoding): number =>
    q.get(coding) ?? q.get('*') ?? (coding === 'identity' ? 0.001 : 0);
  let best: ContentEncoding = 'identity';
  let bestQ = 0;
  for (const coding of ['br', 'gzip', 'identity'] as const) {
    if (!available.includes(coding)) continue;
    const quality = qualityOf(coding);
    if (quality > bestQ) [best, bestQ] = [coding, quality];
  }
  // Nothing acceptable: RFC 9110 allows sending identity rather than 406.
  return best;
}

/** A plain-text error response that is never cached. */
export function errorResponse(status: number, message: string, extra: Record<string, string> = {}): StaticResponse {
  const body = Buffer.from(`${status} ${message}\n`);
  return {
    status,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      'content-length': String(body.length),
      ...extra,
    },
    body,
    path: null,
    isPage: false,
    contentEncoding: 'identity',
  };
}

type Resolution = { ok: true; path: string } | { ok: false; response: StaticResponse };

/**
 * Turn a raw request target into a URL path of the site, or a 4xx. Percent-encoding is decoded exactly
 * once; encoded slashes, backslashes, NUL, dot segments, empty segments and drive letters are refused.
 */
export function resolveTarget(target: string): Resolution {
  if (target.length > MAX_PATH_LENGTH) return { ok: false, response: errorResponse(414, 'URI Too Long') };
  const decoded = decodeFilePath(target.split(/[?#]/, 1)[0] ?? '');
  if (!decoded.ok) return { ok: false, response: errorResponse(400, `Bad Request: ${decoded.why}`) };
  return { ok: true, path: decoded.path.endsWith('/') ? `${decoded.path}index.html` : decoded.path };
}

function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  // Weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored.
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

function buildResponse(request: StaticRequest, path: string, ext: string, reps: Representations, disk?: SiteFile['disk']): StaticResponse {
  const available: ContentEncoding[] = ['identity'];
  if (reps.br) available.push('br');
  if (reps.gzip) available.push('gzip');
  const encoding = negotiateEncoding(headerValue(request.headers['accept-encoding']), available);
  const bytes = encoding === 'identity' ? reps.identity : reps[encoding]!;
  const etag = encoding === 'identity' ? `"${reps.hash}"` : `"${reps.hash}-${encoding}"`;
  const isPage = ext === '.html';
  const headers: Record<string, string> = {
    'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    'cache-control': cacheControlFor(path, ext),
    etag,
  };
  if (COMPRESSIBLE.has(ext)) headers.vary = 'accept-encoding';
  if (encoding !== 'identity') headers['content-encoding'] = encoding;
  const base = { path: canonicalPath(path), isPage, contentEncoding: encoding };
  if (ifNoneMatchHits(headerValue(request.headers['if-none-match']), etag)) {
    // A 304 repeats the validators and caching headers, not the body's description.
    delete headers['content-type'];
    delete headers['content-encoding'];
    return { ...base, status: 304, headers, body: Buffer.alloc(0) };
  }
  headers['content-length'] = String(disk ? disk.size : bytes.length); // a disk-served file has identity only
  if (request.method === 'HEAD') return { ...base, status: 200, headers, body: Buffer.alloc(0) };
  // Synchronous, so a response (and a push) is ready when respond() returns, as for a file in memory.
  return { ...base, status: 200, headers, body: disk ? readDiskServed(disk) : bytes };
}

function checkMethod(request: StaticRequest): StaticResponse | null {
  if (request.method === 'GET' || request.method === 'HEAD') return null;
  return { ...errorResponse(405, 'Method Not Allowed', { allow: 'GET, HEAD' }) };
}

/**
 * Every regular file under `root` whose real path stays inside `root` (symlinks outside are skipped),
 * except dotfiles and the second origins' folder.
 */
async function listFiles(root: string, dir = root): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || (dir === root && entry.name === SECOND_ORIGINS_DIR)) continue;
    const full = join(dir, entry.name);
    const real = await realpath(full).catch(() => null);
    if (real === null) continue; // dangling symlink
    const rel = relative(root, real);
    if (rel.startsWith('..') || isAbsolute(rel)) continue;
    const info = await stat(real);
    if (info.isDirectory()) files.push(...(await listFiles(root, full)));
    else if (info.isFile()) files.push(full);
  }
  return files;
}

/** The largest file a response can carry: one Buffer (Node's limit, 2 GiB). */
const MAX_FILE_BYTES = 2 ** 31 - 1;

function tooLarge(full: string, size: number): UsageError {
  return new UsageError(`site: ${full} is ${(size / 1e9).toFixed(1)} GB; pushbench sends each response from one buffer and cannot send one over 2 GiB; leave it out of the site folder`);
}

/** A site file's bytes; a file too large for one buffer is the user's to leave out, said so. */
async function readSiteFile(full: string): Promise<Buffer> {
  try {
    return await readFile(full);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_FS_FILE_TOO_LARGE') throw tooLarge(full, (await stat(full)).size);
    throw err;
  }
}

/** A sidecar a site build shipped (x.css.br beside x.css), when it decodes to the file's own bytes. */
function shippedFor(identity: Buffer, br: Buffer | undefined, gz: Buffer | undefined): Shipped {
  const out: Shipped = {};
  try {
    if (br && br.length < identity.length && brotliDecompressSync(br).equals(identity)) out.br = br;
  } catch { /* not brotli: ignored, made here instead */ }
  try {
    if (gz && gz.length < identity.length && gunzipSync(gz).equals(identity)) out.gzip = gz;
  } catch { /* not gzip */ }
  return out;
}

/** A file's identity bytes: held, or read from the site folder for a file served from disk. */
function identityOf(file: SiteFile): Buffer {
  return file.disk ? readDiskServed(file.disk) : file.reps.identity;
}

/** A disk-served file's bytes; one that changed since the site was loaded would contradict its ETag and length. */
function readDiskServed(disk: NonNullable<SiteFile['disk']>): Buffer {
  const bytes = readFileSync(disk.file);
  if (bytes.length !== disk.size) throw new Error(`site file ${disk.file} changed while it was served (${disk.size} bytes at start, ${bytes.length} now); a site must not change during a run`);
  return bytes;
}

/** The files of each loaded site, so a site loaded on top of it (LoadSiteOptions.base) can reuse them. */
const filesOf = new WeakMap<StaticSite, Map<string, SiteFile>>();

/** sha256 of a file read as a stream: a large file is hashed without being held. */
async function hashFile(full: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(full)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A sidecar a site build shipped (x.css.br), if the site's listing has it: only listed files are read. */
async function readSidecar(listing: ReadonlyMap<string, string>, urlPath: string, suffix: string): Promise<Buffer | undefined> {
  const full = listing.get(urlPath + suffix);
  return full === undefined ? undefined : readFile(full);
}

/** Runs `work` over `items`, at most `limit` at a time; the first failure stops the rest. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (!failed && next < items.length) {
      try {
        await work(items[next++]!);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  }));
}

export async function loadSite(siteDir: string, options: LoadSiteOptions = {}): Promise<StaticSite> {
  const root = await realpath(siteDir);
  const base = options.base && options.base.root === root ? filesOf.get(options.base) : undefined;
  // Hashes of large files a prepared, unchanged site already has (its fingerprint's marker).
  const diskHashes = base ? {} : (readMarker(await markerOf(root))?.diskHashes ?? {});
  const files = new Map<string, SiteFile>();
  // Compressed HTML by content hash, so a proxied page equal to a local one costs no compression.
  const htmlByHash = new Map<string, Representations>();
  const loadOne = async (urlPath: string, full: string): Promise<void> => {
    const ext = extname(urlPath).toLowerCase();
    const rewritten = ext === '.html' && options.transformHtml;
    const reused = !rewritten ? base?.get(urlPath) : undefined;
    if (reused) {
      files.set(urlPath, reused);
      if (ext === '.html') htmlByHash.set(reused.reps.hash, reused.reps);
      return;
    }
    const size = (await stat(full)).size;
    if (!COMPRESSIBLE.has(ext) && size >= DISK_SERVED_MIN_BYTES) {
      if (size > MAX_FILE_BYTES) throw tooLarge(full, size);
      const real = await realpath(full); // what listFiles checked lies inside the root
      const hash = diskHashes[urlPath] ?? (await hashFile(real)).slice(0, 32);
      files.set(urlPath, { path: urlPath, ext, reps: { hash, identity: Buffer.alloc(0) }, disk: { file: real, size } });
      return;
    }
    const original = base?.get(urlPath)?.reps.identity ?? (await readSiteFile(full));
    const identity = rewritten ? Buffer.from(options.transformHtml!(original.toString('utf8'), canonicalPath(urlPath))) : original;
    const shipped = rewritten || !COMPRESSIBLE.has(ext) ? {} : shippedFor(identity, await readSidecar(listing, urlPath, '.br'), await readSidecar(listing, urlPath, '.gz'));
    const reps = await representationsOf(identity, COMPRESSIBLE.has(ext), shipped);
    if (ext === '.html') htmlByHash.set(reps.hash, reps);
    files.set(urlPath, { path: urlPath, ext, reps });
  };
  // The site's files a few at a time: compression runs on libuv's thread pool (zlib's async API),
  // and at most LOAD_CONCURRENCY files' bytes are in flight beyond the ones kept.
  const listing = new Map<string, string>(base
    ? [...base.values()].map((f) => [f.path, f.disk?.file ?? join(root, ...f.path.split('/'))])
    : (await listFiles(root)).map((full) => ['/' + relative(root, full).split(sep).join('/'), full]));
  await eachLimited([...listing], LOAD_CONCURRENCY, ([urlPath, full]) => loadOne(urlPath, full));

  const site: StaticSite = {
    root,
    pages: [...files.values()].filter((f) => f.ext === '.html').map((f) => canonicalPath(f.path)).sort(),
    respond(request) {
      const resolved = resolveTarget(request.target);
      if (!resolved.ok) return resolved.response;
      const refused = checkMethod(request);
      if (refused) return refused;
      const file = files.get(resolved.path);
      if (!file) return errorResponse(404, 'Not Found');
      return buildResponse(request, file.path, file.ext, file.reps, file.disk);
    },
    async respondWithBody(request, page, html) {
      // The site's own pages are ready; HTML only the origin has is compressed now, as dynamic HTML is.
      const reps = htmlByHash.get(sha256(html).slice(0, 32)) ?? (await dynamicRepresentationsOf(html));
      const path = page.endsWith('/') ? `${page}index.html` : page;
      return buildResponse(request, path, '.html', reps);
    },
    file(path) {
      const found = files.get(path.endsWith('/') ? `${path}index.html` : path);
      return found && identityOf(found);
    },
    files() {
      return [...files.values()].map((f) => ({
        path: f.path,
        size: f.disk?.size ?? f.reps.identity.length,
        get identity() { return identityOf(f); },
        br: f.reps.br,
        gzip: f.reps.gzip,
      }));
    },
  };
  filesOf.set(site, files);
  return site;
}

/**
 * Fills the representation cache for a site and its second origins before any server starts (the
 * run's first step), so server children only read it and no compression happens once loads are
 * measured. The counts are the site's and its second origins' together.
 */
export async function prepareSite(siteDir: string): Promise<PreparedSite> {
  const t0 = performance.now();
  const folders = [siteDir, ...secondOriginsOf(siteDir).map((o) => o.dir)];
  const prepared: SiteMarker[] = [];
  let fromCache = true;
  for (const folder of folders) {
    const one = await prepareFolder(folder);
    prepared.push(one.marker);
    fromCache &&= one.fromCache;
  }
  const sum = (count: (m: SiteMarker) => number) => prepared.reduce((n, m) => n + count(m), 0);
  return { files: sum((m) => m.files), bytes: sum((m) => m.bytes), ms: performance.now() - t0, fromCache };
}

/** One folder served by one server: its marker, made now unless it is unchanged since its copies were made. */
async function prepareFolder(folder: string): Promise<{ marker: SiteMarker; fromCache: boolean }> {
  const markerFile = await markerOf(folder);
  const known = readMarker(markerFile);
  if (known) return { marker: known, fromCache: true };
  const site = await loadSite(folder);
  const files = site.files();
  const diskHashes = Object.fromEntries([...filesOf.get(site)!.values()].filter((f) => f.disk).map((f) => [f.path, f.reps.hash]));
  const marker: SiteMarker = { files: files.length, bytes: files.reduce((n, f) => n + f.size, 0), diskHashes };
  mkdirSync(dirname(markerFile), { recursive: true });
  writeFileSync(markerFile, JSON.stringify(marker));
  return { marker, fromCache: false };
}

/** What a prepared site's marker records: its size, and the hashes of its disk-served files (no need to read them again). */
interface SiteMarker {
  files: number;
  bytes: number;
  diskHashes?: Record<string, string>;
}

/** By the real path, so prepareSite and the servers' loadSite find the same marker. */
async function markerOf(siteDir: string): Promise<string> {
  return join(representationsCacheDir(), 'sites', `${siteFingerprint(await realpath(siteDir))}.json`);
}

function readMarker(marker: string): SiteMarker | undefined {
  try {
    return JSON.parse(readFileSync(marker, 'utf8')) as SiteMarker;
  } catch {
    return undefined; // not prepared yet
  }
}
