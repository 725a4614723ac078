// The running browser that loads isolated by context share (isolation "context"): one per
// profile per worker, launched on first use and closed after the profile's loads.
//
// - Each load gets a fresh browser context: its own HTTP cache, socket pools, TLS session cache
//   and host cache; nothing of an earlier load is reachable from it.
// - After launch the browser paints one throwaway page (warm-up.ts), as a visitor's running
//   browser has.
// - The next load's context is prepared while the current load is being collected and closed,
//   never during a measured navigation: `quiesce()` waits for any preparation still in flight.
// - NetLog and TLS keys are per process. Key-log lines are copied into each load's folder as the
//   load ends; the NetLog is split into each load's time window when the browser closes
//   (netlog-slice.ts). Until then it lives in results/<run-id>/browsers/, so a killed run keeps it.

import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedBrowser } from '../browsers/registry.ts';
import type { BrowserSession, EngineAdapter, SessionOptions, SharedBrowser } from './engines/index.ts';
import { appendWindow, removeEmptyDirs, splitLeftoverNetLogs, splitSharedNetLog } from './netlog-slice.ts';
import { warmUp } from './warm-up.ts';
import { LogTail } from '../run/log-tail.ts';

export interface BrowserHostOptions extends Omit<SessionOptions, 'userDataDir' | 'url'> {
  /** Where the shared browser's own NetLog/key log and the prepared contexts' HAR files go. */
  dir: string;
  traces: { netlog: boolean; har: boolean; keylog: boolean };
}

/** A fresh context handed to one load. */
export interface HostedSession {
  session: BrowserSession;
  /** Where Playwright writes this context's HAR when it closes (absent without HAR). */
  harPath?: string;
}

export class BrowserHost {
  private shared?: Promise<SharedBrowser>;
  private spare?: Promise<HostedSession>;
  private sessions = 0;
  /** Launch count: a browser that crashed is replaced, with its own NetLog and key log. */
  private generation = 0;

  constructor(
    readonly browser: ResolvedBrowser,
    private readonly engine: EngineAdapter & Required<Pick<EngineAdapter, 'launchShared'>>,
    private readonly opts: BrowserHostOptions,
  ) {
    splitLeftoverNetLogs(opts.dir); // a killed run's browser used this folder before (resume)
    fs.mkdirSync(opts.dir, { recursive: true });
  }

  /** A host when this engine can isolate by context, otherwise undefined (loads use a process each). */
  static for(browser: ResolvedBrowser, engine: EngineAdapter, opts: BrowserHostOptions): BrowserHost | undefined {
    if (!engine.launchShared) return undefined;
    return new BrowserHost(browser, engine as EngineAdapter & Required<Pick<EngineAdapter, 'launchShared'>>, opts);
  }

  private launch(): Promise<SharedBrowser> {
    this.shared ??= (async () => {
      this.generation++;
      const shared = await this.engine.launchShared(this.browser, this.opts, {
        netLogPath: this.opts.traces.netlog ? this.netLogPath() : undefined,
        keyLogPath: this.opts.traces.keylog ? this.keyLogPath() : undefined,
      });
      const first = await shared.newSession({});
      try {
        await warmUp(first.context);
      } finally {
        await first.close();
      }
      return shared;
    })();
    return this.shared;
  }

  private netLogPath(): string {
    return path.join(this.opts.dir, `netlog-${this.generation}.json`);
  }

  /** The current browser's key log (one file per launch). */
  private keyLogPath(): string {
    return path.join(this.opts.dir, `keys-${this.generation}.log`);
  }

  private prepare(): Promise<HostedSession> {
    const harPath = this.opts.traces.har ? path.join(this.opts.dir, `context-${++this.sessions}.har`) : undefined;
    return this.launch().then(async (shared) => ({ session: await shared.newSession({ harPath }), harPath }));
  }

  /** Starts preparing the next load's context. Call only once the measured navigation is over. */
  prepareNext(): void {
    if (this.spare) return;
    const spare = this.prepare();
    spare.catch(() => {}); // a failed preparation surfaces in take(), as that load's error
    this.spare = spare;
  }

  /** Waits until no preparation is in flight, so a measured navigation runs alone. */
  async quiesce(): Promise<void> {
    await this.spare?.catch(() => {});
  }

  /** A fresh context for one load: the prepared one, or a new one (launching the browser first). */
  async take(): Promise<HostedSession> {
    if (this.shared && !(await this.shared.then((b) => b.isConnected(), () => false))) await this.retire();
    const spare = this.spare ?? this.prepare();
    this.spare = undefined;
    return spare;
  }

  /** The current browser's TLS key log, to slice one load's lines from (mark before, since after). */
  keyLog(): LogTail {
    return new LogTail(this.keyLogPath());
  }

  /** Remembers a load's time window (epoch ms); its NetLog slice is written when the browser closes. */
  addWindow(traceDir: string, fromMs: number, toMs: number): void {
    if (this.shared) appendWindow(this.netLogPath(), { traceDir, fromMs, toMs });
  }

  /** Closes the browser, splits its NetLog into the loads' trace folders and removes its files. */
  async close(): Promise<void> {
    await this.retire();
    fs.rmSync(this.opts.dir, { recursive: true, force: true });
    removeEmptyDirs(path.dirname(this.opts.dir));
  }

  /** Closes the current browser (if any) and splits its NetLog; the next take() launches anew. */
  private async retire(): Promise<void> {
    const shared = this.shared;
    this.shared = undefined;
    if (!shared) return;
    const spare = this.spare;
    this.spare = undefined;
    await spare?.then((s) => s.session.close()).catch(() => {});
    await (await shared.catch(() => undefined))?.close().catch(() => {});
    splitSharedNetLog(this.netLogPath());
    fs.rmSync(this.keyLogPath(), { force: true });
  }
}
