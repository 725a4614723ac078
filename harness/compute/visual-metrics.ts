// Visual metrics of one load, from its screencast frames (gather/screencast.ts): First Visual
// Change, Speed Index, Visually Complete 85 / 95 / 100 % and Last Visual Change, on the
// navigation's clock (the zero of FCP, LCP and TTFB). Pure: frames in, numbers out.
//
// Visual progress is speedline-core's (the Lighthouse team's port of WebPageTest's method): per
// frame, how far its colour histograms (near-white pixels left out) have moved from the first
// frame's towards the last frame's. The screen at navigation start is taken to be blank white, as
// speedline and WebPageTest take it; the browser's frames before the navigation (about:blank) are
// dropped. Speed Index = Σ over frames of (time to the next frame) × (1 − progress), from 0 to
// visually complete.

import frameLib from 'speedline-core/lib/frame.js';
import speedIndexLib from 'speedline-core/lib/speed-index.js';
import jpeg from 'jpeg-js';
import type { ScreencastFile } from '../gather/screencast.ts';

/** One distinct frame on the navigation's clock. */
export interface FilmstripFrame {
  /** ms since navigation start */
  ms: number;
  jpeg: Buffer;
  /** visual progress 0–100 (set by visualMetrics) */
  progress?: number;
}

export interface VisualMetrics {
  firstVisualChangeMs: number;
  speedIndexMs: number;
  visuallyComplete85Ms: number;
  visuallyComplete95Ms: number;
  visuallyCompleteMs: number;
  lastVisualChangeMs: number;
  /** Distinct frames after navigation start. */
  frames: number;
}

type SpeedlineFrame = {
  getTimeStamp(): number;
  getProgress(): number;
  getImage(): Buffer;
};

/**
 * The frames shown after navigation start, in order, consecutive duplicates dropped. A frame's
 * time is its swap time (epoch seconds) minus the page's performance.timeOrigin (epoch ms).
 */
export function framesOnNavigationClock(file: ScreencastFile, timeOriginMs: number): FilmstripFrame[] {
  const out: FilmstripFrame[] = [];
  let last = '';
  const sorted = [...file.frames].filter((f) => Number.isFinite(f.timestamp)).sort((a, b) => a.timestamp - b.timestamp);
  for (const f of sorted) {
    const ms = f.timestamp * 1000 - timeOriginMs;
    if (ms < 0 || f.data === last) continue;
    last = f.data;
    out.push({ ms, jpeg: Buffer.from(f.data, 'base64') });
  }
  return out;
}

/** A white JPEG the size of the frames: the screen at navigation start. */
function whiteFrameLike(first: Buffer): Buffer {
  const { width, height } = jpeg.decode(first, { useTArray: true });
  const data = Buffer.alloc(width * height * 4, 0xff);
  return Buffer.from(jpeg.encode({ data, width, height }, 90).data);
}

/** First frame time at or above a progress percentage. */
function firstAtLeast(frames: SpeedlineFrame[], percent: number): number {
  return frames.find((f) => f.getProgress() >= percent)!.getTimeStamp();
}

/**
 * The metrics, or undefined without a single frame after navigation start. Sets each frame's
 * `progress`. A load whose frames never leave the blank start (the last frame is as white as the
 * start) has every metric 0.
 */
export function visualMetrics(frames: FilmstripFrame[]): VisualMetrics | undefined {
  if (frames.length === 0) return undefined;
  const white = frameLib.create(whiteFrameLike(frames[0]!.jpeg), 0) as SpeedlineFrame;
  const all = [white, ...frames.map((f) => frameLib.create(f.jpeg, f.ms) as SpeedlineFrame)];
  speedIndexLib.calculateVisualProgress(all, {});
  frames.forEach((f, i) => { f.progress = all[i + 1]!.getProgress(); });
  // The start frame is 100 % of the way only when the last frame looks like it: nothing painted.
  if (white.getProgress() >= 100) {
    return { firstVisualChangeMs: 0, speedIndexMs: 0, visuallyComplete85Ms: 0, visuallyComplete95Ms: 0, visuallyCompleteMs: 0, lastVisualChangeMs: 0, frames: frames.length };
  }
  const indexes = speedIndexLib.calculateSpeedIndexes(all, { startTs: 0, endTs: frames.at(-1)!.ms });
  return {
    firstVisualChangeMs: indexes.firstPaintTs!,
    speedIndexMs: indexes.speedIndex!,
    visuallyComplete85Ms: firstAtLeast(all, 85),
    visuallyComplete95Ms: firstAtLeast(all, 95),
    visuallyCompleteMs: indexes.visuallyCompleteTs!,
    lastVisualChangeMs: frames.at(-1)!.ms,
    frames: frames.length,
  };
}

/** visualMetrics, or undefined when a frame cannot be decoded (a damaged recording costs the metrics, not the row). */
export function visualMetricsOf(frames: FilmstripFrame[]): VisualMetrics | undefined {
  try {
    return visualMetrics(frames);
  } catch {
    return undefined;
  }
}
