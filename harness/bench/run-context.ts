// A run's context, shared by every phase of the runner: the benchmark, its results folder, the
// site's manifest and the load plan. startRun also checks the browsers (unpacking npm-shipped
// Chromium builds on first use) and writes the folder's run.json; openRun only reads, for the
// Playwright worker processes that join a run the main process started.

import { assertCarries, shaperFor } from '../run/environment.ts';
import { getShaper } from '../shapers/index.ts';
import { chromiumQuicArgs, chromiumResolverArgs } from '../gather/engines/chromium.ts';
import { firefoxResolverPrefs } from '../gather/engines/firefox.ts';
import { VARIANT_TRAITS } from '../shared/variants.ts';
import { caddyExecutable } from '../../servers/caddy/caddy-process.ts';
import { prepareSite } from '../../servers/static-handler.ts';
import { COMPRESSION, representationsCacheDir } from '../../servers/representations.ts';
import fs from 'node:fs';
import type { Benchmark } from '../config/benchmark.ts';
import { chromiumBaseArgs, resolveBrowser, type ResolvedBrowser } from '../browsers/registry.ts';
import { loadManifest } from '../../sites/manifest.ts';
import { noLcpSummary } from '../../sites/manifest-summary.ts';
import { copyOrigin, type OriginCopyRecord } from '../../sites/origin-copy.ts';
import type { SiteManifest } from '../../sites/manifest-types.ts';
import { ensureRunsCsv } from '../report/csv.ts';
import { dropHarnessFailures, finishedLoadIds } from '../report/finished.ts';
import { planLoads, type PlannedLoad } from '../run/plan.ts';
import { provenance } from '../run/provenance.ts';
import { runPaths, type RunPaths } from '../run/run-dir.ts';
import { machineInfo, readRunJson, writeRunJson } from '../run/run-json.ts';
import { armLabel, type Arm } from '../config/arms.ts';
import { UsageError } from '../shared/usage-error.ts';

export interface RunContext {
  bench: Benchmark;
  run: RunPaths;
  manifest: SiteManifest;
  /** Every load of the benchmark, in the fair order of run/plan.ts (per browser). */
  loads: PlannedLoad[];
  /** Load ids already in runs.csv when resuming. */
  finished: Set<string>;
}

async function copyOriginForRun(bench: Benchmark, dir: string): Promise<OriginCopyRecord> {
  const t0 = performance.now();
  const copy = await copyOrigin(bench.origin!, bench.pages, dir);
  const bytes = copy.files.reduce((n, f) => n + f.bytes, 0);
  console.log(`pushbench: origin ${bench.origin}: ${copy.files.length} file(s) of ${bench.pages.length} page(s) copied (${(bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s into ${dir}; pushbench's edge (topology edge) serves them and asks your server for each page; config "site" is not used`);
  for (const { page, totalMs } of copy.pageTimes) console.log(`pushbench: origin: ${page} took ${totalMs.toFixed(0)} ms while copying`);
  if (copy.skipped.length) console.log(`pushbench: origin: ${copy.skipped.length} URL(s) not copied (asked from your server when requested): ${copy.skipped.slice(0, 5).map((s) => `${s.url} (${s.reason})`).join(', ')}${copy.skipped.length > 5 ? ', …' : ''}`);
  return copy;
}

/**
 * Resume finds finished loads by id, and an arm's label is part of it: an arm the run measured must
 * keep its label. It would not if the think spec turned a sweep on or off (`h2` vs `h2+t150`), and
 * every such load would be measured a second time under the other name.
 */
export function assertSameArmLabels(recorded: readonly Partial<Arm>[], arms: readonly Arm[]): void {
  const key = (a: Partial<Arm>) => `${a.server}|${a.variant}|${a.thinkMs}`;
  const before = new Map(recorded.filter((a) => a.server && a.variant && a.thinkMs !== undefined).map((a) => [key(a), armLabel(a as Arm)]));
  for (const arm of arms) {
    const was = before.get(key(arm));
    if (was !== undefined && was !== armLabel(arm)) {
      throw new UsageError(`resume (PUSHBENCH_RESUME): this run measured ${was}, which this config names ${armLabel(arm)} (a think-time sweep names every arm with its think time); resume with the think times the run had (PUSHBENCH_THINK_MS), or start a new run`);
    }
  }
}

export async function openRun(benchmark: Benchmark, runId: string): Promise<RunContext> {
  const run = runPaths(benchmark.outDir, runId);
  // With config origin the site is the run's own copy of the user's server (startRun makes it).
  const bench = benchmark.origin ? { ...benchmark, siteDir: run.originCopy } : benchmark;
  return {
    bench,
    run,
    manifest: await loadManifest(bench.siteDir),
    loads: planLoads(bench),
    finished: bench.resume ? finishedLoadIds(run.runsCsv) : new Set(),
  };
}

