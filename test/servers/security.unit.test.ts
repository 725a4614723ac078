// Hostile and malformed request targets, sent without client-side normalisation: none may return a
// byte of a file outside the site (a secret next to it, reachable via symlinks too), each gets a 4xx,
// and the server keeps serving. Servers refuse to bind anywhere but loopback or 10.x.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../harness/shared/usage-error.ts';
import { startServer } from '../../servers/index.ts';
import type { TlsMaterial } from '../../servers/types.ts';
import { h2Request, h2Session, rawHttp1, SECRET, type TempSite, useSiteAndCertificate } from './helpers.ts';

const TARGETS = [
  '/..', '/../secret.txt', '/../../../../etc/passwd', '/%2e%2e/secret.txt', '/%2E%2E/secret.txt', '/%2e%2e%2fsecret.txt',
  '/..%2fsecret.txt', '/..%2Fsecret.txt', '/%252e%252e/secret.txt', '/%252e%252e%252fsecret.txt', '/..\\secret.txt',
  '/%5c..%5csecret.txt', '/..%5csecret.txt', '/assets/../../secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/./index.html',
  '/.%2e/secret.txt', '/%2e./secret.txt', '/%2e%2e%5csecret.txt', '/%00', '/index.html%00.css', '/secret.txt%00',
  '//etc/passwd', '///etc/passwd', '/C:/Windows/win.ini', '/c:%5cwindows%5cwin.ini', 'C:\\secret.txt', '/etc/passwd',
  '/secret.txt', '/leak.txt', '/up/secret.txt', '/up/site/index.html', '/..;/secret.txt', '/%c0%ae%c0%ae/secret.txt',
  '/%e0%80%ae%e0%80%ae/secret.txt', '/%', '/%zz', '/%u002e%u002e/secret.txt', '*', 'http://127.0.0.1/../secret.txt',
  '/index.html/..', '/posts/..', '/posts/%2e%2e', '/....//secret.txt', '/.env', '/' + 'a/'.repeat(1500),
  '/' + '%2e%2e/'.repeat(400), '/img/hero.jpg/../../../secret.txt',
];
const METHODS = ['POST', 'PUT', 'DELETE', 'TRACE', 'OPTIONS'];

let site: TempSite;
let tls: TlsMaterial;
useSiteAndCertificate((s, t) => { site = s; tls = t; });

test(`the corpus has at least 40 targets`, () => assert.ok(TARGETS.length >= 40));

test('HTTP/1.1, raw over TLS: every hostile target gets a 4xx and no secret', async () => {
  const server = await startServer({ variant: 'h1', siteDir: site.siteDir, tls });
  try {
    const send = (method: string, target: string) => rawHttp1(server.origin, tls, `${method} ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    for (const target of TARGETS) {
      const r = await send('GET', target);
      assert.ok(r.status >= 400 && r.status < 500, `${target.slice(0, 60)} → ${r.status}`);
      assert.ok(!r.raw.toString('latin1').includes(SECRET), target);
    }
    for (const method of METHODS) assert.equal((await send(method, '/')).status, 405, method);
    assert.equal((await send('GET', '/')).status, 200, 'still serving');
  } finally {
    await server.close();
  }
});

test('HTTP/2: every hostile :path gets a 4xx and no secret', async () => {
  const server = await startServer({ variant: 'h2', siteDir: site.siteDir, tls });
  const session = await h2Session(server.origin, tls);
  try {
    for (const target of TARGETS) {
      // nghttp2 itself resets a stream whose :path is not origin-form (RFC 9113 §8.3.1) before any
      // handler runs: a refusal as good as a 4xx, and only for those targets.
      const r = await h2Request(session, target).catch((err: NodeJS.ErrnoException) => err);
      if (r instanceof Error) {
        assert.ok(!target.startsWith('/') && /PROTOCOL_ERROR/.test(r.message), `${target}: ${r.message}`);
        continue;
      }
      assert.ok(r.status >= 400 && r.status < 500, `${target.slice(0, 60)} → ${r.status}`);
      assert.ok(!r.body.toString('latin1').includes(SECRET), target);
    }
    for (const method of METHODS) assert.equal((await h2Request(session, '/', {}, method)).status, 405, method);
    assert.equal((await h2Request(session, '/')).status, 200, 'still serving');
  } finally {
    session.close();
    await server.close();
  }
});

test('servers refuse to bind anywhere but loopback or 10.x', async () => {
  for (const host of ['0.0.0.0', '::', '192.168.1.10', '8.8.8.8', '11.0.0.1', 'example.com', '172.16.0.1']) {
    await assert.rejects(startServer({ variant: 'h2', siteDir: site.siteDir, tls, host }), UsageError, host);
  }
});
