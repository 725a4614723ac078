import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { resolveProfile, resolveTracePath } from '../../harness/config/profiles.ts';
import { checkShaping } from '../../harness/shapers/check.ts';
import { LinkDirection, parseTrace, seededRandom } from '../../harness/shapers/link-model.ts';
import { emulateNetworkParams } from '../../harness/browsers/chromium-network.ts';
import { devtoolsConditions } from '../../harness/shapers/devtools.ts';
import { connectTheoryMs, freshFetchTheoryMs, goodputKbps, slowStartTransferMs } from '../../harness/shapers/transfer-theory.ts';
import { opportunities } from '../../harness/shapers/traces/generate.ts';

const base = { delayMs: 0, lossPct: 0, queueBytes: 0 };

test('serialisation: 1500 B at 12 Mbit/s takes 1 ms, back-to-back packets queue, delay adds rtt/2', () => {
  const link = new LinkDirection({ ...base, rateKbps: 12_000, delayMs: 50 });
  assert.equal(link.offer(0, 1500), 51);
  assert.equal(link.offer(0, 1500), 52);
  assert.equal(link.offer(0.5, 750), 52.5);
  // After the link idles, a packet starts at its arrival, not at the old busy time.
  assert.equal(link.offer(100, 1500), 151);
});

test('unlimited rate only delays', () => {
  const link = new LinkDirection({ ...base, rateKbps: 0, delayMs: 20 });
  assert.equal(link.offer(5, 1500), 25);
  assert.equal(link.offer(5, 1500), 25);
});

test('drop-tail queue drops what does not fit and frees space as packets leave', () => {
  const link = new LinkDirection({ ...base, rateKbps: 12_000, queueBytes: 3000 });
  assert.notEqual(link.offer(0, 1500), null);
  assert.notEqual(link.offer(0, 1500), null);
  assert.equal(link.offer(0, 1500), null, 'third packet exceeds 3000 B');
  assert.equal(link.counters.droppedQueue, 1);
  assert.equal(link.queueOccupancy(1), 1500, 'first packet left at 1 ms');
  assert.notEqual(link.offer(1, 1500), null);
});

test('random loss follows the rate on a seeded RNG, reproducibly', () => {
  const run = (seed: number): number => {
    const link = new LinkDirection({ ...base, rateKbps: 0, lossPct: 5, seed });
    for (let i = 0; i < 20_000; i++) link.offer(i, 100);
    return link.counters.droppedLoss;
  };
  const dropped = run(7);
  assert.ok(dropped > 800 && dropped < 1200, `5% of 20000 ≈ 1000, got ${dropped}`);
  assert.equal(run(7), dropped, 'same seed, same drops');
  assert.notEqual(run(8), dropped);
  const r = seededRandom(1);
  for (let i = 0; i < 1000; i++) { const x = r(); assert.ok(x >= 0 && x < 1); }
});

test('trace mode: 1500-byte opportunities, lost while idle, looping with the last timestamp as period', () => {
  const link = new LinkDirection({ ...base, rateKbps: 0, delayMs: 10, traceMs: [5, 10, 20] });
  assert.equal(link.offer(0, 1500), 15); // origin 0: opportunity at 5
  assert.equal(link.offer(0, 1000), 20); // next at 10
  assert.equal(link.offer(0, 500), 20); // shares the opportunity at 10 (1000 + 500 ≤ 1500)
  assert.equal(link.offer(0, 1500), 30); // at 20
  assert.equal(link.offer(0, 1500), 35); // loop 2: 20 + 5
  // Idle until 60: opportunities 25..45, 50 passed unused; loop 3's "20" is at exactly 60.
  assert.equal(link.offer(60, 100), 70);
  assert.equal(link.offer(60, 3000), 80); // 1400 B left at 60, 1500 at 65, the last 100 B at 70
});