/** Creates the results folder and run.json; returns the context and the browsers, resolved. */
/** Variants that have nothing to do in this run, said once: they then serve as plain HTTP/2. */
function idleVariantNotes(bench: Benchmark, manifest: SiteManifest): string[] {
  const notes: string[] = [];
  const named = (mechanism: string) => bench.variants.filter((v) => VARIANT_TRAITS[v].mechanism === mechanism);
  if (named('prefetch').length && bench.journeys.length === 0) {
    notes.push(`${named('prefetch').join(', ')}: no journey, so no page has a next page to prefetch (PUSHBENCH_JOURNEY=/,/next.html); it serves as h2`);
  }
  if (named('preconnect').length && !manifest.pages.some((p) => p.resources.some((r) => r.origin !== undefined))) {
    notes.push(`${named('preconnect').join(', ')}: the site has no second origin (an _origins/<host>/ folder, e.g. sites/blog-cdn), so there is nothing to preconnect to; it serves as h2`);
  }
  return notes;
}

export async function startRun(input: Benchmark, runId: string): Promise<{ ctx: RunContext; browsers: ResolvedBrowser[] }> {
  // Before any browser starts: every profile's shaper must carry what the arms run over (QUIC is UDP).
  for (const profile of input.profiles) assertCarries(getShaper(shaperFor(profile, input.shaper)), input.arms);
  // A server family that is not installed: its one-line install hint now, not a failed server child later.
  if (input.arms.some((a) => a.server === 'caddy')) caddyExecutable();
  // The user's running server: the pages and their files copied first, as the site the edge serves.
  const originCopy = input.origin ? await copyOriginForRun(input, runPaths(input.outDir, runId).originCopy) : undefined;
  const ctx = await openRun(input, runId);
  const { bench } = ctx; // with config origin, its siteDir is now the copy
  const noLcp = noLcpSummary(ctx.manifest); // said once, here: openRun also runs in every Playwright worker
  if (noLcp) console.log(`pushbench: ${noLcp}`);
  const needsProfile = bench.variants.filter((v) => VARIANT_TRAITS[v].regularProfile);
  if (needsProfile.length && bench.isolation === 'process') console.log(`pushbench: isolation process (a fresh browser per load): ${needsProfile.join(', ')} ${needsProfile.length > 1 ? 'are' : 'is'} honoured only in a regular browser profile, not in a fresh context (results/README.md, "Isolation")`);
  else if (needsProfile.length) console.log(`pushbench: isolation context: Chromium ignores ${needsProfile.join(', ')}'s <link rel=preconnect> in a fresh (off-the-record) context; PUSHBENCH_ISOLATION=process measures it in a regular profile`);
  for (const line of idleVariantNotes(bench, ctx.manifest)) console.log(`pushbench: ${line}`);
  // The site's br/gzip copies, made once per content and kept between runs (servers/representations.ts).
  const prepared = await prepareSite(bench.siteDir);
  console.log(`pushbench: site ready: ${prepared.files} files, ${(prepared.bytes / 1e6).toFixed(1)} MB, br/gzip copies ${prepared.fromCache ? 'unchanged since the last run' : `made in ${(prepared.ms / 1000).toFixed(1)} s`} (cache ${representationsCacheDir()})`);
  const browsers: ResolvedBrowser[] = [];
  for (const name of bench.browsers) browsers.push(await resolveBrowser(name));
  fs.mkdirSync(ctx.run.traces, { recursive: true });
  ensureRunsCsv(ctx.run.runsCsv);
  if (bench.resume) {
    assertSameArmLabels(readRunJson(ctx.run.dir).benchmark?.arms ?? [], bench.arms);
    dropHarnessFailures(ctx.run.runsCsv); // measured again, their rows replaced
  }
  writeRunJson(ctx.run.runJson, {
    runId,
    ...provenance(),
    startedAt: new Date().toISOString(),
    machine: machineInfo(),
    benchmark: bench,
    browsers,
    // The HTTP/3 servers' host:port differ per profile; the flag names them all.
    compression: { ...COMPRESSION, precompressedSidecars: 'x.br / x.gz beside x are used when they decode to x', cache: representationsCacheDir() },
    chromiumFlags: [...chromiumBaseArgs(), ...chromiumResolverArgs(['<the servers\' address>'], Object.entries(bench.hosts).map(([name, target]) => ({ name, address: `<the link's route to ${target}>` }))), ...chromiumQuicArgs(bench.arms.some((a) => VARIANT_TRAITS[a.variant].transport === 'quic') ? ['<host:port of each HTTP/3 server>'] : [])],
    // The servers are addressed by IP (127.0.0.1 or the namespace's 10.x), so no name is excluded.
    ...(browsers.some((b) => b.engine === 'firefox') ? { firefoxPrefs: firefoxResolverPrefs(['127.0.0.1']) } : {}),
    manifest: ctx.manifest,
    ...(originCopy ? { originCopy } : {}),
  });
  return { ctx, browsers };
}
