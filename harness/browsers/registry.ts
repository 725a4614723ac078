// The browser registry: one place that turns a browser name into an executable and its full version.
//
//   chromium       the machine's Chromium (Debian's /usr/lib/chromium/chromium, else Google Chrome,
//                  else a Playwright-managed build; $PUSHBENCH_CHROMIUM_PATH
//                  picks the binary outright)                                        source 'system'
//   chromium-shell Debian's chromium-headless-shell: the same release as `chromium`, old headless
//                  mode (no browser window per context; apt-get install chromium-headless-shell)  'system'
//   chromium-103   @sparticuz/chromium@103.0.0 from node_modules (push + Early Hints)  'npm-package'
//   chromium-92    chrome-aws-lambda@10.1.0 from node_modules (push, no Early Hints)  'npm-package'
//   chromium@N     a major installed with `pushbench browsers install chromium@N`    'cache'
//   firefox        Debian's firefox-esr                                               'system'
//
// npm builds are unpacked by pushbench into <cache>/browsers/<name>/ on first use (so `npm ci`
// alone makes chromium-103 and chromium-92 available); later resolves read installed.json and
// launch nothing.
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { UsageError } from '../shared/usage-error.ts';
import { readCachedBrowser, unpackIntoCache } from './browser-cache.ts';
import { browsersCacheDir, pushbenchCacheDir } from './cache-dir.ts';
import type { InstalledRecord } from './installed-record.ts';
import { fetchSparticuzVersions, npmPack, packagesByMajor, type PackageForMajor } from './npm-chromium-packages.ts';
import { CHROMIUM_PATH_ENV, findSystemChromium, findSystemChromiumShell, findSystemFirefox, type SystemBrowser } from './system-browsers.ts';
import { extractTar } from './tar.ts';

export { chromiumBaseArgs, DISABLE_QUIC, PLAYWRIGHT_DISABLED_FEATURES, PUSHBENCH_DISABLED_FEATURES } from './chromium-args.ts';

export type Engine = 'chromium' | 'firefox';

export interface ResolvedBrowser {
  name: string;
  engine: Engine;
  /** Absolute path of the real binary (never a shell wrapper). */
  executablePath: string;
  /** Full version as the browser reports it, e.g. "103.0.5058.0", "153.7.0esr". */
  version: string;
  major: number;
  source: 'system' | 'npm-package' | 'cache';
  /** Extra environment the browser needs (none of the current builds do on Debian). */
  env?: Record<string, string>;
}

/** Builds that ship inside packages listed in package.json, unpacked on first use. */
const BUNDLED: Record<string, { packageName: string; packageVersion: string; major: number }> = {
  'chromium-103': { packageName: '@sparticuz/chromium', packageVersion: '103.0.0', major: 103 },
  'chromium-92': { packageName: 'chrome-aws-lambda', packageVersion: '10.1.0', major: 92 },
};
const FIXED_NAMES = ['chromium', 'chromium-shell', ...Object.keys(BUNDLED), 'firefox']; // the order `browsers list` shows
const INSTALLED_NAME = /^chromium@([1-9]\d{0,3})$/;

/** Syntax check only (no I/O): a fixed name or chromium@<major>. */
export function isKnownBrowserName(name: string): boolean {
  return FIXED_NAMES.includes(name) || INSTALLED_NAME.test(name);
}

// Concurrent resolves of one name share a single unpacking; once settled, the next resolve reads
// installed.json again (cheap), so a browser deleted or reinstalled meanwhile is noticed.
const inFlight = new Map<string, Promise<ResolvedBrowser>>();

/** Resolves a registry name; unknown or uninstalled names throw a UsageError saying what to do. */
export async function resolveBrowser(name: string): Promise<ResolvedBrowser> {
  if (!isKnownBrowserName(name)) {
    throw new UsageError(
      `unknown browser "${name}"; valid names: ${FIXED_NAMES.join(', ')}, chromium@<major>` +
      ` (installed: ${(await installedMajorNames()).join(', ') || 'none'}); ` +
      'install a major with `pushbench browsers install chromium@<major>`',
    );
  }
  const key = `${pushbenchCacheDir()}\0${name}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = resolveUncached(name);
    inFlight.set(key, pending);
    pending.then(() => inFlight.delete(key), () => inFlight.delete(key));
  }
  return pending;
}

/** Browsers the machine's packages provide: how to find each, and what to do when it is missing. */
const SYSTEM: Record<string, { engine: Engine; find: () => Promise<SystemBrowser | undefined>; missing: string }> = {
  chromium: {
    engine: 'chromium',
    find: findSystemChromium,
    missing: 'browser "chromium": no system Chromium found (looked for /usr/lib/chromium/chromium, Google Chrome ' +
      `and Playwright's build); install it with \`apt-get install chromium\`, set ${CHROMIUM_PATH_ENV} ` +
      'to a Chromium or Chrome binary, or use chromium-103',
  },
  'chromium-shell': {
    engine: 'chromium',
    find: findSystemChromiumShell,
    missing: 'browser "chromium-shell": Debian\'s chromium-headless-shell is not installed; install it with `apt-get install chromium-headless-shell`',
  },
  firefox: {
    engine: 'firefox',
    find: findSystemFirefox,
    missing: 'browser "firefox": firefox-esr is not installed; install it with `apt-get install firefox-esr`',
  },
};

