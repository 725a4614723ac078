// A load's HAR as the report shows it: the raw har.json.gz that gather wrote, with each entry marked
// with how it arrived: `_pushed` (served from an HTTP/2 push, per CDP timing.pushStart; only when
// CDP was recorded) and `_initiator: "early-hints"` (started by a 103, per Resource Timing).
// Computed on every read, so `recompute` and the report never depend on what an older version
// wrote into the file (marking an already-marked HAR again changes nothing).

import fs from 'node:fs';
import path from 'node:path';
import type { CdpEvent, PageArtifacts, ResourceEntry } from '../gather/artifacts.ts';
import { pushedResponsePaths } from './push.ts';
import { pathOf } from './urls.ts';
import { gunzipJson } from './read-trace.ts';

export interface Har { log: { entries: { request: { url: string }; [k: string]: unknown }[]; [k: string]: unknown } }

export function annotateHar(har: Har, cdp: readonly CdpEvent[] | undefined, resources: readonly ResourceEntry[]): Har {
  const pushed = cdp ? pushedResponsePaths(cdp) : undefined;
  const hinted = new Set(resources.filter((r) => r.initiatorType === 'early-hints').map((r) => r.name));
  for (const entry of har.log.entries) {
    if (pushed) entry._pushed = pushed.has(pathOf(entry.request.url));
    if (hinted.has(entry.request.url)) entry._initiator = 'early-hints';
  }
  return har;
}

const readGzipJson = (file: string): unknown => gunzipJson(fs.readFileSync(file));

/** traces/<load>/har.json.gz, marked; throws a plain Error naming the file when there is none. */
export function readAnnotatedHar(traceDir: string): Har {
  const file = path.join(traceDir, 'har.json.gz');
  if (!fs.existsSync(file)) throw new Error(`no HAR at ${path.join(path.basename(traceDir), 'har.json.gz')}`);
  const har = readGzipJson(file) as Har;
  const cdpFile = path.join(traceDir, 'cdp.json.gz');
  const pageFile = path.join(traceDir, 'page.json');
  const cdp = fs.existsSync(cdpFile) ? (readGzipJson(cdpFile) as CdpEvent[]) : undefined;
  const page = fs.existsSync(pageFile) ? (JSON.parse(fs.readFileSync(pageFile, 'utf8')) as PageArtifacts) : undefined;
  return annotateHar(har, cdp, page?.resources ?? []);
}
