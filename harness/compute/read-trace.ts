// Reads one load's trace folder back into the inputs of computeMetrics.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { CdpEvent, LoadMeta, PageArtifacts } from '../gather/artifacts.ts';
import { originLogFile, SCREENCAST_FILE, SERVER_LOG_FILE } from '../run/trace-files.ts';
import type { StepTraffic } from './prefetch.ts';
import type { ScreencastFile } from '../gather/screencast.ts';
import { framesOnNavigationClock, visualMetricsOf, type FilmstripFrame } from './visual-metrics.ts';
import type { FailedRequest, LoadArtifactsInput } from './metrics.ts';
import { parseWireLog, type WireEvent } from './wire.ts';
import { CADDY_ACCESS_KNOWS, PUSHBENCH_WIRE_KNOWS, wireFromCaddyAccess } from './caddy-access.ts';

const readIf = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file) : undefined);

/** Gzipped JSON bytes (a trace file), parsed. */
export const gunzipJson = (bytes: Buffer): unknown => JSON.parse(zlib.gunzipSync(bytes).toString('utf8'));

/** undefined when the folder has no meta.json (a load that never finished). */
export function readLoadArtifacts(traceDir: string): (LoadArtifactsInput & { lighthouse?: unknown }) | undefined {
  const meta = readIf(path.join(traceDir, 'meta.json'));
  if (!meta) return undefined;
  const page = readIf(path.join(traceDir, 'page.json'));
  const cdp = readIf(path.join(traceDir, 'cdp.json.gz'));
  const wire = readIf(path.join(traceDir, SERVER_LOG_FILE['pushbench-wire']));
  const caddyAccess = readIf(path.join(traceDir, SERVER_LOG_FILE['caddy-access']));
  const lighthouse = readIf(path.join(traceDir, 'lighthouse.json.gz'));
  const loadMeta = JSON.parse(meta.toString('utf8')) as LoadMeta;
  const cdpEvents = cdp ? (gunzipJson(cdp) as CdpEvent[]) : undefined;
  const pageArtifacts = page ? (JSON.parse(page.toString('utf8')) as PageArtifacts) : undefined;
  const har = cdpEvents ? undefined : readIf(path.join(traceDir, 'har.json.gz'));
  return {
    // Without CDP (Firefox) the HAR is where a failed request's reason is.
    ...(har ? { failedRequests: failedRequestsInHar(gunzipJson(har) as Parameters<typeof failedRequestsInHar>[0]) } : {}),
    meta: loadMeta,
    page: pageArtifacts,
    cdp: cdpEvents,
    // Caddy's access log becomes the same events (caddy-access.ts); what it cannot tell is declared.
    wire: caddyAccess
      ? wireFromCaddyAccess(caddyAccess.toString('utf8'), loadMeta.variant, loadMeta.page, cdpEvents ?? [], pageArtifacts)
      : wire ? parseWireLog(wire.toString('utf8')) : [],
    wireKnows: caddyAccess ? CADDY_ACCESS_KNOWS : PUSHBENCH_WIRE_KNOWS,
    lighthouse: lighthouse ? gunzipJson(lighthouse) : undefined,
    originWire: readOriginWire(traceDir, loadMeta.files ?? []), // older or hand-made meta.json may list no files
  };
}

/** The second origins' wire log slices of a load (origin-<host>.jsonl), by host name. */
function readOriginWire(traceDir: string, files: readonly string[]): Record<string, WireEvent[]> {
  const out: Record<string, WireEvent[]> = {};
  for (const file of files) {
    const host = /^origin-(.+)\.jsonl$/.exec(file)?.[1];
    const text = host && file === originLogFile(host) ? readIf(path.join(traceDir, file)) : undefined;
    if (host && text !== undefined) out[host] = parseWireLog(text.toString('utf8'));
  }
  return out;
}

/**
 * What a journey's earlier step left that a later step's metrics need (what it prefetched): its
 * server log and CDP events. Empty for a step folder that is missing (a damaged run).
 */
export function readStepTraffic(traceDir: string): StepTraffic {
  const input = readLoadArtifacts(traceDir);
  return input ? { wire: input.wire, cdp: input.cdp } : { wire: [] };
}

/**
 * The load's screen recording, or undefined without one. Read apart from readLoadArtifacts (only the
 * row and the filmstrip need it): a damaged file costs the visual metrics, never the row.
 */
export function readScreencast(traceDir: string): ScreencastFile | undefined {
  try {
    const file = readIf(path.join(traceDir, SCREENCAST_FILE));
    return file ? (gunzipJson(file) as ScreencastFile) : undefined;
  } catch {
    return undefined;
  }
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
  return visualMetricsOf(frames) ? frames : undefined;
}

/** Requests the HAR records as failed (Playwright's `_failureText`), with the browser's reason. */
export function failedRequestsInHar(har: { log?: { entries?: { request: { url: string }; response?: { _failureText?: string } }[] } }): FailedRequest[] {
  return (har.log?.entries ?? []).flatMap((e) => (e.response?._failureText ? [{ url: e.request.url, error: e.response._failureText }] : []));
}
