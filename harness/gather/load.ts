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
import { runLighthouse } from '../lighthouse/run.ts';
import type { WireTap } from '../run/server-process.ts';
import { annotateHar } from '../compute/har.ts';

const SCRIPT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'page-scripts');
const script = (name: string) => fs.readFileSync(path.join(SCRIPT_DIR, `${name}.js`), 'utf8');
const PAGE_SCRIPTS = {
  settle: script('settle'),
  navigation: script('navigation'),
  paint: script('paint'),
  lcp: script('lcp'),
  resources: script('resources'),
  usage: script('usage'),
};

export interface LoadRequest {
  /** Everything but what the load itself finds out. */
  meta: Omit<LoadMeta, 'error' | 'wallMs' | 'files' | 'lighthouse'>;
  browser: ResolvedBrowser;
  link: ShapedLink;
  spkiSha256: string;
  wireTap: WireTap;
  traceDir: string;
  timeoutMs: number;
  traces: { netlog: boolean; har: boolean; keylog: boolean };
  /** Also run Lighthouse against the same URL after the measured session (Chromium only). */
  lighthouse?: boolean;
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
  await page.evaluate(PAGE_SCRIPTS.settle);
}

async function collectPage(page: Page): Promise<PageArtifacts> {
  return {
    navigation: (await page.evaluate(PAGE_SCRIPTS.navigation)) as PageArtifacts['navigation'],
    paint: (await page.evaluate(PAGE_SCRIPTS.paint)) as PageArtifacts['paint'],
    lcp: (await page.evaluate(PAGE_SCRIPTS.lcp)) as PageArtifacts['lcp'],
    resources: (await page.evaluate(PAGE_SCRIPTS.resources)) as PageArtifacts['resources'],
    usage: (await page.evaluate(PAGE_SCRIPTS.usage)) as PageArtifacts['usage'],
  };
}

/** Waits until the wire log has been quiet for a moment (connection-close events trail the load). */
async function settledWireSlice(tap: WireTap, offset: number): Promise<string> {
  let last = tap.since(offset);
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const now = tap.since(offset);
    if (now.length === last.length) return now;
    last = now;
  }
  return last;
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
  const { traceDir, meta } = req;
  fs.rmSync(traceDir, { recursive: true, force: true });
  fs.mkdirSync(traceDir, { recursive: true });
  const engine = engineFor(req.browser);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-profile-'));
  const files: string[] = [];
  const rawNetLog = path.join(traceDir, 'netlog.json');
  const rawHar = path.join(traceDir, 'har.json');
  const keyLog = path.join(traceDir, 'keys.log');
  const base: SessionOptions = {
    userDataDir,
    url: meta.url,
    spkiSha256: req.spkiSha256,
    shaperArgs: req.link.browserArgs,
    commandPrefix: req.link.browserCommandPrefix,
    timeoutMs: req.timeoutMs,
  };

  let error = '';
  let page: PageArtifacts | undefined;
  let recorder: CdpRecorder | undefined;
  let offset = req.wireTap.mark();
  let session: BrowserSession | undefined;
  let started = performance.now();
  let primeMs = 0;
  // Where the harness's time goes in the measured session (meta.json `phases`), ms.
  const phases = { launchMs: 0, navigateMs: 0, collectMs: 0, closeMs: 0 };
  const timed = async <T>(phase: keyof typeof phases, step: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await step();
    } finally {
      phases[phase] += performance.now() - t0;
    }
  };
  try {
    await engine.prepareProfile(req.browser, base);
    started = performance.now();
    if (meta.cache === 'warm') {
      // A returning visitor: prime the HTTP cache in this profile, then restart the browser so
      // connections, TLS sessions and the push cache are fresh.
      const prime = await engine.open(req.browser, base);
      try {
        await navigate(prime.page, meta.url, req.timeoutMs);
      } finally {
        await prime.close();
      }
      started = performance.now(); // the measured session starts here
    }
    session = await timed('launchMs', () => engine.open(req.browser, base, {
      netLogPath: req.traces.netlog ? rawNetLog : undefined,
      keyLogPath: req.traces.keylog ? keyLog : undefined,
      harPath: req.traces.har ? rawHar : undefined,
    }));
    const tab = session.page;
    if (session.cdp) recorder = await CdpRecorder.attach(session.cdp);
    await req.link.preparePage?.(session.cdp);
    if (meta.cache === 'warm-conn') {
      // Same browser, same context: the connection from the first load may be reused.
      const primeStart = performance.now();
      await navigate(tab, meta.url, req.timeoutMs);
      primeMs = performance.now() - primeStart;
      if (recorder) recorder.events.length = 0;
    }
    offset = req.wireTap.mark();
    await timed('navigateMs', () => navigate(tab, meta.url, req.timeoutMs));
    page = await timed('collectMs', () => collectPage(tab));
  } catch (err) {
    error = classifyError(err);
  } finally {
    await recorder?.detach();
    await timed('closeMs', async () => session?.close()).catch((err: unknown) => { error ||= classifyError(err); });
  }
  // Wall time of the measured browser session, without any priming load.
  const wallMs = performance.now() - started - primeMs;

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
  if (fs.existsSync(rawHar)) {
    const har = JSON.parse(fs.readFileSync(rawHar, 'utf8'));
    writeGzipJson(path.join(traceDir, 'har.json.gz'), annotateHar(har, recorder?.events, page?.resources ?? []));
    fs.rmSync(rawHar);
    files.push('har.json.gz');
  }
  if (gzipFile(rawNetLog, path.join(traceDir, 'netlog.json.gz'))) files.push('netlog.json.gz');
  if (fs.existsSync(keyLog) && fs.statSync(keyLog).size > 0) files.push('keys.log');
  else fs.rmSync(keyLog, { force: true });
  fs.rmSync(userDataDir, { recursive: true, force: true });

  // Lighthouse after the load's own wire slice is taken, so its traffic never counts for the load.
  let lighthouse: LoadMeta['lighthouse'];
  if (req.lighthouse) {
    const lh = await runLighthouse({ browser: req.browser, engine, session: base, traceDir, link: req.link });
    lighthouse = { error: lh.error };
    files.push(...lh.files);
  }

  const full: LoadMeta = { ...meta, error, wallMs, phases, files, ...(lighthouse ? { lighthouse } : {}) };
  // meta.json last: a trace folder without it is an unfinished load.
  fs.writeFileSync(path.join(traceDir, 'meta.json'), JSON.stringify(full, null, 1));
  return full;
}
