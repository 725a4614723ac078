// Asking a browser binary what it is. Chromium is launched once through Playwright (that is
// also the "does it start?" check for freshly unpacked builds); Firefox answers --version.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumBaseArgs } from './chromium-args.ts';

const execFileAsync = promisify(execFile);

export interface BrowserProbe {
  /** Full version as reported, e.g. "103.0.5058.0" (Chromium) or "153.7.0esr" (Firefox). */
  version: string;
  /** Product string, e.g. "HeadlessChrome/103.0.5058.0" or "Mozilla Firefox 153.7.0esr". */
  product: string;
  major: number;
}

export async function probeChromium(executablePath: string, env?: Record<string, string>): Promise<BrowserProbe> {
  const browser = await chromium.launch({
    executablePath,
    args: chromiumBaseArgs(),
    env: env ? { ...process.env, ...env } as Record<string, string> : undefined,
    timeout: 60_000,
  });
  try {
    const version = browser.version();
    const cdp = await browser.newBrowserCDPSession();
    const { product } = await cdp.send('Browser.getVersion');
    return { version, product, major: majorOf(version, executablePath) };
  } finally {
    await browser.close();
  }
}

export async function probeFirefox(executablePath: string): Promise<BrowserProbe> {
  const { stdout } = await execFileAsync(executablePath, ['--version'], { timeout: 30_000 });
  const product = stdout.trim(); // "Mozilla Firefox 153.7.0esr"
  const version = product.split(/\s+/).pop() ?? '';
  return { version, product, major: majorOf(version, executablePath) };
}

function majorOf(version: string, executablePath: string): number {
  const major = Number.parseInt(version, 10);
  if (!Number.isInteger(major) || major <= 0) {
    throw new Error(`${executablePath} reported an unparseable version "${version}"`);
  }
  return major;
}
