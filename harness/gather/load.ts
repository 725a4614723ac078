// Gather: one load of one page in one browser through one variant, in one cache state.
// Writes raw artifacts into the load's trace folder and returns its meta; it computes nothing
// (harness/compute does, from these files). A failure is recorded, never thrown.
//
// A load is a row of small named phases, after Lighthouse's navigation runner:
//   setUp -> checkEngine -> primeCache (warm) -> openSession -> primeConnection (warm-conn) -> waitForQuiet
//   -> navigateMeasured -> collect -> [journey: dwell -> waitForQuiet -> clickOn -> collect, per later step]
//   -> closeSession while writeTraces -> lighthousePass -> writeMeta
// They share one LoadState; each is timed into meta.json's `phases`. A journey's steps are one
// session (the browser's own cache and connections carry over), each step a trace folder and a row.

import { HARNESS_ERROR_PREFIX } from '../shared/row-schema.ts';
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
import { ScreencastRecorder, type ScreencastFile } from './screencast.ts';
import { BrowserStartError, type MappedHost } from './engines/engine.ts';
import { engineFor, type BrowserSession, type EngineAdapter, type SessionOptions } from './engines/index.ts';
import { runLighthouse } from './lighthouse/run.ts';
import type { LogTail } from '../run/log-tail.ts';
import type { BrowserHost } from './browser-host.ts';
import { waitForQuietCpu, type QuietResult } from './quiet.ts';
import type { Cookie, PrimedProfiles } from './primed-profiles.ts';
import { parseWireLog, type WireEvent } from '../../servers/wire-log.ts';
import type { WireLogFormat } from '../../servers/types.ts';
import { originLogFile, SCREENCAST_FILE, SERVER_LOG_FILE } from '../run/trace-files.ts';

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
  /** "host:port" of the run's HTTP/3 servers (SessionOptions.quicOrigins). */
  quicOrigins?: readonly string[];
  /** The servers' hosts: every other host name resolves to nothing (SessionOptions.reachableHosts). */
  reachableHosts?: readonly string[];
  /** Config hosts: names that reach a local server (SessionOptions.mappedHosts). */
  mappedHosts?: readonly MappedHost[];
  wireTap: LogTail;
  /** What the tapped server log holds: pushbench's wire events or Caddy's access log. */
  wireLogFormat: WireLogFormat;
  traceDir: string;
  timeoutMs: number;
  traces: { netlog: boolean; har: boolean; keylog: boolean };
  /** Also run Lighthouse against the same URL after the measured session (Chromium only). */
  lighthouse?: boolean;
  /** Record the screen during the load (screencast.ts; engines with CDP only; a journey's first step only). */
  filmstrip?: boolean;
  /**
   * A journey's later steps (the first is `meta`/`traceDir`): after `dwellMs` on the settled page,
   * each is reached by a click on the page's link to it (harness/config/journeys.ts).
   */
  journey?: { dwellMs: number; steps: JourneyStepRequest[] };
  /** The site's second origins' server logs, by host name: each step keeps its slice of them. */
  originTaps?: ReadonlyMap<string, LogTail>;
  /** The running browser that cold and warm-conn loads take a fresh context from (isolation "context"). */
  host?: BrowserHost;
  /**
   * Warm loads: where the session keeps primed profiles, and this load's key there (its arm and
   * pages). The first warm load of a key primes and leaves its profile; later ones start from a copy.
   */
  primed?: { store: PrimedProfiles; key: string };
}

/** A later step of a journey: its own meta (page, url, load id) and trace folder. */
export interface JourneyStepRequest {
  meta: LoadRequest['meta'];
  traceDir: string;
}

