// Reads one load's trace folder back into the inputs of computeMetrics.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { SCREENCAST_FILE, type CdpEvent, type LoadMeta, type PageArtifacts } from '../gather/artifacts.ts';
import type { ScreencastFile } from '../gather/screencast.ts';
import { framesOnNavigationClock, visualMetrics, type FilmstripFrame } from './visual-metrics.ts';
import type { FailedRequest, LoadArtifactsInput } from './metrics.ts';
import { parseWireLog } from './wire.ts';
import { CADDY_ACCESS_KNOWS, PUSHBENCH_WIRE_KNOWS, wireFromCaddyAccess } from './caddy-access.ts';

const readIf = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file) : undefined);

/** undefined when the folder has no meta.json (a load that never finished). */
export function readLoadArtifacts(traceDir: string): (LoadArtifactsInput & { lighthouse?: unknown }) | undefined {
  const meta = readIf(path.join(traceDir, 'meta.json'));
  if (!meta) return undefined;
  const page = readIf(path.join(traceDir, 'page.json'));
  const cdp = readIf(path.join(traceDir, 'cdp.json.gz'));
  const wire = readIf(path.join(traceDir, 'wire.jsonl'));
  const caddyAccess = readIf(path.join(traceDir, 'caddy-access.jsonl'));
  const lighthouse = readIf(path.join(traceDir, 'lighthouse.json.gz'));
  const screencast = readScreencast(traceDir);
  const loadMeta = JSON.parse(meta.toString('utf8')) as LoadMeta;
  const cdpEvents = cdp ? (JSON.parse(zlib.gunzipSync(cdp).toString('utf8')) as CdpEvent[]) : undefined;
  const pageArtifacts = page ? (JSON.parse(page.toString('utf8')) as PageArtifacts) : undefined;
  const har = cdpEvents ? undefined : readIf(path.join(traceDir, 'har.json.gz'));
  return {
    // Without CDP (Firefox) the HAR is where a failed request's reason is.
    ...(har ? { failedRequests: failedRequestsInHar(JSON.parse(zlib.gunzipSync(har).toString('utf8'))) } : {}),
    meta: loadMeta,
    page: pageArtifacts,
    ...(screencast ? { screencast } : {}),
    cdp: cdpEvents,
    // Caddy's access log becomes the same events (caddy-access.ts); what it cannot tell is declared.
    wire: caddyAccess
      ? wireFromCaddyAccess(caddyAccess.toString('utf8'), loadMeta.variant, loadMeta.page, cdpEvents ?? [], pageArtifacts)
      : wire ? parseWireLog(wire.toString('utf8')) : [],
    wireKnows: caddyAccess ? CADDY_ACCESS_KNOWS : PUSHBENCH_WIRE_KNOWS,
    lighthouse: lighthouse ? JSON.parse(zlib.gunzipSync(lighthouse).toString('utf8')) : undefined,
  };
}

function readScreencast(traceDir: string): ScreencastFile | undefined {
  const file = readIf(path.join(traceDir, SCREENCAST_FILE));
  return file ? (JSON.parse(zlib.gunzipSync(file).toString('utf8')) as ScreencastFile) : undefined;
}

/**
 * A load's filmstrip: its distinct frames on the navigation's clock, each with its visual progress;
 * undefined when the load recorded none (filmstrip off, an engine without CDP, an older trace).
 */
export function readFilmstrip(traceDir: string): FilmstripFrame[] | undefined {
  const screencast = readScreencast(traceDir);
  const page = readIf(path.join(traceDir, 'page.json'));
  const timeOrigin = page ? (JSON.parse(page.toString('utf8')) as PageArtifacts).navigation?.timeOrigin : undefined;
  if (!screencast || timeOrigin === undefined) return undefined;
  const frames = framesOnNavigationClock(screencast, timeOrigin);
  visualMetrics(frames);
  return frames;
}

/** Requests the HAR records as failed (Playwright's `_failureText`), with the browser's reason. */
export function failedRequestsInHar(har: { log?: { entries?: { request: { url: string }; response?: { _failureText?: string } }[] } }): FailedRequest[] {
  return (har.log?.entries ?? []).flatMap((e) => (e.response?._failureText ? [{ url: e.request.url, error: e.response._failureText }] : []));
}
