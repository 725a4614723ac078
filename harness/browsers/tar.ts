// A small tar extractor for the archives npm Chromium packages ship (`*.tar.br`) and for the
// `.tgz` that `npm pack` writes. Written here rather than taken from `tar-fs`/`tar-stream`
// because those are only transitive dependencies of the browser packages, and the archives are
// small enough (tens of MB) to parse from memory.
//
// Supports ustar/GNU/pax headers: regular files, directories, symlinks and hard links,
// GNU long names ('L'/'K') and pax `path`/`linkpath`/`size` records. Every path is checked to
// stay inside the destination folder.
import { mkdir, writeFile, symlink, copyFile, chmod } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';

const BLOCK = 512;

export interface TarEntry {
  path: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink';
  mode: number;
  linkPath: string;
  data: Buffer;
}

/** Parses a whole (uncompressed) tar archive into entries, in archive order. */
export function parseTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longPath: string | undefined;
  let longLink: string | undefined;
  let pax: Record<string, string> = {};

  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break; // end-of-archive marker
    const typeFlag = String.fromCharCode(header[156] ?? 0);
    const size = pax.size !== undefined ? Number(pax.size) : readSize(header.subarray(124, 136));
    const dataStart = offset + BLOCK;
    const data = archive.subarray(dataStart, dataStart + size);
    if (data.length !== size) throw new Error(`tar archive is truncated (entry at byte ${offset})`);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    // Extension headers describe the next entry, not themselves.
    if (typeFlag === 'L') { longPath = cString(data); continue; }
    if (typeFlag === 'K') { longLink = cString(data); continue; }
    if (typeFlag === 'x') { pax = parsePax(data); continue; }
    if (typeFlag === 'g') continue; // global pax header: nothing we use

    const name = cString(header.subarray(0, 100));
    const prefix = header.subarray(257, 262).toString('latin1') === 'ustar' ? cString(header.subarray(345, 500)) : '';
    const path = pax.path ?? longPath ?? (prefix ? `${prefix}/${name}` : name);
    const linkPath = pax.linkpath ?? longLink ?? cString(header.subarray(157, 257));
    const mode = readOctal(header.subarray(100, 108)) & 0o7777;
    longPath = longLink = undefined;
    pax = {};

    const type = typeFlag === '5' ? 'directory'
      : typeFlag === '2' ? 'symlink'
      : typeFlag === '1' ? 'hardlink'
      : typeFlag === '0' || typeFlag === '\0' || typeFlag === '7' ? 'file'
      : undefined;
    if (!type) continue; // devices, fifos: never in a browser archive
    entries.push({ path, type, mode, linkPath, data });
  }
  return entries;
}

/**
 * Writes the entries of `archive` under `destDir`. `select` may skip entries or rename them
 * (return the path to write, relative to destDir, or undefined to skip).
 */
export async function extractTar(
  archive: Buffer,
  destDir: string,
  select: (entryPath: string) => string | undefined = (p) => p,
): Promise<string[]> {
  const written: string[] = [];
  const root = resolve(destDir);
  for (const entry of parseTar(archive)) {
    const relPath = select(entry.path);
    if (relPath === undefined) continue;
    const target = safeJoin(root, relPath);
    if (target === root) continue; // the "./" entry
    if (entry.type === 'directory') {
      await mkdir(target, { recursive: true, mode: 0o755 });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    if (entry.type === 'symlink') {
      // A link may point anywhere relative to itself, but never out of the destination.
      if (isAbsolute(entry.linkPath)) throw new Error(`tar entry ${entry.path} links to an absolute path`);
      safeJoin(root, relative(root, resolve(dirname(target), entry.linkPath)));
      await symlink(entry.linkPath, target);
    } else if (entry.type === 'hardlink') {
      const linkRel = select(entry.linkPath);
      if (linkRel === undefined) throw new Error(`tar entry ${entry.path} links to skipped entry ${entry.linkPath}`);
      await copyFile(safeJoin(root, linkRel), target);
    } else {
      await writeFile(target, entry.data);
      // Keep the archive's executable bits; always readable and writable by the owner.
      await chmod(target, (entry.mode & 0o777) | 0o600);
    }
    written.push(relPath);
  }
  return written;
}

function safeJoin(root: string, relPath: string): string {
  const target = resolve(root, normalize(relPath));
  if (target !== root && !target.startsWith(root + sep)) {
    throw new Error(`tar entry "${relPath}" would be written outside ${root}`);
  }
  return target === root ? root : join(root, relative(root, target));
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

function readOctal(bytes: Buffer): number {
  const text = cString(bytes).trim();
  return text ? parseInt(text, 8) : 0;
}

// Sizes over 8 GiB use GNU base-256 (high bit of the first byte set).
function readSize(bytes: Buffer): number {
  if ((bytes[0] ?? 0) & 0x80) {
    let value = (bytes[0] ?? 0) & 0x7f;
    for (let i = 1; i < bytes.length; i++) value = value * 256 + (bytes[i] ?? 0);
    return value;
  }
  return readOctal(bytes);
}

// pax records: "<length> <key>=<value>\n", length counting the whole record.
function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space === -1) break;
    const length = parseInt(data.subarray(pos, space).toString('latin1'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, pos + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) records[record.slice(0, eq)] = record.slice(eq + 1);
    pos += length;
  }
  return records;
}
