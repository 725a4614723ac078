// One TCP model (harness/shapers/transfer-theory.ts) behind both `pushbench calibrate`'s targets
// and the physics bound (harness/compute/bound.ts). Pure: no link, no browser. Both sides are read
// through their public entry points, so a future second model on either side fails here.
// Calibration's measured figures are medians of the one stats module.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lowerBound, transferMs } from '../../harness/compute/bound.ts';
import type { NetworkProfile } from '../../harness/config/profile.ts';
import { figureRows } from '../../harness/shapers/calibration.ts';
import { requestArrivesMs } from '../../harness/shapers/transfer-theory.ts';
import { median } from '../../harness/stats/describe.ts';

const SIZES = [1, 1000, 1448, 1449, 14_480, 14_481, 50_000, 100_000, 1_000_000];
const RTTS = [0, 4, 40, 150, 300];
/** [down, up] kbit/s; 0 = unlimited. */
const RATES = [[0, 0], [750, 384], [1600, 768], [1638.4, 750], [10_240, 10_240], [50_000, 5000]] as const;

const profileOf = (rttMs: number, downKbps: number, upKbps: number): NetworkProfile =>
  ({ name: `rtt${rttMs}-${downKbps}-${upKbps}`, rttMs, downKbps, upKbps, lossPct: 0, queueBytes: 0 });

/** Calibration's target for a fresh fetch of `bytes`, as `pushbench calibrate` prints it. */
function calibrationTtlbMs(p: NetworkProfile, bytes: number): number {
  const figures = { connectMs: [1], pingMs: [1], fetchMs: { [bytes]: [1] }, downKbps: 1, upKbps: 1 };
  const row = figureRows(p, 'model', figures, { fetchSizes: [bytes] }).find((r) => r.metric.includes('ttlb'));
  assert.ok(row, 'figureRows has a ttlb row');
  return row.target;
}

test('calibration and the bound give the same transfer time for every size × RTT × rate', () => {
  for (const [down, up] of RATES) {
    for (const rtt of RTTS) {
      const p = profileOf(rtt, down, up);
      for (const bytes of SIZES) {
        const at = `${bytes} B, RTT ${rtt} ms, ${down}/${up} kbit/s`;
        // Calibration: from the request's arrival at the server to the last byte at the client,
        // which includes the first byte's one-way trip.
        const calibration = calibrationTtlbMs(p, bytes) - requestArrivesMs(p) - rtt / 2;
        // The bound: from the first byte's arrival at the client to the last.
        const bound = transferMs(bytes, rtt, down, up);
        assert.ok(Math.abs(calibration - bound) < 1e-6, `${at}: calibration ${calibration} ms, bound ${bound} ms`);
        // And through the bound's page entry point: a page that is only its HTML finishes one
        // transfer after 2 RTT connect + 1 RTT request.
        const page = lowerBound({ profile: p, variant: 'h2', protocol: 'h2', resources: [], htmlBytes: bytes, thinkMs: 0, cache: 'cold' });
        assert.equal(page.fcpMs, Math.round((3 * rtt + calibration) * 10) / 10, `${at}: page FCP`);
      }
    }
  }
});

test('the shared model: one window at the link rate, then a round trip per doubling', () => {
  // 1.6 Mbit/s: a 1500-byte packet takes 7.5 ms; 10 packets fit the first window, 20 the second.
  const p = profileOf(150, 1600, 0);
  const first = transferMs(10 * 1448, 150, 1600);
  assert.ok(Math.abs(first - 75) < 1e-9, `${first}`);
  // The 11th segment waits for the first ACK: one packet time + RTT after the first left.
  assert.ok(Math.abs(transferMs(10 * 1448 + 1, 150, 1600) - (7.5 + 150 + (1 + 52) * 8 / 1600)) < 1e-9);
  assert.ok(Math.abs(calibrationTtlbMs(p, 10 * 1448) - requestArrivesMs(p) - 75 - 75) < 1e-9);
});

test('calibration figures are the stats median; a figure with an unmeasured sample is NaN (n/a)', () => {
  const p = profileOf(40, 10_240, 10_240);
  const figures = { connectMs: [3, 1, 10, 2], pingMs: [5, Number.NaN], fetchMs: { 1000: [] }, downKbps: 1, upKbps: 1 };
  const measured = (metric: string) => figureRows(p, 'model', figures, { fetchSizes: [1000] }).find((r) => r.metric.startsWith(metric))!.measured;
  assert.equal(measured('tcp connect'), median([3, 1, 10, 2]));
  assert.equal(measured('tcp connect'), 2.5);
  assert.ok(Number.isNaN(measured('warm request')));
  assert.ok(Number.isNaN(measured('fresh 1 KB')));
});
