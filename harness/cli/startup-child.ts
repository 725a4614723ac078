// One start of `pushbench startup`, in a process of its own (so nothing is remembered in memory
// between the first and the second start): prepare the site's representations as a run does, then
// start the server child with every default variant; print the times and the child's peak memory.
// "representations" below includes deriving the manifest, as the run's start does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareSite } from '../../servers/static-handler.ts';
import { startServerProcess } from '../run/server-process.ts';
import { resolveDelivery } from '../../servers/front-server.ts';
import { DEFAULT_VARIANTS } from '../shared/variants.ts';
import { loadManifest } from '../../sites/manifest.ts';

const siteDir = process.argv[2]!;
const t0 = performance.now();
// As a run starts: the manifest (derived, or from its cache), then the representations.
const wire = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-startup-wire-'));
await loadManifest(siteDir);
const prepared = await prepareSite(siteDir);
const t1 = performance.now();
const servers = await startServerProcess({
  arms: DEFAULT_VARIANTS.map((variant) => ({ server: 'pushbench' as const, variant, thinkMs: 0 })), siteDir, host: '127.0.0.1',
  topology: 'direct', delivery: resolveDelivery(), wireLogDir: wire, commandPrefix: [], startTimeoutMs: 300_000,
});
const t2 = performance.now();
const peakKb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${servers.pid}/status`, 'utf8'))?.[1] ?? NaN);
await servers.stop();
fs.rmSync(wire, { recursive: true, force: true });
console.log(JSON.stringify({ files: prepared.files, bytes: prepared.bytes, prepareMs: t1 - t0, serversMs: t2 - t1, totalMs: t2 - t0, variants: DEFAULT_VARIANTS.length, serverPeakMb: peakKb / 1024 }));
