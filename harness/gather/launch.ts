// Launches a browser for one load with its own profile folder, pinned to the run's certificate,
// recording NetLog, HAR and TLS keys where asked. A shaper's command prefix (a network
// namespace) is applied through a small wrapper script, because Playwright launches an
// executable path, not a command line.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { chromium, type BrowserContext } from 'playwright-core';
import type { ResolvedBrowser } from '../browsers/registry.ts';
import { chromiumBaseArgs } from '../browsers/registry.ts';

export const VIEWPORT = { width: 1350, height: 940 } as const;

export interface LaunchOptions {
  userDataDir: string;
  spkiSha256: string;
  /** Extra flags from the shaper (e.g. a SOCKS proxy). */
  extraArgs: readonly string[];
  /** e.g. ["ip","netns","exec","pb-c0"]. */
  commandPrefix: readonly string[];
  netLogPath?: string;
  keyLogPath?: string;
  harPath?: string;
  timeoutMs: number;
}

/** Writes (once) an executable script that runs the browser behind `prefix`. */
function wrapperFor(executablePath: string, prefix: readonly string[]): string {
  if (prefix.length === 0) return executablePath;
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const body = `#!/bin/sh\nexec ${[...prefix, executablePath].map(quote).join(' ')} "$@"\n`;
  const file = path.join(os.tmpdir(), `pushbench-launch-${createHash('sha256').update(body).digest('hex').slice(0, 12)}.sh`);
  if (!fs.existsSync(file)) {
    fs.writeFileSync(`${file}.tmp`, body, { mode: 0o755 });
    fs.renameSync(`${file}.tmp`, file);
  }
  return file;
}

export function chromiumArgs(opts: LaunchOptions): string[] {
  const args = [
    ...chromiumBaseArgs(),
    `--ignore-certificate-errors-spki-list=${opts.spkiSha256}`,
    // No QUIC: the variants are HTTP/1.1 and HTTP/2 over TCP; Alt-Svc must not change that.
    '--disable-quic',
    ...opts.extraArgs,
  ];
  if (opts.netLogPath) args.push(`--log-net-log=${opts.netLogPath}`, '--net-log-capture-mode=Default');
  if (opts.keyLogPath) args.push(`--ssl-key-log-file=${opts.keyLogPath}`);
  return args;
}

export async function launchChromium(browser: ResolvedBrowser, opts: LaunchOptions): Promise<BrowserContext> {
  return chromium.launchPersistentContext(opts.userDataDir, {
    executablePath: wrapperFor(browser.executablePath, opts.commandPrefix),
    args: chromiumArgs(opts),
    env: { ...process.env, ...(browser.env ?? {}) } as Record<string, string>,
    headless: true,
    viewport: VIEWPORT,
    timeout: opts.timeoutMs,
    recordHar: opts.harPath ? { path: opts.harPath, content: 'omit' } : undefined,
  });
}
