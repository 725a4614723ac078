// Reads one load's trace folder back into the inputs of computeMetrics.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { CdpEvent, LoadMeta, PageArtifacts } from '../gather/artifacts.ts';
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
  const loadMeta = JSON.parse(meta.toString('utf8')) as LoadMeta;
  const cdpEvents = cdp ? (JSON.parse(zlib.gunzipSync(cdp).toString('utf8')) as CdpEvent[]) : undefined;
  const pageArtifacts = page ? (JSON.parse(page.toString('utf8')) as PageArtifacts) : undefined;
  const har = cdpEvents ? undefined : readIf(path.join(traceDir, 'har.json.gz'));
  return {
    // Without CDP (Firefox) the HAR is where a failed request's reason is.
    ...(har ? { failedRequests: failedRequestsInHar(JSON.parse(zlib.gunzipSync(har).toString('utf8'))) } : {}),
    meta: loadMeta,
    page: pageArtifacts,
    cdp: cdpEvents,
    // Caddy's access log becomes the same events (caddy-access.ts); what it cannot tell is declared.
    wire: caddyAccess
      ? wireFromCaddyAccess(caddyAccess.toString('utf8'), loadMeta.variant, loadMeta.page, cdpEvents ?? [], pageArtifacts)
      : wire ? parseWireLog(wire.toString('utf8')) : [],
    wireKnows: caddyAccess ? CADDY_ACCESS_KNOWS : PUSHBENCH_WIRE_KNOWS,
    lighthouse: lighthouse ? JSON.parse(zlib.gunzipSync(lighthouse).toString('utf8')) : undefined,
  };
}

/** Requests the HAR records as failed (Playwright's `_failureText`), with the browser's reason. */
export function failedRequestsInHar(har: { log?: { entries?: { request: { url: string }; response?: { _failureText?: string } }[] } }): FailedRequest[] {
  return (har.log?.entries ?? []).flatMap((e) => (e.response?._failureText ? [{ url: e.request.url, error: e.response._failureText }] : []));
}
