// One planned load, measured: gather its artifacts, compute its row from the files just written
// (the same code as `pushbench recompute`, so a recomputed runs.csv is identical by construction),
// append the row. A failed load is a row with its error; only a harness fault throws.

import path from 'node:path';
import type { PlannedLoad } from '../run/plan.ts';
import { loadId } from '../run/run-dir.ts';
import { provenance } from '../run/provenance.ts';
import { armLabel } from '../config/arms.ts';
import { gatherLoad, writeUnmeasuredLoad } from '../gather/load.ts';
import { HARNESS_ERROR_PREFIX } from '../shared/row-schema.ts';
import { shaperFor } from '../run/environment.ts';
import { rowFromTrace } from '../compute/rows-from-traces.ts';
import { appendRunRows } from '../report/csv.ts';
import type { RunRow } from '../shared/row-schema.ts';
import type { LoadMeta } from '../gather/artifacts.ts';
import { resourcesForPage } from '../../sites/manifest.ts';
import type { RunContext } from './run-context.ts';
import type { ProfileSession } from './profile-session.ts';

/** A load's rows: one, or one per step of a journey (`row` is the first step's). */
export type LoadOutcome = { id: string; row: RunRow; steps: RunRow[] } | { id: string; skipped: string };

export function loadTitle(load: PlannedLoad): string {
  return `r${load.repetition} · ${load.cache} · ${armLabel(load)} · ${load.journey ? `${load.journey.name} (${load.journey.steps.join(' → ')})` : load.page}`;
}

/** The load's id; a journey's is named by the journey, and each step's trace folder adds "__s<step>". */
export function idOf(browser: string, load: PlannedLoad): string {
  return loadId({ browser, profile: load.profile.name, cache: load.cache, repetition: load.repetition, variant: armLabel(load), page: load.journey ? `/${load.journey.name}` : load.page });
}

/** The trace folder names of a load's rows: its id, or one per journey step. */
export function stepIdsOf(id: string, load: PlannedLoad): string[] {
  return load.journey ? load.journey.steps.map((_, i) => `${id}__s${i + 1}`) : [id];
}

/** What a journey step's row says about the journey (meta.json `journey`). */
function journeyInfo(load: PlannedLoad, ids: readonly string[], step: number): Pick<LoadMeta, 'journey'> {
  const j = load.journey;
  if (!j) return {};
  return { journey: { name: j.name, step, steps: j.steps, dwellMs: j.dwellMs, earlierSteps: ids.slice(0, step - 1) } };
}

/** Who/what/where of a load (a journey's step: `page`, `id`), as far as the run knows it before (or without) a running session. */
function baseMeta(ctx: RunContext, browser: ProfileSession['browser'], load: PlannedLoad, id: string, page = load.page) {
  const { bench, run } = ctx;
  return {
    schema: 1 as const,
    loadId: id,
    runId: run.runId,
    ...provenance(),
    browser: browser.name,
    browserVersion: browser.version,
    engine: browser.engine,
    server: load.server,
    variant: load.variant,
    topology: bench.topology,
    thinkMs: load.thinkMs, // the arm's (a sweep measures each variant at several)
    site: bench.origin ?? path.basename(bench.siteDir),
    page,
    profile: load.profile,
    cache: load.cache,
    repetition: load.repetition,
    order: load.order,
    startedAt: new Date().toISOString(),
    critical: resourcesForPage(ctx.manifest, page),
  };
}

export async function measureLoad(ctx: RunContext, session: ProfileSession, load: PlannedLoad): Promise<LoadOutcome> {
  const { bench, run } = ctx;
  const { browser, env } = session;
  const id = idOf(browser.name, load);
  const ids = stepIdsOf(id, load);
  if (ids.every((i) => ctx.finished.has(i))) return { id, skipped: 'already in runs.csv (resume)' };
  const server = env.servers.get(load)!;
  const metaOf = (page: string, step: number) => ({
    ...baseMeta(ctx, browser, load, ids[step - 1]!, page),
    ...journeyInfo(load, ids, step),
    serverVersion: server.serverVersion,
    delivery: server.delivery,
    ...(server.congestionControl ? { congestionControl: server.congestionControl } : {}),
    url: new URL(page, server.origin).href,
    shaper: env.link.info,
  });
  const steps = load.journey?.steps ?? [load.page];
  await gatherLoad({
    meta: metaOf(steps[0]!, 1),
    ...(load.journey ? {
      journey: { dwellMs: load.journey.dwellMs, steps: steps.slice(1).map((page, i) => ({ meta: metaOf(page, i + 2), traceDir: path.join(run.traces, ids[i + 1]!) })) },
    } : {}),
    originTaps: env.originTaps,
    browser,
    link: env.link,
    spkiSha256: env.servers.spkiSha256,
    quicOrigins: env.quicOrigins,
    reachableHosts: [env.link.serverHost],
    mappedHosts: env.mappedHosts,
    wireTap: env.tapOf(load),
    wireLogFormat: server.wireLogFormat,
    traceDir: path.join(run.traces, ids[0]!),
    timeoutMs: bench.timeoutMs,
    traces: bench.traces,
    lighthouse: bench.lighthouse,
    filmstrip: bench.filmstrip,
    host: session.host,
    primed: { store: session.primed, key: `${armLabel(load)} ${steps.join(' ')}` },
  });
  return appendRowsOf(ctx, id, ids);
}

/**
 * The load's rows, computed from its trace folders (as `recompute` does) and appended to runs.csv;
 * a journey's together, after its last step, so a run killed mid-journey leaves none of it.
 */
function appendRowsOf(ctx: RunContext, id: string, ids: readonly string[]): LoadOutcome {
  const rows = ids.map((i) => rowFromTrace(ctx.run.dir, i)!);
  appendRunRows(ctx.run.runsCsv, rows);
  return { id, row: rows[0]!, steps: rows };
}

/**
 * A load the harness could not measure (its link, servers or browser did not come up, or the step
 * hung): a row all the same, its error "harness: <the real reason>". `--resume` measures it again.
 */
export function recordHarnessFailure(ctx: RunContext, browser: ProfileSession['browser'], load: PlannedLoad, err: unknown): LoadOutcome {
  const { bench, run } = ctx;
  const id = idOf(browser.name, load);
  const ids = stepIdsOf(id, load);
  if (ids.every((i) => ctx.finished.has(i))) return { id, skipped: 'already in runs.csv (resume)' };
  const reason = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim() || 'no reason given';
  (load.journey?.steps ?? [load.page]).forEach((page, i) => {
    writeUnmeasuredLoad(path.join(run.traces, ids[i]!), {
      ...baseMeta(ctx, browser, load, ids[i]!, page),
      ...journeyInfo(load, ids, i + 1),
      serverVersion: '',
      url: '',
      shaper: { shaper: shaperFor(load.profile, bench.shaper), congestionControl: '', queueBytes: 0 },
      isolation: bench.isolation,
      error: `${HARNESS_ERROR_PREFIX}${reason.slice(0, 500)}`,
      wallMs: 0,
      files: [],
    });
  });
  return appendRowsOf(ctx, id, ids);
}
