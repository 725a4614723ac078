// Browsers that are already on the machine: Debian's Chromium (else Google Chrome, else a
// Playwright-managed Chromium) and Debian's firefox-esr. $PUSHBENCH_CHROMIUM_PATH names the
// `chromium` binary outright (CI runners ship Google Chrome, not Debian's Chromium). Their version probes are cached in
// <cache>/browsers/system-probes.json, keyed by path, size and mtime, so an apt upgrade
// invalidates the entry and an unchanged binary is never launched just to learn its version.
import { access, constants, mkdir, readFile, realpath, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium as playwrightChromium } from 'playwright-core';
import { UsageError } from '../shared/usage-error.ts';
import { browsersCacheDir } from './cache-dir.ts';
import { probeChromium, probeFirefox, type BrowserProbe } from './probe.ts';

/** Candidates in order of preference. Debian's real binary, not the /usr/bin/chromium shell wrapper. */
const SYSTEM_CHROMIUM_PATHS = [
  '/usr/lib/chromium/chromium',
  '/opt/google/chrome/chrome',
  '/opt/google/chrome-beta/chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
];
/**
 * Debian's chromium-headless-shell: the same Chromium release as `chromium`, built as the old
 * headless shell (content layer and network stack without Chrome's browser UI; what Playwright
 * launches for headless Chromium by default). No window per context, so a fresh context costs
 * about half the CPU of new headless mode's (README, "Harness overhead").
 */
const SYSTEM_CHROMIUM_SHELL_PATHS = ['/usr/lib/chromium/chromium-headless-shell'];
const SYSTEM_FIREFOX_PATHS = ['/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox-esr', '/usr/lib/firefox/firefox', '/usr/bin/firefox'];

export interface SystemBrowser extends BrowserProbe {
  executablePath: string;
  /** 'system' for OS packages; 'playwright' for a build in Playwright's own download folder. */
  origin: 'system' | 'playwright';
}

/**
 * The binary `chromium` must be, instead of searching SYSTEM_CHROMIUM_PATHS: a Chromium or Google
 * Chrome executable (e.g. /opt/google/chrome/chrome on GitHub's Ubuntu runners). Explicit, so a run
 * never measures some other browser that happens to come first in the search; a wrong path is an
 * error, never a fallback.
 */
export const CHROMIUM_PATH_ENV = 'PUSHBENCH_CHROMIUM_PATH';

export async function findSystemChromium(): Promise<SystemBrowser | undefined> {
  const chosen = process.env[CHROMIUM_PATH_ENV]?.trim();
  if (chosen) return chromiumFromEnv(chosen);
  const found = await firstInstalled(SYSTEM_CHROMIUM_PATHS, probeChromium);
  if (found) return found;
  // Playwright reports where its managed Chromium would be, installed or not.
  const managed = await executableRealPath(playwrightChromium.executablePath());
  if (managed) return { executablePath: managed, origin: 'playwright', ...(await cachedProbe(managed, probeChromium)) };
  return undefined;
}

async function chromiumFromEnv(chosen: string): Promise<SystemBrowser> {
  const path = await executableRealPath(chosen);
  if (!path) {
    throw new UsageError(
      `${CHROMIUM_PATH_ENV}="${chosen}" is not an executable file; set it to a Chromium or Google Chrome binary ` +
      '(e.g. /opt/google/chrome/chrome or /usr/lib/chromium/chromium), or unset it to use the first of ' +
      SYSTEM_CHROMIUM_PATHS.join(', ') + ' that exists',
    );
  }
  return { executablePath: path, origin: 'system', ...(await cachedProbe(path, probeChromium)) };
}

export function findSystemChromiumShell(): Promise<SystemBrowser | undefined> {
  return firstInstalled(SYSTEM_CHROMIUM_SHELL_PATHS, probeChromium);
}

export function findSystemFirefox(): Promise<SystemBrowser | undefined> {
  return firstInstalled(SYSTEM_FIREFOX_PATHS, probeFirefox);
}

/**
 * The first of `candidates` that is an executable, as its real path (/usr/bin/firefox-esr is a
 * symlink to the real binary in /usr/lib/firefox-esr), with its version probe.
 */
async function firstInstalled(candidates: readonly string[], probe: typeof probeChromium): Promise<SystemBrowser | undefined> {
  for (const candidate of candidates) {
    const path = await executableRealPath(candidate);
    if (path) return { executablePath: path, origin: 'system', ...(await cachedProbe(path, probe)) };
  }
  return undefined;
}

async function executableRealPath(path: string): Promise<string | undefined> {
  try {
    await access(path, constants.X_OK);
    return await realpath(path);
  } catch {
    return undefined;
  }
}

interface ProbeCacheEntry extends BrowserProbe {
  size: number;
  mtimeMs: number;
}

function probeCacheFile(): string {
  return join(browsersCacheDir(), 'system-probes.json');
}

async function cachedProbe(path: string, probe: (path: string) => Promise<BrowserProbe>): Promise<BrowserProbe> {
  const { size, mtimeMs } = await stat(path);
  const cache = await readProbeCache();
  const hit = cache[path];
  if (hit && hit.size === size && hit.mtimeMs === mtimeMs) {
    return { version: hit.version, product: hit.product, major: hit.major };
  }
  const result = await probe(path);
  // Re-read before writing so concurrent probes of other binaries are kept.
  const latest = await readProbeCache();
  latest[path] = { ...result, size, mtimeMs };
  await writeProbeCache(latest);
  return result;
}

async function readProbeCache(): Promise<Record<string, ProbeCacheEntry>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(probeCacheFile(), 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, ProbeCacheEntry>) : {};
  } catch {
    return {}; // missing or corrupt: probe again
  }
}

async function writeProbeCache(cache: Record<string, ProbeCacheEntry>): Promise<void> {
  await mkdir(browsersCacheDir(), { recursive: true });
  const temp = `${probeCacheFile()}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(cache, null, 2) + '\n');
  await rename(temp, probeCacheFile()); // atomic: readers see the old or the new file
}
