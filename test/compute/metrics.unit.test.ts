// The compute modules are pure: known artifacts in, known metrics out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CdpEvent, NavigationEntry, PageArtifacts, ResourceEntry } from '../../harness/gather/artifacts.ts';
import type { WireEvent } from '../../servers/wire-log.ts';
import { computeBytes } from '../../harness/compute/bytes.ts';
import { computePush } from '../../harness/compute/push.ts';
import { computeHints } from '../../harness/compute/hints.ts';
import { computeTiming, finalTtfb } from '../../harness/compute/timing.ts';
import { preloadsUnused } from '../../harness/compute/preload.ts';
import { duplicateFetches } from '../../harness/compute/fetches.ts';
import { harnessCostMs, harnessOverheadMs } from '../../harness/compute/metrics.ts';

const O = 'https://10.77.0.2:4443';
const nav = (over: Partial<NavigationEntry> = {}): NavigationEntry => ({
  startTime: 0, fetchStart: 1, domainLookupStart: 1, connectStart: 2, secureConnectionStart: 42, connectEnd: 82,
  requestStart: 83, responseStart: 130, responseEnd: 140, domContentLoadedEventEnd: 300, loadEventEnd: 400,
  transferSize: 5000, encodedBodySize: 4700, decodedBodySize: 15000, nextHopProtocol: 'h2', ...over,
});
const res = (path: string, over: Partial<ResourceEntry> = {}): ResourceEntry => ({
  name: O + path, initiatorType: 'link', startTime: 150, responseStart: 200, responseEnd: 250,
  transferSize: 1000, encodedBodySize: 900, decodedBodySize: 3000, nextHopProtocol: 'h2', ...over,
});
const page = (resources: ResourceEntry[], over: Partial<PageArtifacts> = {}): PageArtifacts => ({
  navigation: nav(), paint: [{ name: 'first-contentful-paint', startTime: 250 }],
  lcp: { supported: true, candidates: [{ startTime: 260, renderTime: 260, loadTime: 0, size: 1, url: '', element: 'h1' }, { startTime: 380, renderTime: 380, loadTime: 300, size: 9, url: O + '/hero.jpg', element: 'img.hero' }] },
  resources,
  usage: { stylesheets: [O + '/site.css'], images: [O + '/hero.jpg'], scripts: [], fonts: [{ family: 'Inter', weight: '400', style: 'normal', status: 'loaded' }], preloadLinks: [] },
  ...over,
});
let t = 1000;
const ev = (e: Record<string, unknown>): WireEvent => ({ t: t++, variant: 'h2', conn: 1, ...e }) as unknown as WireEvent;
const request = (path: string, stream: number) => ev({ type: 'request', stream, method: 'GET', path, headers: {} });

test('timing: milestones, the last LCP candidate, the handshake RTT of TCP + TLS', () => {
  const m = computeTiming(page([]));
  assert.equal(m.fcpMs, 250);
  assert.equal(m.lcpMs, 380);
  assert.equal(m.lcpUrl, '/hero.jpg');
  assert.equal(m.lcpElement, 'img.hero');
  assert.equal(m.handshakeRttMs, 40, '(82 - 2) / 2');
  assert.equal(computeTiming(page([], { navigation: nav({ connectStart: 5, connectEnd: 5 }) })).handshakeRttMs, undefined, 'reused connection');
});

test('TTFB is the final response, not the 103', () => {
  // Chromium >= 133: finalResponseHeadersStart.
  assert.equal(finalTtfb(page([], { navigation: nav({ responseStart: 90, firstInterimResponseStart: 90, finalResponseHeadersStart: 190 }) }), []), 190);
  // Older: responseStart is the 103; CDP's receiveHeadersEnd gives the final headers.
  const cdp: CdpEvent[] = [{ method: 'Network.responseReceived', params: { type: 'Document', response: { url: O + '/', timing: { sendStart: 80, receiveHeadersEnd: 185 } } } }];
  assert.equal(finalTtfb(page([], { navigation: nav({ responseStart: 88 }) }), cdp), 83 + 105);
  // No 103: responseStart stands.
  assert.equal(finalTtfb(page([]), []), 130);
});

test('push: promised, used (CDP pushStart), cancelled, wasted bytes, refused', () => {
  const wire = [
    request('/', 1),
    ev({ type: 'push-promise', stream: 1, pushedStream: 2, path: '/site.css' }),
    ev({ type: 'push-promise', stream: 1, pushedStream: 4, path: '/hero.jpg' }),
    ev({ type: 'push-reset', stream: 4, path: '/hero.jpg', rstCode: 8 }),
    ev({ type: 'stream-end', stream: 2, path: '/site.css', bytes: 900, pushed: true, durationMs: 1, rstCode: null }),
    ev({ type: 'stream-end', stream: 4, path: '/hero.jpg', bytes: 16000, pushed: true, durationMs: 1, rstCode: 8 }),
  ];
  const cdp: CdpEvent[] = [{ method: 'Network.responseReceived', params: { response: { url: O + '/site.css', timing: { pushStart: 0.12 } } } }];
  const p = computePush(wire, cdp);
  assert.deepEqual({ ...p, usedPaths: [...p.usedPaths] }, { promised: 2, skipped: 0, accepted: 1, used: 1, cancelled: 1, wastedBytes: 16000, support: 'accepted', usedPaths: ['/site.css'] });
  const refused = computePush([ev({ type: 'push-refused', stream: 1, reason: 'push refused by client', paths: ['/site.css'] })], []);
  assert.equal(refused.support, 'refused');
  assert.equal(refused.promised, 0);
  assert.equal(computePush([request('/', 1)], []).support, 'n/a');
});

