// The side-by-side filmstrip: for each browser × profile × cache state, the median load of every
// variant (the same load the waterfall would pick: median by LCP) as a row of screen captures at
// the same timestamps on the navigation's clock, FCP and LCP marked, as WebPageTest's filmstrip
// view does. Frames come from the loads' screencast.json.gz (gather/screencast.ts); a run without
// them (filmstrip off, Firefox) gets a note instead. Each distinct frame is embedded once, so
// report.html stays self-contained and works offline.

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readFilmstrip } from '../../compute/read-trace.ts';
import type { FilmstripFrame } from '../../compute/visual-metrics.ts';
import type { RunRow } from '../../shared/row-schema.ts';
import { groupByCell, metricValue, type CellKeyColumn } from '../../stats/cells.ts';
import { medianLoad } from './waterfall.ts';

export interface FilmstripCell {
  /** ms since navigation start */
  t: number;
  /** Id of the frame on screen at t (Filmstrips.frames), or null while the screen is still blank. */
  frame: string | null;
  /** Visual progress of that frame, 0–100. */
  progress: number;
  /** The first cell at or after the load's FCP / LCP. */
  fcp: boolean;
  lcp: boolean;
}

export interface FilmstripRow {
  variant: string;
  loadId: string;
  fcpMs: number | null;
  lcpMs: number | null;
  speedIndexMs: number | null;
  visuallyCompleteMs: number | null;
  cells: FilmstripCell[];
  /** Why the row has no frames; empty otherwise. */
  missing: string;
}

export interface FilmstripGroup {
  browser: string;
  profile: string;
  cache: string;
  /** The page, when the run loaded several (each gets its own strips); '' otherwise. */
  page: string;
  stepMs: number;
  /** The first column's time: one step before the first change in any row (earlier ones are blank everywhere). */
  startMs: number;
  rows: FilmstripRow[];
}

export interface Filmstrips {
  groups: FilmstripGroup[];
  /** Frame id → base64 JPEG. */
  frames: Record<string, string>;
}

/** 100 ms steps, finer when the screen's changes are over quickly (fast profiles). */
export function stepFor(spanMs: number): number {
  if (spanMs <= 500) return 20;
  if (spanMs <= 1200) return 50;
  return 100;
}

/** The frame on screen at each time: the last frame at or before it; `idOf` names only frames shown. */
export function cellsAt(frames: readonly FilmstripFrame[], times: readonly number[], idOf: (frame: FilmstripFrame) => string, fcpMs: number | null, lcpMs: number | null): FilmstripCell[] {
  let fcpMarked = false;
  let lcpMarked = false;
  return times.map((t) => {
    let index = -1;
    for (let i = 0; i < frames.length && frames[i]!.ms <= t; i++) index = i;
    const fcp = !fcpMarked && fcpMs !== null && t >= fcpMs;
    const lcp = !lcpMarked && lcpMs !== null && t >= lcpMs;
    fcpMarked ||= fcp;
    lcpMarked ||= lcp;
    return { t, frame: index < 0 ? null : idOf(frames[index]!), progress: index < 0 ? 0 : (frames[index]!.progress ?? 0), fcp, lcp };
  });
}


/**
 * `labelOf` names a row's arm as the dashboard shows it (with its think time in a sweep), `labels`
 * gives their order; a row per label that has loads in the group.
 */
export function filmstripsOf(runDir: string, rows: readonly RunRow[], labels: readonly string[], labelOf: (r: RunRow) => string): Filmstrips {
  const frames: Record<string, string> = {};
  const ids = new Map<FilmstripFrame, string>();
  const idOf = (frame: FilmstripFrame) => {
    let id = ids.get(frame);
    if (id === undefined) {
      id = createHash('sha1').update(frame.jpeg).digest('hex').slice(0, 12);
      frames[id] ??= frame.jpeg.toString('base64');
      ids.set(frame, id);
    }
    return id;
  };
  const groups: FilmstripGroup[] = [];
  const severalPages = new Set(rows.map((r) => r.page)).size > 1;
  const columns: CellKeyColumn[] = ['browser', 'profile', 'cache', ...(severalPages ? ['page' as const] : [])];
  for (const inGroup of groupByCell(rows.filter((r) => r.filmstrip_frames !== ''), columns).values()) {
    const { browser, profile, cache } = inGroup[0]!;
    const page = severalPages ? inGroup[0]!.page : '';
    const picked = labels.filter((label) => inGroup.some((r) => labelOf(r) === label)).map((variant) => {
      const load = medianLoad(inGroup.filter((r) => labelOf(r) === variant));
      const strip = load?.trace_dir ? readFilmstrip(join(runDir, load.trace_dir)) : undefined;
      return { variant, load, strip };
    });
    const ends = picked.flatMap(({ load, strip }) => [
      ...(strip?.length ? [strip.at(-1)!.ms] : []),
      ...(load ? [metricValue(load, 'lcp_ms') ?? 0] : []),
    ]);
    if (ends.length === 0) continue;
    const end = Math.max(...ends);
    // Screens blank in every row say nothing: the strip starts one step before the first change.
    const firstChange = Math.min(...picked.flatMap(({ strip }) => (strip?.length ? [strip[0]!.ms] : [])), end);
    const stepMs = stepFor(end - firstChange);
    const start = Math.max(0, (Math.floor(firstChange / stepMs) - 1) * stepMs);
    const times = Array.from({ length: Math.ceil((end - start) / stepMs) + 2 }, (_, i) => start + i * stepMs);
    groups.push({
      browser, profile, cache, page, stepMs, startMs: start,
      rows: picked.map(({ variant, load, strip }) => {
        const fcpMs = load ? metricValue(load, 'fcp_ms') ?? null : null;
        const lcpMs = load ? metricValue(load, 'lcp_ms') ?? null : null;
        const base = {
          variant, loadId: load?.trace_dir.split('/').pop() ?? '', fcpMs, lcpMs,
          speedIndexMs: load ? metricValue(load, 'speed_index_ms') ?? null : null,
          visuallyCompleteMs: load ? metricValue(load, 'visually_complete_ms') ?? null : null,
        };
        if (!load) return { ...base, cells: [], missing: 'no successful load with frames' };
        if (!strip?.length) return { ...base, cells: [], missing: 'no frames in its trace folder' };
        return { ...base, cells: cellsAt(strip, times, idOf, fcpMs, lcpMs), missing: '' };
      }),
    });
  }
  return { groups, frames };
}