/** Sorts an exception into the short, greppable error a row carries. */
export function classifyError(err: unknown): string {
  if (err instanceof BrowserStartError) return `${HARNESS_ERROR_PREFIX}${err.message.slice(0, 500)}`;
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

/**
 * A journey's next step as a visitor takes it: a click on the page's first link to `url` (or, when
 * the page has none, location.assign, also a navigation the page starts), waited for to its load event.
 */
async function clickOn(page: Page, url: string, timeoutMs: number): Promise<'click' | 'script'> {
  const hasLink = await page.evaluate((target) => Array.from(document.querySelectorAll('a[href]')).some((a) => (a as HTMLAnchorElement).href === target), url);
  // The step's own navigation (journeys.ts refuses a step that repeats the one before, so the URL changes).
  const arrived = page.waitForURL(url, { waitUntil: 'load', timeout: timeoutMs });
  arrived.catch(() => {}); // awaited below; a click that fails first must not leave it unhandled
  await page.evaluate(({ target, click }) => {
    const link = Array.from(document.querySelectorAll('a[href]')).find((a) => (a as HTMLAnchorElement).href === target) as HTMLAnchorElement | undefined;
    if (click && link) link.click();
    else location.assign(target);
  }, { target: url, click: hasLink }).catch((err: unknown) => {
    // The navigation may tear the page's context down before evaluate returns.
    if (!/context was destroyed|navigat/i.test(String(err))) throw err;
  });
  await arrived;
  return hasLink ? 'click' : 'script';
}

/** Waits until paints have been reported (settle.js), then reads every metric script. */
async function settleAndCollect(page: Page): Promise<PageArtifacts> {
  return (await page.evaluate(SETTLE_AND_COLLECT)) as PageArtifacts;
}

/**
 * Waits until every connection this load opened has been logged as closed (their close events
 * trail the browser's context or process shutting down, `closing`), bounded by a second from the
 * moment the session has closed.
 */
async function settledWireSlice(tap: LogTail, offset: number, closing: Promise<void>): Promise<string> {
  const settled = (text: string) => {
    let events: WireEvent[];
    try { events = parseWireLog(text); } catch { return true; } // damaged: waiting will not mend it
    // Only connections opened in this slice: a journey's last step also logs closes of earlier steps' ones.
    const opened = new Set(events.filter((e) => e.type === 'connection').map((e) => e.conn));
    const closed = new Set(events.filter((e) => e.type === 'connection-close' && opened.has(e.conn)).map((e) => e.conn));
    return closed.size >= opened.size;
  };
  let closedAt: number | undefined;
  closing.then(() => { closedAt = performance.now(); }, () => { closedAt = performance.now(); });
  let slice = tap.since(offset);
  while (!settled(slice) && (closedAt === undefined || performance.now() - closedAt < 1000)) {
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

/** Where the harness's time goes (meta.json `phases`), ms. launchMs: starting the browser, or
 * taking a fresh context of the running one (including any wait for it to be ready). */
type Phases = { launchMs: number; quietMs: number; navigateMs: number; collectMs: number; closeMs: number; writeMs: number; primeMs: number };

/** Where a step's lines start and end in a log (bytes) or in the recorded CDP events (index). */
type Span = { from: number; to?: number };

/** One navigation of the load (a journey has several): what it is and what it left. */
interface StepRecord {
  meta: LoadRequest['meta'];
  traceDir: string;
  page?: PageArtifacts;
  /** Empty on success. */
  error: string;
  /** How a journey's later step was reached. */
  navigatedBy?: 'click' | 'script';
  wire: Span;
  /** Second origins' logs, by host name. */
  origins: Map<string, Span>;
  cdp: Span;
  /** Wall-clock window (epoch ms), to cut a shared browser's NetLog. */
  window: Span;
  /** A later step's own time (quiet wait, navigation, collect); the first step's is the load's `phases`. */
  phases: Phases;
  /** Trace files written into its folder (the first step's also hold the session's own). */
  files: string[];
  /** The quiet-CPU wait before its navigation. */
  quiet?: QuietResult;
}

/** What the phases of one load share. */
interface LoadState {
  req: LoadRequest;
  engine: EngineAdapter;
  /** The running browser a fresh context is taken from; undefined when the load gets its own process. */
  host: BrowserHost | undefined;
  session?: BrowserSession;
  /** How the engine starts a browser for this load (its profile folder is made in setUp). */
  options: SessionOptions;
  recorder?: CdpRecorder;
  screencast?: ScreencastRecorder;
  frames?: ScreencastFile;
  /** The first page, then a journey's later steps as they are reached. */
  steps: StepRecord[];
  /** An error of the session itself (it would not close): every step's row carries it. */
  error: string;
  /** The browser's own trace files before they are compressed into the trace folder. */
  raw: { har: string; netLog: string; keyLog: string };
  /** Where this load's lines start in a shared browser's key log. */
  keyLogOffset: number;
  primedCookies: Cookie[];
  phases: Phases;
  warmProfile?: LoadMeta['warmProfile'];
  /** Settles once no more CDP events can arrive (closeSession detaches the recorder first). */
  detached?: Promise<void>;
}

const zeroPhases = (): Phases => ({ launchMs: 0, quietMs: 0, navigateMs: 0, collectMs: 0, closeMs: 0, writeMs: 0, primeMs: 0 });

/**
 * A step's record, its spans starting now, or (a journey's later step) exactly where the previous
 * step's end, so no log line or CDP event between two steps is lost.
 */
function newStep(state: Pick<LoadState, 'recorder'>, req: LoadRequest, meta: LoadRequest['meta'], traceDir: string, after?: StepRecord): StepRecord {
  return {
    meta,
    traceDir,
    error: '',
    wire: { from: after?.wire.to ?? req.wireTap.mark() },
    origins: new Map([...(req.originTaps ?? [])].map(([host, tap]) => [host, { from: after?.origins.get(host)?.to ?? tap.mark() }])),
    cdp: { from: after?.cdp.to ?? state.recorder?.events.length ?? 0 },
    window: { from: after?.window.to ?? Date.now() },
    phases: zeroPhases(),
    files: [],
  };
}

/** The step being measured. */
const current = (state: LoadState): StepRecord => state.steps.at(-1)!;

/** The phases a journey's later step has of its own; launch, close and writing are the session's (the first step's). */
const STEP_PHASES: ReadonlySet<keyof Phases> = new Set(['quietMs', 'navigateMs', 'collectMs']);

/** Times a phase into the load's phases (the first step) or, on a journey's later step, that step's. */
async function timed<T>(state: LoadState, phase: keyof Phases, step: () => Promise<T>): Promise<T> {
  const phases = state.steps.length > 1 && STEP_PHASES.has(phase) ? current(state).phases : state.phases;
  const t0 = performance.now();
  try {
    return await step();
  } finally {
    phases[phase] += performance.now() - t0;
  }
}

/** A clean trace folder; the isolation policy; the engine's launch options. */
function setUp(req: LoadRequest): LoadState {
  for (const dir of [req.traceDir, ...(req.journey?.steps ?? []).map((s) => s.traceDir)]) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  }
  // Cold and warm-conn loads start from nothing, so a fresh context of the running browser will do;
  // warm loads need the browser restarted on a primed profile, so they always get a process.
  const host = req.meta.cache === 'warm' ? undefined : req.host;
  return {
    req,
    engine: engineFor(req.browser),
    host,
    options: {
      userDataDir: '',
      url: req.meta.url,
      spkiSha256: req.spkiSha256,
      quicOrigins: req.quicOrigins,
      reachableHosts: req.reachableHosts,
      mappedHosts: req.mappedHosts,
      link: req.link,
      timeoutMs: req.timeoutMs,
    },
    steps: [newStep({}, req, req.meta, req.traceDir)],
    error: '',
    raw: { har: path.join(req.traceDir, 'har.json'), netLog: path.join(req.traceDir, 'netlog.json'), keyLog: path.join(req.traceDir, 'keys.log') },
    keyLogOffset: 0,
    primedCookies: [],
    phases: zeroPhases(),
  };
}

/**
 * A returning visitor (warm): prime the HTTP cache in a fresh profile, then close that browser so
 * connections, TLS sessions and the push cache are fresh for the measured load. Its cookies are kept.
 * A later repetition of the same arm and pages starts from a copy of that closed profile instead
 * (primed-profiles.ts): the same files, without priming again.
 */
async function primeCache(state: LoadState): Promise<void> {
  const { req, engine, options } = state;
  if (state.host) return;
  options.userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-profile-'));
  await engine.prepareProfile(req.browser, options);
  if (req.meta.cache !== 'warm') return;
  await timed(state, 'primeMs', async () => {
    const kept = req.primed?.store.get(req.primed.key);
    state.warmProfile = kept ? 'copy' : 'primed';
    if (kept) {
      state.primedCookies = kept.copyTo(options.userDataDir);
      return;
    }
    const prime = await engine.open(req.browser, options);
    try {
      // A returning visitor of a journey has walked it before: every step's files are in the cache.
      for (const url of [req.meta.url, ...(req.journey?.steps ?? []).map((s) => s.meta.url)]) {
        await navigate(prime.page, url, req.timeoutMs);
        await prime.page.evaluate(SETTLE);
      }
      state.primedCookies = await prime.context.cookies();
    } finally {
      await prime.close();
    }
    req.primed?.store.keep(req.primed.key, options.userDataDir, state.primedCookies);
  });
}

/** The measured session: a fresh context of the running browser, or a browser of its own. */
/** A load the engine cannot do as asked is an error row before any browser starts. */
function checkEngine(state: LoadState): void {
  const { req, engine } = state;
  if (engine.cannotForceQuic && req.quicOrigins?.includes(new URL(req.meta.url).host)) throw new Error(`unsupported: ${engine.cannotForceQuic}`);
}

async function openSession(state: LoadState): Promise<void> {
  const { req, engine, host, options, raw } = state;
  if (host) {
    state.keyLogOffset = host.keyLog().mark();
    const hosted = await timed(state, 'launchMs', () => host.take());
    state.session = hosted.session;
    if (hosted.harPath) raw.har = hosted.harPath;
  } else {
    state.session = await timed(state, 'launchMs', () => engine.open(req.browser, options, {
      netLogPath: req.traces.netlog ? raw.netLog : undefined,
      keyLogPath: req.traces.keylog ? raw.keyLog : undefined,
      harPath: req.traces.har ? raw.har : undefined,
    }));
    // A returning visitor's browser kept its cookies. The npm headless-shell builds (Chromium
    // 92/103) keep cookies in memory only, so they are carried over the restart explicitly
    // (cache-aware push reads one); a browser that persisted them gets the same values again.
    if (state.primedCookies.length) await state.session.context.addCookies(state.primedCookies);
  }
  if (state.session.cdp) state.recorder = await CdpRecorder.attach(state.session.cdp);
  // Started before the quiet wait, so its own start-up cost is over when the navigation begins. Not
  // for warm-conn: the primed page would still be on screen, and the visual metrics start from blank.
  if (state.session.cdp && req.filmstrip && req.meta.cache !== 'warm-conn') state.screencast = await ScreencastRecorder.start(state.session.cdp);
  await engine.preparePage(state.session, req.link);
}

/** warm-conn: the same page once in the same context, so the measured load may reuse the connection. */
async function primeConnection(state: LoadState): Promise<void> {
  const { req, session, recorder } = state;
  if (req.meta.cache !== 'warm-conn') return;
  await timed(state, 'primeMs', async () => {
    await navigate(session!.page, req.meta.url, req.timeoutMs);
    await session!.page.evaluate(SETTLE);
  });
  if (recorder) recorder.events.length = 0;
}

/**
 * The measured navigation runs alone: no context is being prepared beside it, and the machine is
 * quiet (a browser just started, or a renderer just created, keeps the CPU busy a while).
 */
async function waitForQuiet(state: LoadState): Promise<void> {
  await state.req.host?.quiesce();
  state.steps[0]!.quiet = await timed(state, 'quietMs', () => waitForQuietCpu());
}

async function navigateMeasured(state: LoadState): Promise<void> {
  const { req, session } = state;
  state.steps[0] = { ...newStep(state, req, req.meta, req.traceDir), quiet: state.steps[0]!.quiet };
  await timed(state, 'navigateMs', () => navigate(session!.page, req.meta.url, req.timeoutMs));
}

async function collect(state: LoadState): Promise<void> {
  const step = current(state);
  step.page = await timed(state, 'collectMs', () => settleAndCollect(state.session!.page));
  const status = step.page.navigation?.responseStatus;
  if (status !== undefined && status >= 400) throw new Error(`http ${status} for ${step.meta.url}`);
  if (state.screencast) state.frames = await state.screencast.stop();
  state.screencast = undefined; // a journey's first step only: later steps start from a painted page
}

/** Where a finished step's lines end: the next step's start here. */
function endStep(state: LoadState): void {
  const { req } = state;
  const step = current(state);
  step.wire.to = req.wireTap.lineEnd(step.wire.from);
  for (const [host, span] of step.origins) span.to = req.originTaps!.get(host)!.lineEnd(span.from);
  step.cdp.to = state.recorder?.events.length ?? 0;
  step.window.to = Date.now();
}

/**
 * A journey's later steps: the visitor reads the settled page for the dwell time, then clicks on.
 * The machine is quiet again before each click (as before the first navigation). A step that fails
 * ends the journey; the steps it did not reach are rows that say so.
 */
async function walkJourney(state: LoadState): Promise<void> {
  const { req } = state;
  for (const next of req.journey?.steps ?? []) {
    await new Promise((r) => setTimeout(r, req.journey!.dwellMs));
    endStep(state);
    const previous = current(state);
    state.steps.push(newStep(state, req, next.meta, next.traceDir, previous));
    try {
      current(state).quiet = await timed(state, 'quietMs', () => waitForQuietCpu());
      current(state).meta = { ...next.meta, startedAt: new Date().toISOString() };
      current(state).navigatedBy = await timed(state, 'navigateMs', () => clickOn(state.session!.page, next.meta.url, req.timeoutMs));
      await collect(state);
    } catch (err) {
      current(state).error = classifyError(err);
      return;
    }
  }
}

/**
 * Measured values are final now: the next load's context is prepared, and this session closed,
 * while the traces are written (writeTraces), so the three overlap instead of queueing.
 */
async function closeSession(state: LoadState): Promise<void> {
  // Set before this function's first await, so writeTraces (started right after) waits for it.
  state.detached = state.recorder?.detach() ?? Promise.resolve();
  state.req.host?.prepareNext();
  await state.detached;
  await timed(state, 'closeMs', async () => state.session?.close()).catch((err: unknown) => { state.error ||= classifyError(err); });
}

/**
 * A step's slice of a server log: up to where the next step starts, or, for the last step, until
 * every connection logged as opened is logged as closed (pushbench logs closes; Caddy's access log
 * has a line per finished request, all written by the time the page settled and closed).
 */
async function sliceOf(tap: LogTail, span: Span, format: WireLogFormat, closing: Promise<void>): Promise<string> {
  if (span.to !== undefined) return tap.between(span.from, span.to);
  return format === 'pushbench-wire' ? settledWireSlice(tap, span.from, closing) : tap.since(span.from);
}

/** One step's raw artifacts into its trace folder: server log slices, page.json, its CDP events. */
async function writeStepTraces(state: LoadState, step: StepRecord, closing: Promise<void>): Promise<void> {
  const { req } = state;
  const files = step.files;
  const dir = step.traceDir;
  const serverLog = SERVER_LOG_FILE[req.wireLogFormat];
  fs.writeFileSync(path.join(dir, serverLog), await sliceOf(req.wireTap, step.wire, req.wireLogFormat, closing));
  files.push(serverLog);
  for (const [host, span] of step.origins) {
    // Written even when empty: "the second origin saw nothing of this step" is evidence too.
    const slice = await sliceOf(req.originTaps!.get(host)!, span, 'pushbench-wire', closing);
    fs.writeFileSync(path.join(dir, originLogFile(host)), slice);
    files.push(originLogFile(host));
  }
  if (step.page) {
    fs.writeFileSync(path.join(dir, 'page.json'), JSON.stringify(step.page));
    files.push('page.json');
  }
  if (state.recorder) {
    writeGzipJson(path.join(dir, 'cdp.json.gz'), state.recorder.events.slice(step.cdp.from, step.cdp.to));
    files.push('cdp.json.gz');
  }
  if (state.host && req.traces.netlog) {
    // The last step's window ends once its context has closed (its sockets' teardown is its own).
    if (step.window.to === undefined) await closing;
    state.host.addWindow(dir, step.window.from, step.window.to ?? Date.now());
  }
}

/**
 * The load's raw artifacts into its trace folders, compressed; nothing is derived here. The
 * session's own files (screen, HAR, NetLog of a browser of its own, TLS keys) go to the first
 * step's folder: a journey's HAR and keys cover all its steps. The steps' files are written while
 * the session closes (`closing`); the browser's own files only exist once it has.
 */
async function writeTraces(state: LoadState, closing: Promise<void>): Promise<void> {
  const { req, host, raw } = state;
  const dir = req.traceDir;
  const files = state.steps[0]!.files;
  try {
    await timed(state, 'writeMs', async () => {
      await state.detached;
      for (const step of state.steps) await writeStepTraces(state, step, closing);
      if (state.frames) {
        writeGzipJson(path.join(dir, SCREENCAST_FILE), state.frames);
        files.push(SCREENCAST_FILE);
      }
    });
  } finally {
    await closing; // never leave the session closing behind a failed write
  }
  await timed(state, 'writeMs', async () => {
    // The HAR as the browser wrote it; compute/har.ts marks pushed and hinted entries on reading.
    if (gzipFile(raw.har, path.join(dir, 'har.json.gz'))) files.push('har.json.gz');
    if (gzipFile(raw.netLog, path.join(dir, 'netlog.json.gz'))) files.push('netlog.json.gz');
    if (host) {
      // Per-process traces: key-log lines now, the NetLog slice when the shared browser closes.
      const keys = req.traces.keylog ? host.keyLog().since(state.keyLogOffset) : '';
      if (keys) {
        fs.writeFileSync(raw.keyLog, keys);
        files.push('keys.log');
      }
    } else if (fs.existsSync(raw.keyLog) && fs.statSync(raw.keyLog).size > 0) files.push('keys.log');
    else fs.rmSync(raw.keyLog, { force: true });
    if (state.options.userDataDir) fs.rmSync(state.options.userDataDir, { recursive: true, force: true });
  });
}

/** Lighthouse after the load's own wire slice is taken, so its traffic never counts for the load. */
async function lighthousePass(state: LoadState): Promise<LoadMeta['lighthouse']> {
  const { req, engine, options } = state;
  if (!req.lighthouse) return undefined;
  const lh = await runLighthouse({ browser: req.browser, engine, session: options, traceDir: req.traceDir, link: req.link });
  state.steps[0]!.files.push(...lh.files);
  return { error: lh.error };
}

/** A later step's wall time: its quiet wait, navigation and collection (the dwell is the visitor's). */
const stepWallMs = (p: Phases) => p.quietMs + p.navigateMs + p.collectMs;

/**
 * meta.json last, in every step's folder: a trace folder without it is an unfinished load. A
 * journey's steps after a failed one are rows that say they were not reached.
 */
function writeMeta(state: LoadState, totalMs: number, lighthouse: LoadMeta['lighthouse']): LoadMeta {
  const { req } = state;
  const firstQuiet = state.steps[0]!.quiet;
  const later = req.journey?.steps ?? [];
  const laterMs = state.steps.slice(1).reduce((sum, step) => sum + stepWallMs(step.phases), 0) + (state.steps.length - 1) * (req.journey?.dwellMs ?? 0);
  const isolation = state.host ? 'context' : 'process';
  const first: LoadMeta = {
    ...req.meta,
    isolation,
    ...(state.warmProfile ? { warmProfile: state.warmProfile } : {}),
    error: state.steps[0]!.error || state.error,
    wallMs: totalMs - laterMs,
    phases: state.phases,
    ...(firstQuiet ? { cpuBusyPctBeforeNavigation: firstQuiet.busyPct } : {}),
    files: state.steps[0]!.files,
    ...(lighthouse ? { lighthouse } : {}),
  };
  fs.writeFileSync(path.join(req.traceDir, 'meta.json'), JSON.stringify(first, null, 1));
  later.forEach((next, i) => {
    const step = state.steps[i + 1];
    const failedAt = state.steps.findIndex((s) => s.error);
    const meta: LoadMeta = {
      ...(step?.meta ?? next.meta),
      ...(step?.navigatedBy && next.meta.journey ? { journey: { ...next.meta.journey, navigatedBy: step.navigatedBy } } : {}),
      isolation,
      ...(state.warmProfile ? { warmProfile: state.warmProfile } : {}),
      error: step ? step.error || state.error : `not reached: step ${failedAt + 1} failed`,
      wallMs: step ? stepWallMs(step.phases) : 0,
      phases: step?.phases ?? zeroPhases(),
      ...(step?.quiet ? { cpuBusyPctBeforeNavigation: step.quiet.busyPct } : {}),
      files: step?.files ?? [],
    };
    fs.writeFileSync(path.join(next.traceDir, 'meta.json'), JSON.stringify(meta, null, 1));
  });
  return first;
}

export async function gatherLoad(req: LoadRequest): Promise<LoadMeta> {
  const started = performance.now(); // wall time counts everything below, priming and Lighthouse aside
  const state = setUp(req);
  try {
    checkEngine(state);
    await primeCache(state);
    await openSession(state);
    await primeConnection(state);
    await waitForQuiet(state);
    await navigateMeasured(state);
    await collect(state);
    await walkJourney(state);
  } catch (err) {
    current(state).error = classifyError(err);
  }
  await writeTraces(state, closeSession(state));
  const totalMs = performance.now() - started - state.phases.primeMs;
  return writeMeta(state, totalMs, await lighthousePass(state));
}

/** The trace folder of a load that never started (the harness failed first): its meta.json alone. */
export function writeUnmeasuredLoad(traceDir: string, meta: LoadMeta): void {
  fs.rmSync(traceDir, { recursive: true, force: true });
  fs.mkdirSync(traceDir, { recursive: true });
  fs.writeFileSync(path.join(traceDir, 'meta.json'), JSON.stringify(meta, null, 1));
}
