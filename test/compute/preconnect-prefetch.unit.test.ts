// preconnect_used from Resource Timing, the second origin's connection lead from its wire log, and
// what a journey step took from an earlier step's prefetch.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PageArtifacts, ResourceEntry } from '../../harness/gather/artifacts.ts';
import { connectionLeadMs, secondOriginConnection } from '../../harness/compute/preconnect.ts';
import { computePrefetch } from '../../harness/compute/prefetch.ts';
import type { WireEvent } from '../../harness/compute/wire.ts';

const PAGE = 'https://10.0.0.1:4000/';
const preconnectUse = (...args: Parameters<typeof secondOriginConnection>) => secondOriginConnection(...args).used;
const resource = (name: string, startTime: number, connectStart: number, connectEnd: number): ResourceEntry => ({
  name, initiatorType: 'css', startTime, domainLookupStart: startTime, domainLookupEnd: startTime, connectStart, secureConnectionStart: connectStart, connectEnd,
  requestStart: connectEnd, responseStart: connectEnd + 150, responseEnd: connectEnd + 200, transferSize: 1000, encodedBodySize: 900, decodedBodySize: 900, nextHopProtocol: 'h2',
});
const page = (resources: ResourceEntry[], navSetupMs = 300): PageArtifacts => ({
  navigation: { startTime: 0, fetchStart: 1, domainLookupStart: 1, connectStart: 1, secureConnectionStart: 150, connectEnd: 1 + navSetupMs, requestStart: 301, responseStart: 460, responseEnd: 470, domContentLoadedEventEnd: 600, loadEventEnd: 900, transferSize: 5000, encodedBodySize: 4000, decodedBodySize: 9000, nextHopProtocol: 'h2' },
  paint: [], lcp: { supported: true, candidates: [] }, resources, usage: null,
});

test('preconnect_used: ready, partly set up, set up by the request, nothing cross-origin, no timing', () => {
  const css = resource('https://10.0.0.1:4000/site.css', 480, 480, 480);
  assert.equal(preconnectUse(page([css, resource('https://fonts.pushbench.test/a.woff2', 700, 700, 700)]), PAGE), 'yes');
  assert.equal(preconnectUse(page([css, resource('https://fonts.pushbench.test/a.woff2', 700, 700, 790)]), PAGE), 'partly');
  assert.equal(preconnectUse(page([css, resource('https://fonts.pushbench.test/a.woff2', 700, 700, 1000)]), PAGE), 'no');
  assert.equal(preconnectUse(page([css]), PAGE), 'n/a');
  // Without Timing-Allow-Origin the browser reports zeros: not judged.
  assert.equal(preconnectUse(page([{ ...resource('https://fonts.pushbench.test/a.woff2', 700, 0, 0), domainLookupStart: 0 }]), PAGE), '');
  // The first cross-origin request decides, by start time, not by list order.
  assert.equal(preconnectUse(page([resource('https://fonts.pushbench.test/b.woff2', 900, 900, 900), resource('https://fonts.pushbench.test/a.woff2', 700, 700, 1000)]), PAGE), 'no');
  // An unshaped link: a fresh set-up too short to tell a partial one from.
  assert.equal(preconnectUse(page([resource('https://fonts.pushbench.test/a.woff2', 700, 700, 701)], 2), PAGE), 'no');
});

const ev = (e: Record<string, unknown>) => ({ variant: 'h2', ...e }) as unknown as WireEvent;

test('the connection lead: how long the second origin\'s connection was ready when its first request came', () => {
  const wire = [
    ev({ type: 'connection', t: 1000, conn: 1, alpn: 'h2' }),
    ev({ type: 'connection', t: 1100, conn: 2, alpn: 'h2' }),
    ev({ type: 'request', t: 1400.5, conn: 1, stream: 1, method: 'GET', path: '/a.woff2', headers: {} }),
    ev({ type: 'request', t: 1101, conn: 2, stream: 1, method: 'GET', path: '/b.woff2', headers: {} }),
  ];
  assert.equal(connectionLeadMs(wire), 1, 'the first request (conn 2) came 1 ms after its TLS was done');
  assert.equal(connectionLeadMs(wire.slice(0, 3)), 400.5);
  assert.equal(connectionLeadMs([]), undefined);
});

