// One small interface for launching a browser for one load, with one adapter per engine
// (chromium.ts, firefox.ts), so gather/load.ts never asks which browser it drives.
//
//   prepareProfile  once per load, on a brand-new profile folder (e.g. trust the run's certificate)
//   open            start the browser on that folder: a Playwright context, its first page and,
//                   when the engine speaks it, a CDP session on the page
//   preparePage     apply the link's page-level conditions (devtools throttling) before navigation
//   launchShared    (optional) start one browser that hands out fresh, isolated contexts, for
//                   loads isolated by context rather than by process (gather/browser-host.ts)
//
// The shaped link reaches every adapter as the shaper's neutral description (ClientLink); each
// adapter translates it for its browser: a launcher behind the namespace's command prefix,
// Chromium flags and CDP calls, Firefox preferences.

import type { MappedHost } from '../../run/host-routes.ts';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { Engine, ResolvedBrowser } from '../../browsers/registry.ts';
import type { ClientLink } from '../../shapers/shaper.ts';

export const VIEWPORT = { width: 1350, height: 940 } as const;

/** Why a link with devtools conditions cannot load in a browser without CDP. */
export const DEVTOOLS_NEEDS_CDP = 'the devtools shaper needs a Chromium CDP session (use --shaper tun or proxy for other browsers)';

/** What every launch of one load shares. */
export interface SessionOptions {
  /** The load's own profile folder (fresh per load; reused by the measured session of a warm load). */
  userDataDir: string;
  /** The page the load navigates to (its origin is the server whose certificate is trusted). */
  url: string;
  /** base64 sha256 of the run certificate's SubjectPublicKeyInfo: the only certificate trusted. */
  spkiSha256: string;
  /** The client side of the shaped link (a ShapedLink will do): namespace, SOCKS proxy, devtools throttling. */
  link: ClientLink;
  timeoutMs: number;
  /**
   * "host:port" of the servers this browser must reach over HTTP/3 (QUIC) from the first request,
   * without Alt-Svc discovery; every other origin is HTTP/1.1 or HTTP/2 over TCP. Empty: no QUIC at all.
   */
  quicOrigins?: readonly string[];
  /**
   * The hosts the browser may look up and reach: the run's servers. Every other host name resolves
   * to nothing, so a measured page never leaves the machine (its requests elsewhere fail at once and
   * are counted: blocked_requests). Absent: no restriction.
   */
  reachableHosts?: readonly string[];
  /** Host names that reach a local server instead of nothing (config hosts), and where. */
  mappedHosts?: readonly MappedHost[];
}


export type { MappedHost };

/** What the measured session records besides the page scripts; engines ignore what they cannot do. */
export interface RecordOptions {
  netLogPath?: string;
  keyLogPath?: string;
  harPath?: string;
  /** Listen for a DevTools client (Lighthouse) on a port the browser picks; read it back from the session. */
  remoteDebugging?: boolean;
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** A CDP session on `page`; undefined for engines without the Chrome DevTools Protocol. */
  cdp?: CDPSession;
  /** The DevTools port when RecordOptions.remoteDebugging was asked for and the engine has one. */
  debuggingPort?: number;
  close(): Promise<void>;
}

/** What a browser that outlives its loads records for its whole life (sliced per load later). */
export interface SharedRecordOptions {
  netLogPath?: string;
  keyLogPath?: string;
}

/** One running browser handing out fresh browser contexts: own HTTP cache, sockets, TLS sessions. */
export interface SharedBrowser {
  /** A new isolated context, its page and CDP session; its HAR (if asked) is written on close. */
  newSession(record: { harPath?: string }): Promise<BrowserSession>;
  /** False once the browser has crashed or was closed. */
  isConnected(): boolean;
  close(): Promise<void>;
}

export interface EngineAdapter {
  readonly engine: Engine;
  /** Trace files this engine can produce at all (the rest are absent, never faked). */
  readonly records: { cdp: boolean; netlog: boolean; har: boolean; keylog: boolean };
  /** Why this engine cannot be put on HTTP/3 for chosen origins only (SessionOptions.quicOrigins), or null when it can. */
  readonly cannotForceQuic: string | null;
  prepareProfile(browser: ResolvedBrowser, opts: SessionOptions): Promise<void>;
  open(browser: ResolvedBrowser, opts: SessionOptions, record?: RecordOptions): Promise<BrowserSession>;
  /** Before the measured navigation of a session: the link's page-level conditions, if any. */
  preparePage(session: BrowserSession, link: ClientLink): Promise<void>;
  /** Absent where the engine cannot isolate loads by context; those loads run one process each. */
  launchShared?(browser: ResolvedBrowser, opts: Omit<SessionOptions, 'userDataDir' | 'url'>, record: SharedRecordOptions): Promise<SharedBrowser>;
}

/** The first page of a persistent context (there always is one, but be safe). */
export async function firstPage(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? (await context.newPage());
}

/** A browser that did not start: the load is the harness's failure, not the page's (a "harness: " row). */
export class BrowserStartError extends Error {}

/**
 * Why a launch failed, from Playwright's launch error: the browser's exit code or signal and the last
 * lines it wrote on stderr (its "Browser logs"), or the timeout; never the whole command line.
 */
export function browserDidNotStart(err: unknown): BrowserStartError {
  const text = (err instanceof Error ? err.message : String(err)).replace(/\u001b\[\d+m/g, '');
  const exit = /<process did exit: exitCode=(\S+), signal=(\S+)>/.exec(text);
  const said = [...text.matchAll(/\[pid=\d+\]\[err\] (.*)/g)].map((m) => m[1]!.trim()).filter(Boolean).slice(-3);
  const how = exit
    ? exit[2] !== 'null' ? `killed by ${exit[2]}` : `exit code ${exit[1]}`
    : /Timeout \d+ms exceeded/.test(text) ? (/Timeout \d+ms exceeded/.exec(text)![0]) : text.split('\n')[0]!.replace(/^browserType\.\w+: /, '');
  return new BrowserStartError(`the browser did not start (${how}): ${said.length ? said.join(' | ') : 'it wrote nothing on stderr'}`);
}
