// One calibration of a shaper over one profile: run calibration-server.ts where the servers run
// and calibration-client.ts where the browser runs, then compare every figure with theory.
// Used by `pushbench calibrate` and by the tests.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NetworkProfile } from '../config/profile.ts';
import { median } from '../stats/describe.ts';
import type { ClientPlan, ClientResult } from './calibration-client.ts';
import { isMeasurable, type EmulatorStats } from './emulator-stats.ts';
import { clientCommandPrefix, type ShapedLink } from './shaper.ts';
import { spawnTs, waitForLine } from './ts-child.ts';
import { connectTheoryMs, freshFetchTheoryMs, goodputKbps, warmRequestTheoryMs } from './transfer-theory.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface CalibrationRow {
  profile: string;
  shaper: string;
  metric: string;
  unit: string;
  target: number;
  /** NaN when the shaper cannot measure the figure (devtools: emulator CPU), printed "n/a". */
  measured: number;
  /** (measured - target) / target, percent; NaN with measured. */
  errorPct: number;
  /** Whether the figure meets the documented target ("" when there is none). */
  ok: 'yes' | 'no' | '';
}

/** The median of a figure's samples; NaN (printed "n/a") when there are none or one was not measured. */
const medianOf = (xs: readonly number[]): number => (xs.length > 0 && xs.every(Number.isFinite) ? median(xs) : Number.NaN);

/** Run the client plan through a link; also returns the emulator's counters over the run. */
export async function measureThroughLink(link: ShapedLink, plan: Omit<ClientPlan, 'host' | 'port' | 'socks'>, timeoutMs = 300_000):
  Promise<{ result: ClientResult; stats?: { before: EmulatorStats; after: EmulatorStats } }> {
  const server = spawnTs(path.join(HERE, 'calibration-server.ts'), [link.serverHost], { prefix: link.serverCommandPrefix });
  try {
    const { port } = await waitForLine<{ port: number }>(server, 'ready');
    const before = isMeasurable(link) ? await link.emulatorStats() : undefined;
    const fullPlan: ClientPlan = { ...plan, host: link.serverHost, port, socks: link.socksProxy };
    const client = spawnTs(path.join(HERE, 'calibration-client.ts'), [JSON.stringify(fullPlan)], { prefix: clientCommandPrefix(link) });
    const result = await waitForLine<ClientResult>(client, 'result', timeoutMs).finally(() => client.kill());
    const after = isMeasurable(link) ? await link.emulatorStats() : undefined;
    return { result, stats: before && after ? { before, after } : undefined };
  } finally {
    server.stdin!.end();
    server.kill();
  }
}

/** Targets from the issue: timings within 3% (or 1.5 ms), transfers and rates within 3%. */
export function calibrationRow(profile: NetworkProfile, shaper: string, metric: string, unit: string, target: number, measured: number, slackMs = 0): CalibrationRow {
  const errorPct = target !== 0 ? ((measured - target) / target) * 100 : 0;
  // An unshaped link has no target to meet (theory says 0 ms, unlimited rate).
  const ok = target === 0 ? '' : Math.abs(measured - target) <= Math.max(0.03 * Math.abs(target), slackMs) ? 'yes' : 'no';
  return { profile: profile.name, shaper, metric, unit, target, measured, errorPct, ok };
}
const row = calibrationRow;

export const DEFAULT_PLAN: Omit<ClientPlan, 'host' | 'port' | 'socks' | 'downBytes' | 'upBytes'> = {
  connects: 10, pings: 10, fetchSizes: [100_000, 1_000_000], fetchRepeats: 5,
};

/** Bytes for a throughput run: about `seconds` at the rate, at least 256 KB. */
export const bytesForSeconds = (kbps: number, seconds: number): number =>
  Math.max(256 * 1024, Math.round((kbps * 1000 / 8) * seconds));

/** What every shaper's measurement yields, whatever took it (a TCP client or a browser). */
export interface LinkFigures {
  connectMs: number[];
  pingMs: number[];
  fetchMs: Record<number, number[]>;
  downKbps: number;
  upKbps: number;
}

/** The figures every shaper is judged on, against the theory of transfer-theory.ts. */
export function figureRows(p: NetworkProfile, shaper: string, result: LinkFigures, plan: { fetchSizes: readonly number[] }): CalibrationRow[] {
  const rows: CalibrationRow[] = [
    row(p, shaper, 'tcp connect (median)', 'ms', connectTheoryMs(p), medianOf(result.connectMs), 1.5),
    row(p, shaper, 'warm request (median)', 'ms', warmRequestTheoryMs(p), medianOf(result.pingMs), 1.5),
  ];
  for (const size of plan.fetchSizes) {
    rows.push(row(p, shaper, `fresh ${size / 1000} KB ttlb (median)`, 'ms', freshFetchTheoryMs(p, size), medianOf(result.fetchMs[size]!)));
  }
  rows.push(row(p, shaper, 'down goodput', 'kbit/s', goodputKbps(p.downKbps), result.downKbps));
  rows.push(row(p, shaper, 'up goodput', 'kbit/s', goodputKbps(p.upKbps), result.upKbps));
  if (p.trace) rows.forEach((r) => { if (r.metric.includes('goodput') || r.metric.includes('ttlb')) r.ok = ''; }); // theory assumes a constant rate
  return rows;
}

export async function calibrateLink(link: ShapedLink, plan = DEFAULT_PLAN, rateSeconds = 2): Promise<CalibrationRow[]> {
  const p = link.profile;
  const shaper = link.info.shaper;
  const { result, stats } = await measureThroughLink(link, {
    ...plan, downBytes: bytesForSeconds(p.downKbps, rateSeconds), upBytes: bytesForSeconds(p.upKbps, rateSeconds),
  });
  const rows = figureRows(p, shaper, result, plan);
  if (stats) {
    const { before, after } = stats;
    const offered = after.down.offered - before.down.offered + after.up.offered - before.up.offered;
    const dropped = after.down.droppedLoss - before.down.droppedLoss + after.up.droppedLoss - before.up.droppedLoss;
    const queueDrops = after.down.droppedQueue - before.down.droppedQueue + after.up.droppedQueue - before.up.droppedQueue;
    const lossPct = offered > 0 ? (dropped / offered) * 100 : 0;
    rows.push({ ...row(p, shaper, 'random loss', '%', p.lossPct, lossPct), ok: '' });
    rows.push({ ...row(p, shaper, 'queue drops (theory assumes none)', 'packets', 0, queueDrops), ok: queueDrops === 0 ? 'yes' : 'no' });
    const written = after.written - before.written;
    if (written > 0 && after.latenessMaxMs > 0) {
      const mean = (after.latenessSumMs - before.latenessSumMs) / written;
      rows.push({ ...row(p, shaper, 'emulator delivery lateness (mean)', 'ms', 0, mean), ok: mean <= 0.2 ? 'yes' : 'no' });
    }
    const cpuMs = after.cpuUserMs + after.cpuSystemMs - before.cpuUserMs - before.cpuSystemMs;
    const cpuPct = (cpuMs / (after.wallMs - before.wallMs)) * 100;
    // Target: ≤ 10% of a core at 10 Mbit/s; scale it with the profile's busier direction.
    const budget = 10 * Math.max(1, Math.max(p.downKbps, p.upKbps) / 10_000);
    rows.push({ ...row(p, shaper, 'emulator cpu (% of a core)', '%', budget, cpuPct), ok: cpuPct <= budget ? 'yes' : 'no' });
  }
  return rows;
}
