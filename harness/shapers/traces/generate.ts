// Regenerates the shipped mahimahi traces, deterministically (seeded RNG, no inputs):
//   node --import tsx harness/shapers/traces/generate.ts
// Format (mahimahi mm-link): one line per 1500-byte delivery opportunity, the line being its time
// in ms since the start; the trace loops with a period equal to its last timestamp.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../link-model.ts';

const DIR = path.dirname(fileURLToPath(import.meta.url));

/** Opportunities for a rate (kbit/s) that changes per segment of the timeline. */
export function opportunities(segments: { durationMs: number; kbps: number }[]): number[] {
  const times: number[] = [];
  let segmentStart = 0;
  let credit = 0; // bytes the link may send, carried across segments
  for (const { durationMs, kbps } of segments) {
    for (let ms = 1; ms <= durationMs; ms++) {
      credit += kbps / 8; // bytes per ms
      while (credit >= 1500) { times.push(segmentStart + ms); credit -= 1500; }
    }
    segmentStart += durationMs;
  }
  // The last line is the period: make sure the trace ends exactly at the timeline's end.
  if (times[times.length - 1] !== segmentStart) times.push(segmentStart);
  return times;
}

const TRACES: Record<string, () => number[]> = {
  // Constant rates, 1 s loop.
  'steady-12mbps': () => opportunities([{ durationMs: 1000, kbps: 12000 }]),
  'steady-1.6mbps': () => opportunities([{ durationMs: 1000, kbps: 1600 }]),
  'steady-768kbps': () => opportunities([{ durationMs: 1000, kbps: 768 }]),
  // A cellular-like link: the rate changes every 500 ms, uniformly in 2–20 Mbit/s (seed 42), 10 s loop.
  'variable-cellular': () => {
    const random = seededRandom(42);
    return opportunities(Array.from({ length: 20 }, () => ({ durationMs: 500, kbps: 2000 + Math.round(random() * 18000) })));
  },
  // 1.6 Mbit/s with a 1 s outage every 5 s.
  'outage-3g': () => opportunities([{ durationMs: 4000, kbps: 1600 }, { durationMs: 1000, kbps: 0 }]),
};

export function generateAll(dir = DIR): string[] {
  return Object.entries(TRACES).map(([name, make]) => {
    const file = path.join(dir, `${name}.trace`);
    writeFileSync(file, make().join('\n') + '\n');
    return file;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of generateAll()) console.log(`wrote ${file}`);
}
