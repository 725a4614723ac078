// The physics bound (harness/compute/bound.ts) against hand-computed cases.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boundsForRun, lowerBound, transferMs, type BoundInput } from '../../harness/compute/bound.ts';
import type { NetworkProfile } from '../../harness/config/profile.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pb-bound-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const profile = (rttMs: number, downKbps: number): NetworkProfile => ({ name: `p${rttMs}`, rttMs, downKbps, upKbps: downKbps, lossPct: 0, queueBytes: 0 });
const RESOURCES = [
  { path: '/site.css', as: 'style', bytes: 5000 },
  { path: '/font.woff2', as: 'font', bytes: 24000 },
  { path: '/hero.jpg', as: 'image', bytes: 120000 },
];
const inputOf = (over: Partial<BoundInput>): BoundInput => ({
  profile: profile(100, 0), variant: 'h2', protocol: 'h2', resources: RESOURCES, htmlBytes: 4000, thinkMs: 0, cache: 'cold', ...over,
});

const input = inputOf;

test('100 KB at 1.6 Mbit/s and 150 ms RTT: three slow-start rounds', () => {
  // The TCP model of harness/shapers/transfer-theory.ts: a 1500-byte packet takes 7.5 ms. Window 1
  // (10 segments) leaves at 0; its first ACK is back at 7.5 + 150, when window 2 (20 segments,
  // 150 ms of link time) leaves; its first ACK is back at 157.5 + 7.5 + 150 = 315, when the last
  // 56 560 bytes leave: 39 full packets and one of 88 + 52 bytes.
  const expected = 315 + 39 * 7.5 + ((88 + 52) * 8) / 1600;
  assert.ok(Math.abs(transferMs(100_000, 150, 1600) - expected) < 0.01);
  // As a page: 2 RTT handshake + 1 RTT request, then the same transfer, whose two ACK-clocked
  // window starts also wait for a 52-byte ACK at the profile's 1600 kbit/s up.
  const b = lowerBound(input({ profile: profile(150, 1600), resources: [], htmlBytes: 100_000 }));
  assert.equal(b.fcpMs, Math.round((450 + expected + (2 * 52 * 8) / 1600) * 10) / 10);
  assert.equal(b.lcpMs, b.fcpMs, 'no image: LCP is text, so LCP = FCP');
});

test('a single window at link rate: its packets back to back, no extra round trip', () => {
  // 10 000 bytes fit the 14 480-byte initial window: 6 full packets and one of 1312 + 52 bytes.
  assert.ok(Math.abs(transferMs(10_000, 80, 10_000) - ((6 * 1500 + 1312 + 52) * 8) / 10_000) < 1e-9);
});

test('slow start costs round trips even on an unlimited link', () => {
  // HTML (4000) alone at 300 ms; CSS + hero (125 000 bytes) from 400 ms need windows of
  // 14 480, 28 960, 57 920 and a fourth for the last 23 640 bytes: 400 + 3 RTT.
  const b = lowerBound(input({}));
  assert.deepEqual([b.fcpMs, b.lcpMs], [400, 700]);
});

test('round trips of the critical chain as each variant shapes it (unlimited rate, RTT 100 ms)', () => {
  // Small responses that all fit the initial window, so only round trips count.
  const small = [{ path: '/site.css', as: 'style', bytes: 2000 }, { path: '/font.woff2', as: 'font', bytes: 2000 }, { path: '/hero.jpg', as: 'image', bytes: 8000 }];
  const input = (over: Partial<BoundInput>) => inputOf({ resources: small, htmlBytes: 2000, ...over });
  // h2: connect 200 + HTML 100, then CSS and hero +100.
  assert.deepEqual([lowerBound(input({})).fcpMs, lowerBound(input({})).lcpMs], [400, 400]);
  // push: everything in the HTML's round trip.
  assert.equal(lowerBound(input({ variant: 'h2-push' })).lcpMs, 300);
  // Early hints with 200 ms think time: hinted requests go out during the think time.
  assert.equal(lowerBound(input({ variant: 'h2', thinkMs: 200 })).fcpMs, 600);
  assert.equal(lowerBound(input({ variant: 'early-hints', thinkMs: 200 })).fcpMs, 500);
  // Over HTTP/1.1 the hinted requests need a second connection (+2 RTT): no earlier than normal here.
  assert.equal(lowerBound(input({ variant: 'early-hints-h1', protocol: 'h1' })).fcpMs, 400);
  // h1: the hero waits for a connection (after the CSS on the same one: +2 RTT after the HTML).
  assert.equal(lowerBound(input({ variant: 'h1', protocol: 'h1' })).lcpMs, 500);
  // font-display: block puts the fonts (+1 RTT after the CSS) on the FCP path unless preloaded.
  assert.equal(lowerBound(input({ fontsBlockRender: true })).fcpMs, 500);
  assert.equal(lowerBound(input({ variant: 'preload', fontsBlockRender: true })).fcpMs, 400);
});

test('warm caches only revalidate the HTML; "none" costs only the think time', () => {
  assert.equal(lowerBound(input({ cache: 'warm' })).lcpMs, 300);
  assert.equal(lowerBound(input({ cache: 'warm-conn' })).lcpMs, 100);
  for (const variant of ['h2', 'h2-push', 'early-hints', 'h1']) {
    const b = lowerBound(input({ profile: profile(0, 0), variant, thinkMs: 40 }));
    assert.deepEqual([b.fcpMs, b.lcpMs], [40, 40], variant);
  }
});

