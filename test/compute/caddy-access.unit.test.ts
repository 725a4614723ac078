// Caddy's JSON access log as wire events (harness/compute/caddy-access.ts), on lines shaped like
// the ones Caddy 2.6.2 writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wireFromCaddyAccess } from '../../harness/compute/caddy-access.ts';
import { computeBytes } from '../../harness/compute/bytes.ts';
import { computePush } from '../../harness/compute/push.ts';
import { computeHints } from '../../harness/compute/hints.ts';

const line = (ts: number, duration: number, port: string, proto: string, uri: string, size: number, extraHeaders: Record<string, string[]> = {}) => JSON.stringify({
  level: 'info', ts, logger: 'http.log.access.log0', msg: 'handled request',
  request: { remote_ip: '10.77.0.1', remote_port: port, proto, method: 'GET', host: '10.77.0.2:8443', uri, headers: { 'Accept-Encoding': ['br'], ...extraHeaders }, tls: { resumed: false, version: 772, proto: proto === 'HTTP/2.0' ? 'h2' : '' } },
  user_id: '', duration, size, status: 200, resp_headers: {},
});

test('requests, connections, bytes and pushes come from the access log', () => {
  const text = [
    line(1000.010, 0.002, '5001', 'HTTP/2.0', '/', 15000),
    line(1000.011, 0.001, '5001', 'HTTP/2.0', '/assets/site.css', 4000, { 'Caddy-Push': ['1'] }),
    line(1000.050, 0.002, '5001', 'HTTP/2.0', '/assets/hero.avif?x=1', 90000),
    '{"torn":',
  ].join('\n');
  const wire = wireFromCaddyAccess(text, 'h2-push', '/', []);
  const bytes = computeBytes(undefined, wire);
  assert.equal(bytes.requests, 2, 'the push is not a client request');
  assert.equal(bytes.connections, 1);
  assert.equal(bytes.serverBytes, 109000);
  const push = computePush(wire, []);
  assert.equal(push.promised, 1);
  assert.equal(push.support, 'accepted');
  const request = wire.find((e) => e.type === 'request' && e.path === '/')!;
  assert.ok(Math.abs(request.t - 1000008) < 0.01, 'a request arrived at ts − duration');
  assert.ok(wire.some((e) => e.type === 'request' && e.path === '/assets/hero.avif'), 'the query string is not part of the path');
});

test('HTTP/3 lines: one connection per client port, resumption unknown', () => {
  const wire = wireFromCaddyAccess([line(5, 0.001, '7000', 'HTTP/3.0', '/', 100), line(6, 0.001, '7001', 'HTTP/3.0', '/a.css', 100)].join('\n'), 'h3', '/', []);
  const conns = wire.filter((e) => e.type === 'connection');
  assert.equal(conns.length, 2);
  assert.deepEqual(conns.map((c) => c.type === 'connection' && [c.alpn, c.tlsResumed]), [['h3', null], ['h3', null]]);
});

test('the 103s come from what the browser received, and count as honoured when hinted fetches started', () => {
  const text = line(10, 0.001, '7000', 'HTTP/3.0', '/', 100);
  const cdp = [{ method: 'Network.responseReceivedEarlyHints', params: { headers: { link: '</assets/site.css>; rel=preload; as=style, </fonts/a.woff2>; rel=preload; as=font; crossorigin' } } }];
  const wire = wireFromCaddyAccess(text, 'h3-early-hints', '/', cdp);
  const hints = wire.filter((e) => e.type === 'early-hints');
  assert.equal(hints.length, 1);
  assert.deepEqual(hints[0]!.type === 'early-hints' && hints[0]!.links, ['</assets/site.css>; rel=preload; as=style', '</fonts/a.woff2>; rel=preload; as=font; crossorigin']);
  const page = { resources: [{ name: 'https://x/assets/site.css', initiatorType: 'early-hints', transferSize: 0, encodedBodySize: 10, decodedBodySize: 10 }] } as never;
  const m = computeHints(wire, page, '/', [{ path: '/assets/site.css', as: 'style', reason: 'stylesheet' } as never]);
  assert.equal(m.sent, 1);
  assert.equal(m.support, 'honoured');
  assert.equal(wireFromCaddyAccess(text, 'h3-early-hints', '/', []).filter((e) => e.type === 'early-hints').length, 0, 'no CDP event and no hinted fetch: no 103 claimed');
  // Chromium 103 has no CDP event; Resource Timing's initiatorType "early-hints" shows the 103 arrived.
  const fromPage = wireFromCaddyAccess(text, 'h3-early-hints', '/', [], page).filter((e) => e.type === 'early-hints');
  assert.deepEqual(fromPage.map((e) => e.type === 'early-hints' && e.links), [['</assets/site.css>']]);
});