async function resolveUncached(name: string): Promise<ResolvedBrowser> {
  const system = SYSTEM[name];
  if (system) {
    const found = await system.find();
    if (!found) throw new UsageError(system.missing);
    return { name, engine: system.engine, executablePath: found.executablePath, version: found.version, major: found.major, source: 'system' };
  }
  const bundled = BUNDLED[name];
  if (bundled) {
    const record = await unpackIntoCache({
      name,
      packageDir: await bundledPackageDir(bundled.packageName, bundled.packageVersion),
      packageName: bundled.packageName,
      packageVersion: bundled.packageVersion,
      expectedMajor: bundled.major,
    });
    return fromRecord(record, 'npm-package');
  }
  const record = await readCachedBrowser(name);
  if (!record) {
    throw new UsageError(
      `browser "${name}" is not installed; install it with \`pushbench browsers install ${name}\`` +
      ` (installed: ${(await installedMajorNames()).join(', ') || 'none'})`,
    );
  }
  return fromRecord(record, 'cache');
}

/** Every browser usable right now (unpacks chromium-103/-92 from node_modules on first call). */
export async function listInstalledBrowsers(): Promise<ResolvedBrowser[]> {
  const names = [...FIXED_NAMES, ...(await installedMajorNames())];
  const resolved: ResolvedBrowser[] = [];
  for (const name of names) {
    try {
      resolved.push(await resolveBrowser(name));
    } catch (err) {
      if (err instanceof UsageError) continue; // not present on this machine
      throw err;
    }
  }
  return resolved;
}

/**
 * Installs Chromium `major` from the npm package that ships it (chrome-aws-lambda@10.1.0 for 92,
 * the newest @sparticuz/chromium@<major> otherwise) as chromium@<major>, verifies that it starts,
 * and returns it. Installing an installed major returns the existing one.
 */
export async function installChromium(major: number): Promise<ResolvedBrowser> {
  if (!Number.isInteger(major) || major <= 0) {
    throw new UsageError(`chromium major must be a positive integer, got "${major}" (e.g. chromium@114)`);
  }
  const name = `chromium@${major}`;
  const existing = await readCachedBrowser(name);
  if (existing) return fromRecord(existing, 'cache');

  const pkg = await packageForMajor(major);
  const workDir = await mkdtemp(join(await ensureBrowsersDir(), '.tmp-pack-'));
  try {
    const tarball = await npmPack(pkg.packageName, pkg.packageVersion, workDir);
    const packageDir = join(workDir, 'package');
    // npm tarballs put everything under package/; only bin/ holds the browser.
    await extractTar(await promisify(gunzip)(await readFile(tarball)), packageDir, (entry) => {
      const inPackage = entry.replace(/^package\//, '');
      return inPackage.startsWith('bin/') ? inPackage : undefined;
    });
    const record = await unpackIntoCache({
      name,
      packageDir,
      packageName: pkg.packageName,
      packageVersion: pkg.packageVersion,
      expectedMajor: major,
    });
    return fromRecord(record, 'cache');
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function packageForMajor(major: number): Promise<PackageForMajor> {
  const available = packagesByMajor(major === 92 ? [] : await fetchSparticuzVersions());
  const pkg = available.get(major);
  if (!pkg) {
    throw new UsageError(
      `chromium@${major} is not available from npm; available majors: ${[...available.keys()].join(', ')}`,
    );
  }
  return pkg;
}

async function installedMajorNames(): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(browsersCacheDir());
  } catch {
    return [];
  }
  const names = entries.filter((e) => INSTALLED_NAME.test(e));
  const present = await Promise.all(names.map(async (n) => ((await readCachedBrowser(n)) ? n : undefined)));
  return present
    .filter((n): n is string => n !== undefined)
    .sort((a, b) => Number(a.split('@')[1]) - Number(b.split('@')[1]));
}

async function bundledPackageDir(packageName: string, expectedVersion: string): Promise<string> {
  const require = createRequire(import.meta.url);
  let manifestPath: string;
  try {
    manifestPath = require.resolve(`${packageName}/package.json`);
  } catch {
    throw new Error(`npm package ${packageName}@${expectedVersion} is missing from node_modules; run \`npm ci\``);
  }
  const { version } = JSON.parse(await readFile(manifestPath, 'utf8')) as { version: string };
  if (version !== expectedVersion) {
    throw new Error(`node_modules has ${packageName}@${version}, pushbench needs ${expectedVersion}; run \`npm ci\``);
  }
  return dirname(manifestPath);
}

async function ensureBrowsersDir(): Promise<string> {
  await mkdir(browsersCacheDir(), { recursive: true });
  return browsersCacheDir();
}

function fromRecord(record: InstalledRecord, source: ResolvedBrowser['source']): ResolvedBrowser {
  return {
    name: record.name,
    engine: record.engine,
    executablePath: record.executablePath,
    version: record.version,
    major: record.major,
    source,
  };
}