test('parseTrace rejects bad traces; shipped traces parse and match their rates', () => {
  assert.throws(() => parseTrace(''), /empty/);
  assert.throws(() => parseTrace('5\n3\n'), /decrease/);
  assert.throws(() => parseTrace('1\nx\n'), /line 2/);
  const steady = parseTrace(readFileSync(resolveTracePath('steady-12mbps'), 'utf8'));
  assert.equal(steady.length, 1000); // 12 Mbit/s = one 1500 B opportunity per ms
  const variable = parseTrace(readFileSync(resolveTracePath('variable-cellular'), 'utf8'));
  assert.equal(variable[variable.length - 1], 10_000);
  assert.deepEqual(opportunities([{ durationMs: 10, kbps: 2400 }]), [5, 10]);
});

test('theory: connect is one RTT, goodput 1448/1500 of the rate', () => {
  assert.equal(connectTheoryMs({ rttMs: 100, downKbps: 0, upKbps: 0 }), 100);
  assert.equal(goodputKbps(1500), 1448);
});

test('theory: slow start doubles per RTT when the rate is not the limit', () => {
  // 10 segments in round 1, 20 in round 2, 40 in round 3: 70 segments take 3 RTT worth.
  const rtt = 100;
  const t10 = slowStartTransferMs(10 * 1448, rtt, 0, 0);
  const t30 = slowStartTransferMs(30 * 1448, rtt, 0, 0);
  const t70 = slowStartTransferMs(70 * 1448, rtt, 0, 0);
  assert.equal(t10, rtt / 2);
  assert.equal(t30, rtt / 2 + rtt);
  assert.equal(t70, rtt / 2 + 2 * rtt);
});

test('theory: a long transfer approaches the rate', () => {
  const ms = slowStartTransferMs(10_000_000, 20, 10_000, 10_000);
  const ideal = (10_000_000 / 1448) * 1500 * 8 / 10_000;
  assert.ok(ms > ideal && ms < ideal * 1.05, `${ms} vs ${ideal}`);
  // A fresh 100 KB fetch at 150 ms / 1.6 Mbit/s: connect + request + 5 rounds and the rate cap.
  const fetch = freshFetchTheoryMs({ rttMs: 150, downKbps: 1600, upKbps: 768 }, 100_000);
  assert.ok(fetch > 2 * 150 + 100_000 * 8 / 1600 && fetch < 1000, `${fetch}`);
});

test('checkShaping compares the connect time with the RTT', () => {
  const p = resolveProfile('slow-4g');
  assert.equal(checkShaping(p, 'none', { handshakeRttMs: 1 }), 'n/a');
  assert.equal(checkShaping(p, 'tun', {}), 'unmeasured');
  assert.equal(checkShaping(p, 'tun', { handshakeRttMs: 0 }), 'unmeasured');
  // DevTools delays requests, not handshakes: its check reads the request round trip.
  assert.equal(checkShaping(p, 'devtools', { handshakeRttMs: 0.2, requestRttMs: 152 }), 'ok');
  assert.equal(checkShaping(p, 'devtools', { handshakeRttMs: 150, requestRttMs: 3 }), 'off:3 vs 150');
  assert.equal(checkShaping(p, 'tun', { handshakeRttMs: 160 }), 'ok');
  assert.equal(checkShaping(p, 'tun', { handshakeRttMs: 0.4 }), 'off:0.4 vs 150');
  assert.equal(checkShaping(p, 'tun', { handshakeRttMs: 175 }), 'off:175 vs 150');
  const fast = resolveProfile('fios'); // 4 ms: the 5 ms floor applies
  assert.equal(checkShaping(fast, 'tun', { handshakeRttMs: 8.5 }), 'ok');
});

test('devtools parameters: latency = RTT, throughputs in bytes/s', () => {
  const params = emulateNetworkParams(devtoolsConditions(resolveProfile('slow-4g')));
  assert.equal(params.latency, 150);
  assert.equal(params.downloadThroughput, 1638.4 * 125);
  assert.equal(params.uploadThroughput, 750 * 125);
  assert.equal(emulateNetworkParams(devtoolsConditions(resolveProfile('none'))).downloadThroughput, -1);
});
