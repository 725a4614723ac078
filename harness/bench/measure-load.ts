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
import { appendRunRow } from '../report/csv.ts';
import type { RunRow } from '../shared/row-schema.ts';
import { resourcesForPage } from '../../sites/manifest.ts';
import type { RunContext } from './run-context.ts';
import type { ProfileSession } from './profile-session.ts';

export type LoadOutcome = { id: string; row: RunRow } | { id: string; skipped: string };

export function loadTitle(load: PlannedLoad): string {
  return `r${load.repetition} · ${load.cache} · ${armLabel(load)} · ${load.page}`;
}

export function idOf(browser: string, load: PlannedLoad): string {
  return loadId({ browser, profile: load.profile.name, cache: load.cache, repetition: load.repetition, variant: armLabel(load), page: load.page });
}

/** Who/what/where of a load, as far as the run knows it before (or without) a running session. */
function baseMeta(ctx: RunContext, browser: ProfileSession['browser'], load: PlannedLoad, id: string) {
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
    page: load.page,
    profile: load.profile,
    cache: load.cache,
    repetition: load.repetition,
    order: load.order,
    startedAt: new Date().toISOString(),
    critical: resourcesForPage(ctx.manifest, load.page),
  };
}

export async function measureLoad(ctx: RunContext, session: ProfileSession, load: PlannedLoad): Promise<LoadOutcome> {
  const { bench, run } = ctx;
  const { browser, env } = session;
  const id = idOf(browser.name, load);
  if (ctx.finished.has(id)) return { id, skipped: 'already in runs.csv (resume)' };
  const server = env.servers.get(load)!;
  await gatherLoad({
    meta: {
      ...baseMeta(ctx, browser, load, id),
      serverVersion: server.serverVersion,
      delivery: server.delivery,
      ...(server.congestionControl ? { congestionControl: server.congestionControl } : {}),
      url: new URL(load.page, server.origin).href,
      shaper: env.link.info,
    },
    browser,
    link: env.link,
    spkiSha256: env.servers.spkiSha256,
    quicOrigins: env.quicOrigins,
    reachableHosts: [env.link.serverHost],
    mappedHosts: env.mappedHosts,
    wireTap: env.tapOf(load),
    wireLogFormat: server.wireLogFormat,
    traceDir: path.join(run.traces, id),
    timeoutMs: bench.timeoutMs,
    traces: bench.traces,
    lighthouse: bench.lighthouse,
    filmstrip: bench.filmstrip,
    host: session.host,
  });
  return appendRowOf(ctx, id);
}

/** The load's row, computed from its trace folder (as `recompute` does) and appended to runs.csv. */
function appendRowOf(ctx: RunContext, id: string): LoadOutcome {
  const row = rowFromTrace(ctx.run.dir, id)!;
  appendRunRow(ctx.run.runsCsv, row);
  return { id, row };
}

/**
 * A load the harness could not measure (its link, servers or browser did not come up, or the step
 * hung): a row all the same, its error "harness: <the real reason>". `--resume` measures it again.
 */
export function recordHarnessFailure(ctx: RunContext, browser: ProfileSession['browser'], load: PlannedLoad, err: unknown): LoadOutcome {
  const { bench, run } = ctx;
  const id = idOf(browser.name, load);
  if (ctx.finished.has(id)) return { id, skipped: 'already in runs.csv (resume)' };
  const reason = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim() || 'no reason given';
  writeUnmeasuredLoad(path.join(run.traces, id), {
    ...baseMeta(ctx, browser, load, id),
    serverVersion: '',
    url: '',
    shaper: { shaper: shaperFor(load.profile, bench.shaper), congestionControl: '', queueBytes: 0 },
    isolation: bench.isolation,
    error: `${HARNESS_ERROR_PREFIX}${reason.slice(0, 500)}`,
    wallMs: 0,
    files: [],
  });
  return appendRowOf(ctx, id);
}
