// A run's context, shared by every phase of the runner: the benchmark, its results folder, the
// site's manifest and the load plan. startRun also checks the browsers (unpacking npm-shipped
// Chromium builds on first use) and writes the folder's run.json; openRun only reads, for the
// Playwright worker processes that join a run the main process started.

import { assertCarries, shaperFor } from '../run/environment.ts';
import { getShaper } from '../shapers/index.ts';
import { chromiumQuicArgs, chromiumResolverArgs } from '../gather/engines/chromium.ts';
import { VARIANT_TRAITS } from '../shared/variants.ts';
import { caddyExecutable } from '../../servers/caddy/caddy-process.ts';
import { prepareSite } from '../../servers/static-handler.ts';
import { COMPRESSION, representationsCacheDir } from '../../servers/representations.ts';
import fs from 'node:fs';
import type { Benchmark } from '../config/benchmark.ts';
import { chromiumBaseArgs, resolveBrowser, type ResolvedBrowser } from '../browsers/registry.ts';
import { loadManifest } from '../../sites/manifest.ts';
import type { SiteManifest } from '../../sites/manifest-types.ts';
import { ensureRunsCsv } from '../report/csv.ts';
import { dropHarnessFailures, finishedLoadIds } from '../report/finished.ts';
import { planLoads, type PlannedLoad } from '../run/plan.ts';
import { provenance } from '../run/provenance.ts';
import { runPaths, type RunPaths } from '../run/run-dir.ts';
import { machineInfo, writeRunJson } from '../run/run-json.ts';

export interface RunContext {
  bench: Benchmark;
  run: RunPaths;
  manifest: SiteManifest;
  /** Every load of the benchmark, in the fair order of run/plan.ts (per browser). */
  loads: PlannedLoad[];
  /** Load ids already in runs.csv when resuming. */
  finished: Set<string>;
}

export async function openRun(bench: Benchmark, runId: string): Promise<RunContext> {
  const run = runPaths(bench.outDir, runId);
  return {
    bench,
    run,
    manifest: await loadManifest(bench.siteDir),
    loads: planLoads(bench),
    finished: bench.resume ? finishedLoadIds(run.runsCsv) : new Set(),
  };
}

/** Creates the results folder and run.json; returns the context and the browsers, resolved. */
export async function startRun(bench: Benchmark, runId: string): Promise<{ ctx: RunContext; browsers: ResolvedBrowser[] }> {
  // Before any browser starts: every profile's shaper must carry what the arms run over (QUIC is UDP).
  for (const profile of bench.profiles) assertCarries(getShaper(shaperFor(profile, bench.shaper)), bench.arms);
  // A server family that is not installed: its one-line install hint now, not a failed server child later.
  if (bench.arms.some((a) => a.server === 'caddy')) caddyExecutable();
  const ctx = await openRun(bench, runId);
  // The site's br/gzip copies, made once per content and kept between runs (servers/representations.ts).
  const prepared = await prepareSite(bench.siteDir);
  console.log(`pushbench: site ready: ${prepared.files} files, ${(prepared.bytes / 1e6).toFixed(1)} MB, br/gzip copies ${prepared.fromCache ? 'unchanged since the last run' : `made in ${(prepared.ms / 1000).toFixed(1)} s`} (cache ${representationsCacheDir()})`);
  const browsers: ResolvedBrowser[] = [];
  for (const name of bench.browsers) browsers.push(await resolveBrowser(name));
  fs.mkdirSync(ctx.run.traces, { recursive: true });
  ensureRunsCsv(ctx.run.runsCsv);
  if (bench.resume) dropHarnessFailures(ctx.run.runsCsv); // measured again, their rows replaced
  writeRunJson(ctx.run.runJson, {
    runId,
    ...provenance(),
    startedAt: new Date().toISOString(),
    machine: machineInfo(),
    benchmark: bench,
    browsers,
    // The HTTP/3 servers' host:port differ per profile; the flag names them all.
    compression: { ...COMPRESSION, precompressedSidecars: 'x.br / x.gz beside x are used when they decode to x', cache: representationsCacheDir() },
    chromiumFlags: [...chromiumBaseArgs(), ...chromiumResolverArgs(['<the servers\' address>']), ...chromiumQuicArgs(bench.arms.some((a) => VARIANT_TRAITS[a.variant].transport === 'quic') ? ['<host:port of each HTTP/3 server>'] : [])],
    manifest: ctx.manifest,
  });
  return { ctx, browsers };
}
