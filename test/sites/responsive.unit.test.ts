// What the browser would choose at pushbench's viewport: media queries, CSS lengths in `sizes`,
// srcset parsing and candidate choice. And the viewport itself: the harness's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VIEWPORT } from '../../harness/gather/engines/engine.ts';
import { lengthToPx } from '../../sites/css-length.ts';
import { mediaMatches } from '../../sites/media-query.ts';
import { parseSrcset, pickCandidate, slotWidthPx } from '../../sites/srcset.ts';
import { LAYOUT_VIEWPORT } from '../../sites/viewport.ts';

const vp = LAYOUT_VIEWPORT;

test('the layout viewport is the one the harness opens pages in, at DPR 1', () => {
  assert.deepEqual({ width: vp.width, height: vp.height }, { width: VIEWPORT.width, height: VIEWPORT.height });
  assert.equal(vp.dpr, 1);
});

test('media queries match as in a fresh Chromium context at 1350×940', () => {
  const matching = [
    undefined, '', 'all', 'screen', 'only screen', 'SCREEN AND (MIN-WIDTH: 768PX)', 'print, screen',
    '(min-width: 1200px)', '(max-width: 1350px)', '(width >= 1000px)', '(600px < width <= 1350px)', '(1400px > width)',
    '(min-width: 80em)', '(orientation: landscape)', '(min-aspect-ratio: 4/3)', '(prefers-color-scheme: light)',
    '(prefers-reduced-motion: no-preference)', '(hover: hover)', '(pointer: fine)', '(color)', '(hover)',
    '(-webkit-min-device-pixel-ratio: 1)', '(max-resolution: 1dppx)', '(min-resolution: 96dpi)',
    'not print', 'not all and (monochrome)', 'not (max-width: 600px)', '(max-width: 600px) or (min-width: 1000px)',
    '((min-width: 1000px) and (max-width: 1400px))',
  ];
  const failing = [
    'print', 'speech', 'tv', '(max-width: 1349px)', '(min-width: 1351px)', '(width < 1350px)', '(orientation: portrait)',
    '(prefers-color-scheme: dark)', '(prefers-reduced-motion: reduce)', '(min-resolution: 2dppx)', '(-webkit-min-device-pixel-ratio: 1.5)',
    '(monochrome)', '(prefers-reduced-motion)', 'not screen', '(unknown-feature: 1)', '(min-width: 10%)', '(min-width 10px)', 'screen and',
  ];
  for (const q of matching) assert.equal(mediaMatches(q, vp), true, String(q));
  for (const q of failing) assert.equal(mediaMatches(q, vp), false, q);
});

test('lengths: units, calc(), min(), max() and clamp() resolve against the viewport; anything else is null', () => {
  const cases: [string, number | null][] = [
    ['100vw', 1350], ['50vh', 470], ['2rem', 32], ['1.5em', 24], ['0', 0], ['96px', 96], ['1in', 96], ['12pt', 16],
    ['calc(100vw - 2rem)', 1318], ['calc((100vw - 30px) / 2)', 660], ['min(100vw, 1200px)', 1200], ['max(50vw, 800px)', 800],
    ['clamp(300px, 50vw, 600px)', 600], ['calc(-1 * -100px)', 100],
    ['100', null], ['50%', null], ['100vw - 2rem', null], ['var(--w)', null], ['calc(100vw -', null], ['auto', null],
  ];
  for (const [text, px] of cases) assert.equal(lengthToPx(text, vp), px, text);
});

test('srcset parsing follows the spec: URLs with commas, descriptors, dropped invalid candidates', () => {
  assert.deepEqual(parseSrcset('a.jpg 480w,b.jpg 800w , c.jpg'), [{ url: 'a.jpg', width: 480 }, { url: 'b.jpg', width: 800 }, { url: 'c.jpg' }]);
  assert.deepEqual(parseSrcset('x.jpg, y.jpg 2x, z.jpg 1.5x 100h'), [{ url: 'x.jpg' }, { url: 'y.jpg', density: 2 }, { url: 'z.jpg', density: 1.5 }]);
  assert.deepEqual(parseSrcset('data:image/png;base64,AA== 1x, bad.jpg 10q, twice.jpg 2x 3x, ok.jpg 3x'), [{ url: 'data:image/png;base64,AA==', density: 1 }, { url: 'ok.jpg', density: 3 }]);
  assert.deepEqual(parseSrcset('  '), []);
});

test('sizes: the first entry whose condition matches; invalid entries skipped; 100vw by default', () => {
  assert.equal(slotWidthPx(undefined, vp), 1350);
  assert.equal(slotWidthPx('(max-width: 600px) 100vw, (max-width: 1200px) 50vw, 33vw', vp), 445.5);
  assert.equal(slotWidthPx('(min-width: 1024px) calc(100vw - 4rem), 100vw', vp), 1286);
  assert.equal(slotWidthPx('(min-width: 1024px) 50%, 720px', vp), 720);
  assert.equal(slotWidthPx('(min-width: 1024px), 300px', vp), 300);
  assert.equal(slotWidthPx('auto, 640px', vp), 640);
  assert.equal(slotWidthPx('garbage', vp), 1350);
});

test('the candidate: smallest ≥ slot × DPR else the largest; x descriptors by density; first of equals', () => {
  const widths = parseSrcset('s.jpg 400w, m.jpg 800w, l.jpg 1600w');
  assert.equal(pickCandidate(widths, '700px', vp)!.candidate.url, 'm.jpg');
  assert.equal(pickCandidate(widths, '800px', vp)!.candidate.url, 'm.jpg');
  assert.equal(pickCandidate(widths, '100vw', vp)!.candidate.url, 'l.jpg');
  assert.equal(pickCandidate(parseSrcset('s.jpg 400w, m.jpg 800w'), undefined, vp)!.candidate.url, 'm.jpg');
  assert.equal(pickCandidate(widths, '700px', { ...vp, dpr: 2 })!.candidate.url, 'l.jpg');
  assert.equal(pickCandidate(parseSrcset('a.jpg 2x, b.jpg 1x, c.jpg'), undefined, vp)!.candidate.url, 'b.jpg');
  assert.equal(pickCandidate(parseSrcset('a.jpg 2x, b.jpg 3x'), undefined, vp)!.candidate.url, 'a.jpg');
  assert.equal(pickCandidate(parseSrcset('a.jpg 0.5x'), undefined, vp)!.candidate.url, 'a.jpg');
  assert.equal(pickCandidate([], undefined, vp), null);
});