test('hints: started by Resource Timing or by a request before the HTML left; used unless fetched twice', () => {
  const critical = [{ path: '/site.css', as: 'style' as const, reason: '' }, { path: '/hero.jpg', as: 'image' as const, reason: '' }];
  const hint = ev({ type: 'early-hints', stream: 1, links: ['</site.css>; rel=preload; as=style, </hero.jpg>; rel=preload; as=image'] });
  const wire = [request('/', 1), hint, request('/site.css', 3), request('/hero.jpg', 5), request('/hero.jpg', 7),
    ev({ type: 'response', stream: 1, status: 200, path: '/', contentEncoding: 'br', bodyBytes: 4700, pushed: false })];
  const h = computeHints(wire, page([res('/site.css', { initiatorType: 'early-hints' })]), '/', critical);
  assert.deepEqual(h, { sent: 1, preloadsStarted: 2, preloadsUsed: 1, support: 'honoured' });
  assert.equal(duplicateFetches(wire), 1);
  const ignored = computeHints([request('/', 1), hint, ev({ type: 'response', stream: 1, status: 200, path: '/', contentEncoding: 'br', bodyBytes: 1, pushed: false }), request('/site.css', 3)], page([]), '/', critical);
  assert.equal(ignored.support, 'ignored');
  assert.equal(computeHints([request('/', 1)], page([]), '/', critical).support, 'n/a');
  // A preconnect names an origin, not a resource: its "/" is not the page request started by the 103.
  const preconnect = ev({ type: 'early-hints', stream: 1, links: ['<https://fonts.pushbench.test>; rel=preconnect; crossorigin'] });
  const onlyPreconnect = computeHints([request('/', 1), preconnect, ev({ type: 'response', stream: 1, status: 200, path: '/', contentEncoding: 'br', bodyBytes: 1, pushed: false })], page([]), '/', critical);
  assert.equal(onlyPreconnect.preloadsStarted, 0);
});

test('preloads unused: not referenced by the page, or fetched again', () => {
  const critical = [{ path: '/site.css', as: 'style' as const, reason: '' }, { path: '/other.css', as: 'style' as const, reason: '' }, { path: '/hero.jpg', as: 'image' as const, reason: '' }];
  const wire = [request('/site.css', 1), request('/hero.jpg', 3), request('/hero.jpg', 5)];
  assert.equal(preloadsUnused(critical, wire, page([])), 2, '/other.css unreferenced, /hero.jpg fetched twice');
});

test('bytes: cache hits count 0, 103-started fetches count their body when the server saw them', () => {
  const wire = [request('/site.css', 1), ev({ type: 'stream-end', stream: 1, path: '/site.css', bytes: 900, pushed: false, durationMs: 1, rstCode: null }), ev({ type: 'connection', alpn: 'h2', tlsVersion: 'TLSv1.3', remoteAddress: null, remotePort: null })];
  const b = computeBytes(page([res('/site.css', { initiatorType: 'early-hints', transferSize: 0 }), res('/cached.js', { transferSize: 0 })]), wire);
  assert.equal(b.transferBytes, 5000 + 900 + 0);
  assert.equal(b.decodedBytes, 15000 + 3000 + 3000);
  assert.equal(b.serverBytes, 900);
  assert.equal(b.requests, 1);
  assert.equal(b.connections, 1);
});

test('harness cost: wall time minus the page\'s own time, to its load event or its LCP, whichever is later', () => {
  assert.equal(harnessCostMs(900, { loadMs: 400, fcpMs: 300, lcpMs: 350 }), 500, 'LCP before load: the load event ends the page');
  assert.equal(harnessCostMs(900, { loadMs: 400, fcpMs: 300, lcpMs: 520 }), 380, 'the hero painted after load is page time');
  assert.equal(harnessCostMs(900, { loadMs: 400, fcpMs: 300, lcpMs: undefined }), 500, 'no LCP (Firefox before 122): the load event');
  assert.equal(harnessCostMs(900, { loadMs: undefined, fcpMs: 300, lcpMs: 350 }), undefined, 'a load that never finished has none');
  assert.equal(harnessOverheadMs(900, { loadMs: 400 }), 500, 'the overhead as first defined: wall time minus the load event');
});
