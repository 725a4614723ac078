// Gather: one load of one page in one browser through one variant, in one cache state.
// Writes raw artifacts into the load's trace folder and returns its meta; it computes nothing
// (harness/compute does, from these files). A failure is recorded, never thrown.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { ResolvedBrowser } from '../browsers/registry.ts';
import type { ShapedLink } from '../shapers/shaper.ts';
import type { LoadMeta, PageArtifacts } from './artifacts.ts';
import { CdpRecorder } from './cdp-recorder.ts';
import { engineFor, type BrowserSession, type SessionOptions } from './engines/index.ts';
import { runLighthouse } from './lighthouse/run.ts';
import type { LogTail } from '../run/log-tail.ts';
import type { BrowserHost } from './browser-host.ts';
import { waitForQuietCpu, type QuietResult } from './quiet.ts';
import type { Isolation } from '../config/benchmark.ts';

const SCRIPT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'page-scripts');
/** A page script's source as an expression (each file is one expression; drop its final ";"). */
const script = (name: string) => fs.readFileSync(path.join(SCRIPT_DIR, `${name}.js`), 'utf8').trim().replace(/;$/, '');
/** The metric scripts, one per kind of entry (browsertime-style). */
const METRIC_SCRIPTS = ['navigation', 'paint', 'lcp', 'resources', 'usage'] as const;
const SETTLE = script('settle');
/**
 * One round trip: wait until paints have settled (settle.js), then run every metric script
 * together. Each runs in its own parentheses, so they stay independent files.
 */
const SETTLE_AND_COLLECT = `(async () => {
  await (${SETTLE}\n);
  const values = await Promise.all([${METRIC_SCRIPTS.map((n) => `(${script(n)}\n)`).join(',\n')}]);
  return Object.fromEntries(${JSON.stringify(METRIC_SCRIPTS)}.map((name, i) => [name, values[i]]));
})()`;

export interface LoadRequest {
  /** Everything but what the load itself finds out. */
  meta: Omit<LoadMeta, 'error' | 'wallMs' | 'files' | 'lighthouse' | 'isolation'>;
  browser: ResolvedBrowser;
  link: ShapedLink;
  spkiSha256: string;
  wireTap: LogTail;
  traceDir: string;
  timeoutMs: number;
  traces: { netlog: boolean; har: boolean; keylog: boolean };
  /** Also run Lighthouse against the same URL after the measured session (Chromium only). */
  lighthouse?: boolean;
  /** The running browser that cold and warm-conn loads take a fresh context from (isolation "context"). */
  host?: BrowserHost;
}

/** Sorts an exception into the short, greppable error a row carries. */
export function classifyError(err: unknown): string {
  const text = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim().slice(0, 300);
  if (/ERR_CERT|certificate/i.test(text)) return `certificate: ${text}`;
  if (/Timeout \d+ms exceeded|timed out/i.test(text)) return `timeout: ${text}`;
  if (/net::ERR_/.test(text)) return `network: ${text}`;
  if (/closed|crash|Target/i.test(text)) return `crash: ${text}`;
  return `error: ${text}`;
}

async function navigate(page: Page, url: string, timeoutMs: number): Promise<void> {
  const response = await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
  if (!response) throw new Error(`no response for ${url}`);
  if (response.status() >= 400) throw new Error(`http ${response.status()} for ${url}`);
}

/** Waits until paints have been reported (settle.js), then reads every metric script. */
async function settleAndCollect(page: Page): Promise<PageArtifacts> {
  return (await page.evaluate(SETTLE_AND_COLLECT)) as PageArtifacts;
}

/**
 * Waits until every connection this load opened has been logged as closed (their close events
 * trail the browser's context or process shutting down), bounded by a second.
 */
