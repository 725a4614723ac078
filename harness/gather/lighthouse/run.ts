// Gather side of Lighthouse: after a load's own measurement, start a fresh browser of the same
// build through the same engine adapter (same certificate pin and shaped link),
// let Lighthouse drive it over its DevTools port, and keep what it produced:
//   lighthouse.json.gz  the full result (lhr); harness/compute/lighthouse.ts reads the lh_* values from it
//   lighthouse.html.gz  the human-readable report
// A Lighthouse failure is returned as an error string (the lh_error column); it never fails the load.
//
// When the shaper runs the browser inside a network namespace (tun), its DevTools port is on that
// namespace's loopback; a relay inside the namespace (browsers/namespace-relay.ts) makes it
// reachable as a port on this side's 127.0.0.1. Chromium builds the WebSocket URL it hands out from
// the Host header of the request, so Lighthouse follows the relayed port without any rewriting.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { ResolvedBrowser } from '../../browsers/registry.ts';
import type { ShapedLink } from '../../shapers/shaper.ts';
import type { EngineAdapter, SessionOptions } from '../engines/engine.ts';
import { exposeOnLoopback, relayIntoNamespace } from '../../browsers/namespace-relay.ts';
import { lighthouseSettings } from './settings.ts';

export interface LighthouseRequest {
  browser: ResolvedBrowser;
  engine: EngineAdapter;
  /** The load's session options; Lighthouse gets its own fresh profile folder. */
  session: SessionOptions;
  traceDir: string;
  link: ShapedLink;
}

export interface LighthouseOutcome {
  /** "" when Lighthouse produced a result. */
  error: string;
  files: string[];
}

const oneLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim().slice(0, 300);

export async function runLighthouse(req: LighthouseRequest): Promise<LighthouseOutcome> {
  if (req.engine.engine !== 'chromium') {
    return { error: `not run: Lighthouse drives Chromium over CDP; ${req.browser.name} is ${req.engine.engine}`, files: [] };
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-lighthouse-'));
  const opts: SessionOptions = { ...req.session, userDataDir };
  try {
    await req.engine.prepareProfile(req.browser, opts);
    const session = await req.engine.open(req.browser, opts, { remoteDebugging: true });
    const closers: (() => void)[] = [];
    try {
      let port = session.debuggingPort;
      if (port === undefined) throw new Error('the browser did not report a DevTools port');
      if (opts.link.clientNamespace) {
        const relay = await relayIntoNamespace(opts.link.clientNamespace.commandPrefix, port);
        closers.push(relay.close);
        const exposed = await exposeOnLoopback(relay);
        closers.push(exposed.close);
        port = exposed.port;
      }
      const { default: lighthouse } = await import('lighthouse');
      const settings = lighthouseSettings(req.link.profile, req.session.timeoutMs);
      const result = await lighthouse(req.session.url, { port, ...settings }, {
        extends: 'lighthouse:default',
        settings,
      });
      if (!result) return { error: 'error: Lighthouse returned no result', files: [] };
      const [html, json] = result.report as string[];
      fs.writeFileSync(path.join(req.traceDir, 'lighthouse.json.gz'), zlib.gzipSync(json!));
      fs.writeFileSync(path.join(req.traceDir, 'lighthouse.html.gz'), zlib.gzipSync(html!));
      const runtimeError = result.lhr.runtimeError ? `lighthouse: ${result.lhr.runtimeError.code}: ${result.lhr.runtimeError.message}` : '';
      return { error: runtimeError.slice(0, 300), files: ['lighthouse.json.gz', 'lighthouse.html.gz'] };
    } finally {
      await session.close().catch(() => {});
      for (const close of closers.reverse()) close();
    }
  } catch (err) {
    return { error: `error: ${oneLine(err)}`, files: [] };
  } finally {
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}
