// The per-browser cache folders: …/browsers/<name>/ holds one unpacked build and its installed.json.
// Installs are atomic: unpack into a temp folder beside the target, start the browser once,
// write installed.json, then rename the whole folder into place. A folder therefore either
// does not exist or is complete, two processes never see half a browser, and two majors never
// share files.
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { browserCacheFolder, browsersCacheDir } from './cache-dir.ts';
import { readInstalledRecord, writeInstalledRecord, type InstalledRecord } from './installed-record.ts';
import { probeChromium } from './probe.ts';
import { UNPACKED_EXECUTABLE, unpackNpmChromium } from './unpack-npm-chromium.ts';

export interface NpmChromiumPackage {
  /** Registry name the folder is called after, e.g. "chromium-103" or "chromium@114". */
  name: string;
  /** Folder holding the extracted npm package (with bin/chromium.br). */
  packageDir: string;
  packageName: string;
  packageVersion: string;
  /** The Chromium major the package must contain; the install fails if the binary says otherwise. */
  expectedMajor: number;
}

/** The installed record of `name`, or undefined when it is not in the cache. */
export async function readCachedBrowser(name: string): Promise<InstalledRecord | undefined> {
  const record = await readInstalledRecord(browserCacheFolder(name));
  if (!record) return undefined;
  // The record is only trusted while its executable is still there.
  try {
    await stat(record.executablePath);
  } catch {
    return undefined;
  }
  return record;
}

/** Unpacks a package into the cache as `pkg.name` (unless already there) and returns its record. */
export async function unpackIntoCache(pkg: NpmChromiumPackage): Promise<InstalledRecord> {
  const existing = await readCachedBrowser(pkg.name);
  if (existing) return existing;

  const finalFolder = browserCacheFolder(pkg.name);
  await assertNoStrayFolder(finalFolder);
  await mkdir(browsersCacheDir(), { recursive: true });
  const tempFolder = await mkdtemp(join(browsersCacheDir(), `.tmp-${pkg.name}-`));
  try {
    const tempExecutable = await unpackNpmChromium(pkg.packageDir, tempFolder);
    await chmod(tempFolder, 0o755); // mkdtemp makes it private; the browser is not a secret
    const probe = await probeChromium(tempExecutable).catch(async (err: unknown) => {
      throw new Error(`${pkg.packageName}@${pkg.packageVersion} did not start: ${String(err)}${await missingLibrariesHint(tempExecutable)}`);
    });
    if (probe.major !== pkg.expectedMajor) {
      throw new Error(
        `${pkg.packageName}@${pkg.packageVersion} contains Chromium ${probe.version}, expected major ${pkg.expectedMajor}`,
      );
    }
    const record: InstalledRecord = {
      name: pkg.name,
      engine: 'chromium',
      package: pkg.packageName,
      packageVersion: pkg.packageVersion,
      version: probe.version,
      product: probe.product,
      major: probe.major,
      executablePath: join(finalFolder, UNPACKED_EXECUTABLE),
      installedAt: new Date().toISOString(),
    };
    await writeInstalledRecord(tempFolder, record);
    try {
      await rename(tempFolder, finalFolder);
    } catch (err) {
      // Another process finished first: use its copy, ours is discarded below.
      const code = (err as NodeJS.ErrnoException).code;
      const winner = code === 'ENOTEMPTY' || code === 'EEXIST' ? await readCachedBrowser(pkg.name) : undefined;
      if (winner) return winner;
      throw err;
    }
    return record;
  } finally {
    await rm(tempFolder, { recursive: true, force: true });
  }
}

// A folder without installed.json was not made by us (our renames are atomic); refuse to mix into it.
async function assertNoStrayFolder(folder: string): Promise<void> {
  try {
    await stat(folder);
  } catch {
    return;
  }
  throw new Error(`${folder} exists but is incomplete (no valid installed.json, or its executable is gone); delete that folder and retry`);
}

// The npm builds link against libnss3, libnspr4 and libexpat1 from the OS; say so when one is missing.
async function missingLibrariesHint(executable: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)('ldd', [executable], { timeout: 10_000 });
    const missing = stdout.split('\n').filter((l) => l.includes('not found')).map((l) => l.trim().split(' ')[0]);
    return missing.length
      ? `\nmissing shared libraries: ${missing.join(', ')} (on Debian: apt-get install libnss3 libnspr4 libexpat1)`
      : '';
  } catch {
    return '';
  }
}