test('slower links and pushed bytes: push beats h2 on a slow link, never below the byte time', () => {
  const slow = profile(150, 1638.4);
  const h2 = lowerBound(input({ profile: slow }));
  const push = lowerBound(input({ profile: slow, variant: 'h2-push' }));
  assert.ok(push.lcpMs < h2.lcpMs, `${push.lcpMs} < ${h2.lcpMs}`);
  const goodput = (1638.4 / 8) * (1448 / 1500);
  assert.ok(push.lcpMs >= 450 + (4000 + 5000 + 120000) / goodput, 'all LCP bytes must cross the link');
  assert.match(h2.explain, /slow start/);
});

test('boundsForRun takes sizes from the wire log before the site files', () => {
  const run = join(tmp, 'run');
  const site = join(run, 'site');
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>x</title>'.repeat(50));
  writeFileSync(join(site, 'assets', 'site.css'), 'body { font-display: swap }');
  writeFileSync(join(site, 'assets', 'hero.jpg'), Buffer.alloc(30_000, 1));
  const slow = profile(150, 1600);
  writeFileSync(join(run, 'run.json'), JSON.stringify({
    benchmark: { variants: ['h2', 'h2-push'], profiles: [slow], cache: ['cold', 'warm'], thinkMs: 0, pages: ['/'] },
    manifest: { siteDir: site, pages: [{ page: '/', resources: [{ path: '/assets/site.css', as: 'style' }, { path: '/assets/hero.jpg', as: 'image' }] }] },
  }));
  const fromFiles = boundsForRun(run);
  assert.equal(fromFiles.length, 4);
  const trace = join(run, 'traces', 'chromium__p150__cold__r1__h2__index');
  mkdirSync(trace, { recursive: true });
  writeFileSync(join(trace, 'wire.jsonl'), `${JSON.stringify({ type: 'response', status: 200, path: '/assets/hero.jpg', bodyBytes: 90_000 })}\n`);
  const fromWire = boundsForRun(run);
  const cold = (bs: typeof fromWire) => bs.find((b) => b.variant === 'h2' && b.cache === 'cold')!;
  assert.ok(cold(fromWire).lcpMs > cold(fromFiles).lcpMs, 'the 90 KB wire size makes the bound slower than the 30 KB file');
  assert.equal(cold(fromWire).fcpMs, cold(fromFiles).fcpMs, 'FCP does not need the hero');
  assert.deepEqual(boundsForRun(join(tmp, 'missing')), []);
});

test('boundsForRun reads the wire log with the one parser: a torn last line is dropped, the rest counts', () => {
  const run = join(tmp, 'torn');
  mkdirSync(join(run, 'traces', 'chromium__p150__cold__r1__h2__index'), { recursive: true });
  const slow = profile(150, 1600);
  writeFileSync(join(run, 'run.json'), JSON.stringify({
    benchmark: { variants: ['h2'], profiles: [slow], cache: ['cold'], thinkMs: 0, pages: ['/'] },
    manifest: { pages: [{ page: '/', resources: [{ path: '/hero.jpg', as: 'image' }] }] },
  }));
  const response = (path: string, bodyBytes: number) => JSON.stringify({ type: 'response', status: 200, path, bodyBytes });
  const wire = join(run, 'traces', 'chromium__p150__cold__r1__h2__index', 'wire.jsonl');
  writeFileSync(wire, `${response('/', 4000)}\n${response('/hero.jpg', 90_000)}\n${response('/hero.jpg', 900_000).slice(0, 30)}`);
  const [b] = boundsForRun(run);
  const whole = lowerBound(input({ profile: slow, resources: [{ path: '/hero.jpg', as: 'image', bytes: 90_000 }], htmlBytes: 4000 }));
  assert.deepEqual([b!.fcpMs, b!.lcpMs], [whole.fcpMs, whole.lcpMs]);
});

test('boundsForRun: one bound per think time of a sweep, and run.json think times of older versions', () => {
  const slow = profile(150, 1600);
  const thinksOf = (thinkMs: unknown) => {
    const run = join(tmp, `think-${JSON.stringify(thinkMs).replace(/\W+/g, '-')}`);
    mkdirSync(run, { recursive: true });
    writeFileSync(join(run, 'run.json'), JSON.stringify({
      benchmark: { variants: ['h2', 'h2-push'], profiles: [slow], cache: ['cold'], thinkMs, pages: ['/'] },
      manifest: { pages: [{ page: '/', resources: [] }] },
    }));
    return boundsForRun(run).map((b) => [b.variant, b.thinkMs]);
  };
  assert.deepEqual(thinksOf({ values: [0, 300], byVariant: { 'h2-push': 50 } }), [['h2', 0], ['h2', 300], ['h2-push', 50]]);
  assert.deepEqual(thinksOf({ default: 40, byVariant: { 'h2-push': 50 } }), [['h2', 40], ['h2-push', 50]], 'before sweeps: { default, byVariant }');
  assert.deepEqual(thinksOf(20), [['h2', 20], ['h2-push', 20]], 'older still: a number');
});

test('HTTP/3: one round trip of handshake, and a 32-packet initial window', () => {
  const p = profile(100, 0);
  const h2 = lowerBound(input({ profile: p, variant: 'h2', protocol: 'h2' }));
  const h3 = lowerBound(input({ profile: p, variant: 'h3', protocol: 'h3' }));
  // Unlimited rate: the only differences are the handshake (1 RTT less) and the larger first window
  // (the 120 KB hero needs one round less: 10+20+40+… vs 32+64 packets).
  assert.equal(h2.fcpMs - h3.fcpMs, 100, 'FCP one RTT earlier');
  assert.ok(h2.lcpMs - h3.lcpMs >= 100, `LCP at least one RTT earlier: ${h2.lcpMs} vs ${h3.lcpMs}`);
  assert.match(h3.explain, /1 RTT QUIC handshake/);
  assert.match(h3.explain, /IW 32 QUIC packets/);
  assert.match(h2.explain, /2 RTT connect/);
});
