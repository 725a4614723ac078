// Reads one load's trace folder back into the inputs of computeMetrics.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { CdpEvent, LoadMeta, PageArtifacts } from '../gather/artifacts.ts';
import type { LoadArtifactsInput } from './metrics.ts';
import { parseWireLog } from './wire.ts';

const readIf = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file) : undefined);

/** undefined when the folder has no meta.json (a load that never finished). */
export function readLoadArtifacts(traceDir: string): (LoadArtifactsInput & { lighthouse?: unknown }) | undefined {
  const meta = readIf(path.join(traceDir, 'meta.json'));
  if (!meta) return undefined;
  const page = readIf(path.join(traceDir, 'page.json'));
  const cdp = readIf(path.join(traceDir, 'cdp.json.gz'));
  const wire = readIf(path.join(traceDir, 'wire.jsonl'));
  const lighthouse = readIf(path.join(traceDir, 'lighthouse.json.gz'));
  return {
    meta: JSON.parse(meta.toString('utf8')) as LoadMeta,
    page: page ? (JSON.parse(page.toString('utf8')) as PageArtifacts) : undefined,
    cdp: cdp ? (JSON.parse(zlib.gunzipSync(cdp).toString('utf8')) as CdpEvent[]) : undefined,
    wire: wire ? parseWireLog(wire.toString('utf8')) : [],
    lighthouse: lighthouse ? JSON.parse(zlib.gunzipSync(lighthouse).toString('utf8')) : undefined,
  };
}
