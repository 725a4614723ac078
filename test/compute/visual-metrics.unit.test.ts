// Visual metrics from frames with known answers: synthetic JPEG frames whose visual progress and
// Speed Index can be worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import jpeg from 'jpeg-js';
import { framesOnNavigationClock, visualMetrics, visualMetricsOf, type FilmstripFrame } from '../../harness/compute/visual-metrics.ts';
import type { ScreencastFile } from '../../harness/gather/screencast.ts';

const W = 160;
const H = 100;

/** A white frame with the left `share` of its width painted solid dark red. */
function frame(share: number): Buffer {
  const data = Buffer.alloc(W * H * 4, 0xff);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < Math.round(W * share); x++) {
      const i = (y * W + x) * 4;
      data[i] = 150; data[i + 1] = 20; data[i + 2] = 20;
    }
  }
  return Buffer.from(jpeg.encode({ data, width: W, height: H }, 95).data);
}

const at = (ms: number, share: number): FilmstripFrame => ({ ms, jpeg: frame(share) });

test('half the final content at 100 ms, all of it at 300 ms: SI = 100 + 200 × 0.5 = 200 ms', () => {
  const m = visualMetrics([at(100, 0.5), at(300, 1)])!;
  assert.equal(m.firstVisualChangeMs, 100);
  assert.ok(Math.abs(m.speedIndexMs - 200) <= 4, `speed index ${m.speedIndexMs}`);
  assert.equal(m.visuallyComplete85Ms, 300);
  assert.equal(m.visuallyComplete95Ms, 300);
  assert.equal(m.visuallyCompleteMs, 300);
  assert.equal(m.lastVisualChangeMs, 300);
  assert.equal(m.frames, 2);
});

test('a quarter, then 90 %, then all: VC85 at the 90 % frame, VC95 at the last; SI summed per step', () => {
  const frames = [at(200, 0.25), at(500, 0.9), at(800, 1)];
  const m = visualMetrics(frames)!;
  // progress 0 until 200, 25 % until 500, 90 % until 800: 200 + 300 × 0.75 + 300 × 0.1 = 455
  assert.ok(Math.abs(m.speedIndexMs - 455) <= 6, `speed index ${m.speedIndexMs}`);
  assert.equal(m.visuallyComplete85Ms, 500);
  assert.equal(m.visuallyComplete95Ms, 800);
  assert.ok(Math.abs(frames[0]!.progress! - 25) <= 2, `progress ${frames[0]!.progress}`);
});

test('a late change that only moves content still counts as the last visual change', () => {
  const m = visualMetrics([at(100, 1), at(400, 1), at(600, 0.999)]);
  assert.equal(m!.firstVisualChangeMs, 100);
  assert.equal(m!.lastVisualChangeMs, 600);
});

test('no frame after navigation start: no metrics', () => {
  assert.equal(visualMetrics([]), undefined);
});

test('frames are put on the navigation clock; earlier ones and repeats are dropped', () => {
  const data = (share: number) => frame(share).toString('base64');
  const file: ScreencastFile = {
    schema: 1, format: 'jpeg', quality: 70, maxWidth: W, maxHeight: H,
    frames: [
      { timestamp: 1000.2, data: data(0) }, // before navigation start (about:blank)
      { timestamp: 1000.6, data: data(1) },
      { timestamp: 1000.4, data: data(0.5) }, // out of order
      { timestamp: 1000.7, data: data(1) }, // same picture again
    ],
  };
  const frames = framesOnNavigationClock(file, 1000_300);
  assert.deepEqual(frames.map((f) => Math.round(f.ms)), [100, 300]);
});

test('frames that never leave the blank start: every metric 0', () => {
  const m = visualMetrics([at(100, 0), at(300, 0)])!;
  assert.deepEqual(
    [m.firstVisualChangeMs, m.speedIndexMs, m.visuallyComplete85Ms, m.visuallyComplete95Ms, m.visuallyCompleteMs, m.lastVisualChangeMs],
    [0, 0, 0, 0, 0, 0],
  );
  assert.equal(m.frames, 2);
});

test('a frame that cannot be decoded costs the metrics, not the caller', () => {
  assert.equal(visualMetricsOf([{ ms: 100, jpeg: Buffer.from('not a jpeg') }]), undefined);
});