async function settledWireSlice(tap: LogTail, offset: number): Promise<string> {
  const count = (text: string, type: string) => text.split(`"type":"${type}"`).length - 1;
  let slice = tap.since(offset);
  for (let waited = 0; waited < 1000; waited += 5) {
    if (count(slice, 'connection-close') >= count(slice, 'connection')) return slice;
    await new Promise((r) => setTimeout(r, 5));
    slice = tap.since(offset);
  }
  return slice;
}

function writeGzipJson(file: string, value: unknown): void {
  fs.writeFileSync(file, zlib.gzipSync(JSON.stringify(value)));
}

function gzipFile(src: string, dest: string): boolean {
  if (!fs.existsSync(src) || fs.statSync(src).size === 0) return false;
  fs.writeFileSync(dest, zlib.gzipSync(fs.readFileSync(src)));
  fs.rmSync(src);
  return true;
}

export async function gatherLoad(req: LoadRequest): Promise<LoadMeta> {
  const started = performance.now(); // wall time counts everything this function does, priming aside
  const { traceDir, meta } = req;
  fs.rmSync(traceDir, { recursive: true, force: true });
  fs.mkdirSync(traceDir, { recursive: true });
  const engine = engineFor(req.browser);
  // Cold and warm-conn loads start from nothing, so a fresh context of the running browser will do;
  // warm loads need the browser restarted on a primed profile, so they always get a process.
  const host = meta.cache === 'warm' ? undefined : req.host;
  const isolation: Isolation = host ? 'context' : 'process';
  const files: string[] = [];
  let rawHar = path.join(traceDir, 'har.json');
  const rawNetLog = path.join(traceDir, 'netlog.json');
  const keyLog = path.join(traceDir, 'keys.log');
  const base: SessionOptions = {
    userDataDir: '',
    url: meta.url,
    spkiSha256: req.spkiSha256,
    link: req.link,
    timeoutMs: req.timeoutMs,
  };

  let error = '';
  let page: PageArtifacts | undefined;
  let recorder: CdpRecorder | undefined;
  let offset = req.wireTap.mark();
  let session: BrowserSession | undefined;
  let primedCookies: Awaited<ReturnType<BrowserSession["context"]["cookies"]>> = [];
  let keyLogOffset = 0; // where this load's lines start in a shared browser's key log
  let quiet: QuietResult | undefined;
  const windowFrom = Date.now();
  // Where the harness's time goes (meta.json `phases`), ms. launchMs: starting the browser, or
  // taking a fresh context of the running one (including any wait for it to be ready).
  const phases = { launchMs: 0, quietMs: 0, navigateMs: 0, collectMs: 0, closeMs: 0, writeMs: 0, primeMs: 0 };
  const timed = async <T>(phase: keyof typeof phases, step: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await step();
    } finally {
      phases[phase] += performance.now() - t0;
    }
  };
  try {
    if (host) {
      keyLogOffset = host.keyLog().mark();
      const hosted = await timed('launchMs', () => host.take());
      session = hosted.session;
      if (hosted.harPath) rawHar = hosted.harPath;
    } else {
      base.userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-profile-'));
      await engine.prepareProfile(req.browser, base);
      if (meta.cache === 'warm') {
        // A returning visitor: prime the HTTP cache in this profile, then restart the browser so
        // connections, TLS sessions and the push cache are fresh.
        await timed('primeMs', async () => {
          const prime = await engine.open(req.browser, base);
          try {
            await navigate(prime.page, meta.url, req.timeoutMs);
            await prime.page.evaluate(SETTLE);
            primedCookies = await prime.context.cookies();
          } finally {
            await prime.close();
          }
        });
      }
      session = await timed('launchMs', () => engine.open(req.browser, base, {
        netLogPath: req.traces.netlog ? rawNetLog : undefined,
        keyLogPath: req.traces.keylog ? keyLog : undefined,
        harPath: req.traces.har ? rawHar : undefined,
      }));
      // A returning visitor's browser kept its cookies. The npm headless-shell builds (Chromium
      // 92/103) keep cookies in memory only, so they are carried over the restart explicitly
      // (cache-aware push reads one); a browser that persisted them gets the same values again.
      if (primedCookies.length) await session.context.addCookies(primedCookies);
    }
    const tab = session.page;
    if (session.cdp) recorder = await CdpRecorder.attach(session.cdp);
    await engine.preparePage(session, req.link);
    if (meta.cache === 'warm-conn') {
      // Same browser, same context: the connection from the first load may be reused.
      await timed('primeMs', async () => {
        await navigate(tab, meta.url, req.timeoutMs);
        await tab.evaluate(SETTLE);
      });
      if (recorder) recorder.events.length = 0;
    }
    // The measured navigation runs alone: no context is being prepared beside it, and the machine
    // is quiet (a browser just started, or a renderer just created, keeps the CPU busy a while).
    await req.host?.quiesce();
    quiet = await timed('quietMs', () => waitForQuietCpu());
    offset = req.wireTap.mark();
    await timed('navigateMs', () => navigate(tab, meta.url, req.timeoutMs));
    page = await timed('collectMs', () => settleAndCollect(tab));
    // Measured values are final now; get the next load's context ready while this one closes.
    req.host?.prepareNext();
  } catch (err) {
    error = classifyError(err);
  } finally {
    await recorder?.detach();
    await timed('closeMs', async () => session?.close()).catch((err: unknown) => { error ||= classifyError(err); });
  }

  await timed('writeMs', async () => {
    const wire = await settledWireSlice(req.wireTap, offset);
    fs.writeFileSync(path.join(traceDir, 'wire.jsonl'), wire);
    files.push('wire.jsonl');
    if (page) {
      fs.writeFileSync(path.join(traceDir, 'page.json'), JSON.stringify(page));
      files.push('page.json');
    }
    if (recorder) {
      writeGzipJson(path.join(traceDir, 'cdp.json.gz'), recorder.events);
      files.push('cdp.json.gz');
    }
    // The HAR as the browser wrote it; compute/har.ts marks pushed and hinted entries on reading.
    if (gzipFile(rawHar, path.join(traceDir, 'har.json.gz'))) files.push('har.json.gz');
    if (gzipFile(rawNetLog, path.join(traceDir, 'netlog.json.gz'))) files.push('netlog.json.gz');
    if (host) {
      // Per-process traces: key-log lines now, the NetLog slice when the shared browser closes.
      const keys = req.traces.keylog ? host.keyLog().since(keyLogOffset) : '';
      if (keys) {
        fs.writeFileSync(keyLog, keys);
        files.push('keys.log');
      }
      if (req.traces.netlog) host.addWindow(traceDir, windowFrom, Date.now());
    } else if (fs.existsSync(keyLog) && fs.statSync(keyLog).size > 0) files.push('keys.log');
    else fs.rmSync(keyLog, { force: true });
    if (base.userDataDir) fs.rmSync(base.userDataDir, { recursive: true, force: true });
  });
  // Wall time of the load, without any priming load and without Lighthouse.
  const wallMs = performance.now() - started - phases.primeMs;

  // Lighthouse after the load's own wire slice is taken, so its traffic never counts for the load.
  let lighthouse: LoadMeta['lighthouse'];
  if (req.lighthouse) {
    const lh = await runLighthouse({ browser: req.browser, engine, session: base, traceDir, link: req.link });
    lighthouse = { error: lh.error };
    files.push(...lh.files);
  }

  const full: LoadMeta = { ...meta, isolation, error, wallMs, phases, ...(quiet ? { cpuBusyPctBeforeNavigation: quiet.busyPct } : {}), files, ...(lighthouse ? { lighthouse } : {}) };
  // meta.json last: a trace folder without it is an unfinished load.
  fs.writeFileSync(path.join(traceDir, 'meta.json'), JSON.stringify(full, null, 1));
  return full;
}
