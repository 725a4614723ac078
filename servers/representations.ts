// A file's representations (identity, brotli, gzip), made once per content, never per variant or
// per run: a content-addressed cache on disk (<cache>/representations/<sha256>.br|.gz, or .none when
// an encoding saves nothing), in front of an in-process memo that the variants of one server child
// share. Compression runs on libuv's thread pool (zlib's async API), so the files of a site compress
// in parallel and off the event loop. The settings are fixed and recorded (COMPRESSION).
//
// A site build that ships `x.css.br` / `x.css.gz` beside `x.css` (as Caddy's `precompressed` and
// nginx's `gzip_static` serve them) has those bytes used as x.css's representations instead.

import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { pushbenchCacheDir } from '../harness/shared/cache-dir.ts';

/**
 * How representations are made (recorded in run.json). The cache key holds brotliQuality, gzipLevel
 * and keyVersion; the dynamic* values are for HTML only an origin produced, compressed per request
 * and never cached (dynamicRepresentationsOf).
 */
export const COMPRESSION = { brotliQuality: 11, gzipLevel: 9, keyVersion: 1, dynamicBrotliQuality: 5, dynamicGzipLevel: 6 } as const;

export interface Representations {
  /** sha256 of the identity bytes, first 32 hex digits (the ETag's base). */
  hash: string;
  identity: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

/** Bytes a site build shipped for a file, by encoding. */
export interface Shipped {
  br?: Buffer;
  gzip?: Buffer;
}

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export function representationsCacheDir(): string {
  return join(pushbenchCacheDir(), 'representations');
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const memo = new Map<string, Promise<Partial<Record<'br' | 'gzip', Buffer | null>>>>();

/** One encoding from the disk cache: bytes, null ("saves nothing"), or undefined (not cached). */
function readCached(file: string): Buffer | null | undefined {
  try {
    return readFileSync(`${file}`);
  } catch { /* not there */ }
  try {
    readFileSync(`${file}.none`);
    return null;
  } catch {
    return undefined;
  }
}

/** Atomically: another process filling the same entry writes the same bytes. */
function writeCached(file: string, bytes: Buffer | null): void {
  const target = bytes ? file : `${file}.none`;
  const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, bytes ?? Buffer.alloc(0));
  renameSync(tmp, target);
}

async function compressed(identity: Buffer, key: string): Promise<Partial<Record<'br' | 'gzip', Buffer | null>>> {
  const dir = join(representationsCacheDir(), key.slice(0, 2));
  const base = join(dir, `${key}-q${COMPRESSION.brotliQuality}-l${COMPRESSION.gzipLevel}-v${COMPRESSION.keyVersion}`);
  let br = readCached(`${base}.br`);
  let gzipped = readCached(`${base}.gz`);
  if (br === undefined || gzipped === undefined) {
    mkdirSync(dir, { recursive: true });
    const [b, g] = await Promise.all([
      br === undefined ? brotli(identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: COMPRESSION.brotliQuality, [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length } }) : undefined,
      gzipped === undefined ? gz(identity, { level: COMPRESSION.gzipLevel }) : undefined,
    ]);
    // An encoding that does not save bytes is not worth a Content-Encoding header.
    if (b) writeCached(`${base}.br`, (br = b.length < identity.length ? b : null));
    if (g) writeCached(`${base}.gz`, (gzipped = g.length < identity.length ? g : null));
  }
  return { br, gzip: gzipped };
}

/** The representations of one body; `compressible` false: identity only. */
export async function representationsOf(identity: Buffer, compressible: boolean, shipped: Shipped = {}): Promise<Representations> {
  const hash = sha256(identity);
  const reps: Representations = { hash: hash.slice(0, 32), identity };
  if (!compressible) return reps;
  let pending = memo.get(hash);
  if (!pending) {
    pending = compressed(identity, hash);
    memo.set(hash, pending);
  }
  const made = await pending;
  const br = shipped.br ?? made.br ?? undefined;
  const gzipped = shipped.gzip ?? made.gzip ?? undefined;
  if (br) reps.br = br;
  if (gzipped) reps.gzip = gzipped;
  return reps;
}

/**
 * A page that only a live origin produced (it differs from every copy the edge holds, as dynamic
 * HTML does): compressed now, in the request, at the quality CDNs use for dynamic responses
 * (COMPRESSION.dynamicBrotliQuality, dynamicGzipLevel), and kept nowhere.
 */
export async function dynamicRepresentationsOf(identity: Buffer): Promise<Representations> {
  const reps: Representations = { hash: sha256(identity).slice(0, 32), identity };
  const [b, g] = await Promise.all([
    brotli(identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: COMPRESSION.dynamicBrotliQuality, [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
    gz(identity, { level: COMPRESSION.dynamicGzipLevel }),
  ]);
  if (b.length < identity.length) reps.br = b;
  if (g.length < identity.length) reps.gzip = g;
  return reps;
}

/** What preparing a site's representations did (for the line a run prints before its first load). */
export interface PreparedSite {
  files: number;
  bytes: number;
  ms: number;
  /** True when the site was unchanged since its copies were made (nothing read). */
  fromCache: boolean;
}
