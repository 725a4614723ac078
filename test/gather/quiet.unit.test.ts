// The quiet-CPU rule's arithmetic and its CPU clock: no browser, no timing asserted.
import test from 'node:test';
import assert from 'node:assert/strict';
import { busyPct, cpuSource, waitForQuietCpu } from '../../harness/gather/quiet.ts';

test('busy share between two samples, clamped to 0–100, unknown when no time passed', () => {
  assert.equal(busyPct({ idle: 100, total: 200 }, { idle: 150, total: 300 }), 50);
  assert.equal(busyPct({ idle: 100, total: 200 }, { idle: 200, total: 300 }), 0);
  assert.equal(busyPct({ idle: 100, total: 200 }, { idle: 210, total: 300 }), 0, 'a sampling skew never reads as negative');
  assert.equal(busyPct({ idle: 100, total: 200 }, { idle: 10, total: 300 }), 100);
  assert.equal(busyPct({ idle: 1, total: 2 }, { idle: 1, total: 2 }), undefined);
});

test('the CPU source: the cgroup\'s nanosecond counter, else /proc/stat ticks; a 50 ms window either way', () => {
  const source = cpuSource();
  assert.equal(source.windowMs, 50);
  const a = source.sample(), b = source.sample();
  if (a && b) assert.ok(b.total >= a.total && b.idle <= b.total, 'samples advance and idle never exceeds the total');
});

test('the quiet wait reports the busy share of its last window and gives up at its timeout', async () => {
  const quiet = await waitForQuietCpu({ maxBusyPct: 100, windowMs: 10 });
  assert.equal(quiet.quiet, true, 'at most 100 % busy is always quiet');
  const never = await waitForQuietCpu({ maxBusyPct: -1, windowMs: 10, timeoutMs: 30 });
  if (never.busyPct !== undefined) {
    assert.equal(never.quiet, false, 'no window can be under -1 %');
    assert.ok(never.waitedMs >= 30);
  }
});