test('prefetch: counted where it is sent, used where the next step takes the page from it', () => {
  const step1 = { wire: [
    ev({ type: 'request', t: 1, conn: 1, stream: 1, method: 'GET', path: '/', headers: {} }),
    ev({ type: 'request', t: 9, conn: 1, stream: 9, method: 'GET', path: '/posts/a.html', headers: { 'sec-purpose': 'prefetch' } }),
    ev({ type: 'request', t: 9, conn: 1, stream: 11, method: 'GET', path: '/hero-a.jpg', headers: { purpose: 'prefetch' } }),
  ] };
  assert.deepEqual(computePrefetch(step1, undefined, '/', undefined), { prefetched: 2 });
  const articlePage = page([resource('https://10.0.0.1:4000/hero-a.jpg', 50, 50, 50), resource('https://10.0.0.1:4000/site.css', 40, 40, 40)]);
  // Step 2 asks the server for nothing it had prefetched: the document and the hero came from the prefetch.
  const step2 = { wire: [ev({ type: 'request', t: 20, conn: 1, stream: 13, method: 'GET', path: '/other.js', headers: {} })] };
  assert.deepEqual(computePrefetch(step2, articlePage, '/posts/a.html', [step1]), { prefetched: 0, used: 'yes', hits: 2 });
  // The document asked for again: the prefetch was not used for it.
  const again = { wire: [ev({ type: 'request', t: 20, conn: 1, stream: 13, method: 'GET', path: '/posts/a.html', headers: {} })] };
  assert.equal(computePrefetch(again, articlePage, '/posts/a.html', [step1]).used, 'no');
  // Nothing prefetched for this page: n/a; CDP's resource type Prefetch counts as a prefetch too.
  assert.equal(computePrefetch(step2, articlePage, '/posts/b.html', [step1]).used, 'n/a');
  const viaCdp = { wire: [], cdp: [{ method: 'Network.requestWillBeSent', params: { type: 'Prefetch', request: { url: 'https://10.0.0.1:4000/posts/b.html' } } }] };
  assert.equal(computePrefetch(step2, articlePage, '/posts/b.html', [viaCdp]).used, 'yes');
});

test('prefetch: a document revalidated with a 304 saved its body, not its round trip', () => {
  const step1 = { wire: [ev({ type: 'request', t: 9, conn: 1, stream: 9, method: 'GET', path: '/posts/a.html', headers: { 'sec-purpose': 'prefetch' } })] };
  const step2 = { wire: [
    ev({ type: 'request', t: 20, conn: 1, stream: 13, method: 'GET', path: '/posts/a.html', headers: { 'if-none-match': '"x"' } }),
    ev({ type: 'response', t: 21, conn: 1, stream: 13, status: 304, path: '/posts/a.html', bodyBytes: 0, pushed: false }),
  ] };
  assert.equal(computePrefetch(step2, undefined, '/posts/a.html', [step1]).used, 'revalidated');
});

test('preconnect_used leaves out cache hits and says when the connection came from an earlier step', () => {
  const cached = { ...resource('https://fonts.pushbench.test/a.woff2', 700, 700, 700), transferSize: 0 };
  assert.equal(preconnectUse(page([cached]), PAGE), 'n/a', 'a font from the cache asked nothing of the network');
  const fresh = resource('https://fonts.pushbench.test/a.woff2', 700, 700, 700);
  const request = ev({ type: 'request', t: 5, conn: 3, stream: 1, method: 'GET', path: '/a.woff2', headers: {} });
  assert.equal(preconnectUse(page([fresh]), PAGE, { 'fonts.pushbench.test': [request] }), 'reused');
  assert.equal(preconnectUse(page([fresh]), PAGE, { 'fonts.pushbench.test': [ev({ type: 'connection', t: 1, conn: 3, alpn: 'h2' }), request] }), 'yes');
});

test('a font a 103 preloaded counts as fetched over the network, though Resource Timing gives it no transfer size', () => {
  const hinted = { ...resource('https://fonts.pushbench.test/a.woff2', 700, 700, 700), transferSize: 0, initiatorType: 'early-hints' };
  assert.equal(preconnectUse(page([hinted]), PAGE), 'yes');
});

test('a second origin that logged no request in this navigation was not asked: n/a', () => {
  const hinted = { ...resource('https://fonts.pushbench.test/a.woff2', 700, 700, 700), transferSize: 0, initiatorType: 'early-hints' };
  assert.equal(preconnectUse(page([hinted]), PAGE, { 'fonts.pushbench.test': [] }), 'n/a');
});
