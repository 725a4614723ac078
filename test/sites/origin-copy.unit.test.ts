// The copy of a user's running server: its URL checked (loopback only), the pages and every file
// they name copied, extensionless pages stored under an alias, and what could not be copied said.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseOriginUrl, ORIGIN_COPY_RECORD } from '../../sites/origin-url.ts';
import { copyOrigin, sitePathFor, urlsInCss, urlsInHtml } from '../../sites/origin-copy.ts';
import { loadManifest, resourcesForPage } from '../../sites/manifest.ts';
import { UsageError } from '../../harness/shared/usage-error.ts';

test('an origin must be plain http on this machine\'s loopback, and only an origin', () => {
  assert.equal(parseOriginUrl('http://127.0.0.1:3000/', 'origin'), 'http://127.0.0.1:3000');
  assert.equal(parseOriginUrl(' http://localhost:8080 ', 'origin'), 'http://localhost:8080');
  assert.equal(parseOriginUrl('http://[::1]:5173', 'origin'), 'http://[::1]:5173');
  const refused: [string, RegExp][] = [
    ['http://example.com:3000', /not on this machine's loopback/],
    ['http://10.0.0.5:3000', /not on this machine's loopback/],
    ['https://127.0.0.1:3000', /must be plain http/],
    ['http://127.0.0.1:3000/app', /origin only/],
    ['127.0.0.1:3000', /plain http|not a URL/],
    ['not a url', /not a URL/],
  ];
  for (const [raw, why] of refused) {
    assert.throws(() => parseOriginUrl(raw, 'origin (config "origin" or PUSHBENCH_ORIGIN)'), (err: unknown) =>
      err instanceof UsageError && why.test(err.message) && err.message.includes('PUSHBENCH_ORIGIN'), raw);
  }
});

test('the files a page names are found in its HTML and CSS, same origin only', () => {
  const origin = 'http://127.0.0.1:9';
  const html = `<!doctype html><head><base href="/app/"><link rel=stylesheet href="s.css"><link rel=icon href="/favicon.ico">
    <link rel=preload as=image imagesrcset="h-1.jpg 1x, h-2.jpg 2x"><script type=module src="/m.js"></script>
    <style>body{background:url('bg.png')}</style></head><body><img src="https://cdn.example/x.png"><img srcset="a.jpg 400w, b.jpg 800w">
    <picture><source srcset="p.avif" type="image/avif"><img src="p.jpg"></picture><div style="background-image:url(&quot;/hero.webp&quot;)"></div>
    <a href="/other-page">not a subresource</a></body>`;
  const paths = urlsInHtml(html, `${origin}/`, origin).map((u) => new URL(u).pathname).sort();
  assert.deepEqual(paths, ['/app/a.jpg', '/app/b.jpg', '/app/bg.png', '/app/h-1.jpg', '/app/h-2.jpg', '/app/p.avif', '/app/p.jpg', '/app/s.css', '/favicon.ico', '/hero.webp', '/m.js']);
  assert.deepEqual(urlsInCss(`@import "a.css"; @import url(b.css); @font-face{src:url('f.woff2') format('woff2')} .x{background:url(data:image/png;base64,xx)}`), ['b.css', 'f.woff2', 'a.css']);
  assert.equal(sitePathFor('/', 'text/html'), '/index.html');
  assert.equal(sitePathFor('/about', 'text/html; charset=utf-8'), '/about.html');
  assert.equal(sitePathFor('/old.htm', 'text/html'), '/old.htm.html', 'only .html is a page to the servers');
  assert.equal(sitePathFor('/docs/', 'text/html'), '/docs/index.html');
  assert.equal(sitePathFor('/logo', 'image/png'), '/logo.png', 'stored under the name that gives its type');
  assert.equal(sitePathFor('/a.jpeg', 'image/jpeg'), '/a.jpeg');
  assert.equal(sitePathFor('/data.bin', 'application/octet-stream'), '/data.bin');
});

test('copyOrigin copies the pages and what they name (through @import), aliases extensionless pages, and says what it skipped', async (t) => {
  const files: Record<string, [string, string]> = {
    '/': ['text/html', '<html><head><link rel=stylesheet href="/main.css"></head><body><main><img src="/hero.jpg"><img src="/img?w=1"><img src="/img?w=2"></main>' +
      '<script src="/missing.js"></script><img src="/x%2F..%2F..%2F..%2Fescaped.png"><img src="/100%.png"></body></html>'],
    '/about': ['text/html', '<html><head><link rel=stylesheet href="/main.css?v=2"></head><body><main><h1>About</h1></main></body></html>'],
    '/main.css': ['text/css', '@import "/fonts.css"; body{color:red}'],
    '/fonts.css': ['text/css', '@font-face{font-family:X;src:url(/x.woff2) format("woff2")}'],
    '/x.woff2': ['font/woff2', 'wOF2'],
    '/hero.jpg': ['image/jpeg', 'JPEG'],
    '/img': ['image/webp', 'WEBP'],
  };
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    // Any .png exists: the copy must refuse hostile names itself, not rely on the server's 404.
    const hit = req.url!.endsWith('.png') ? ['image/png', 'PNG'] : files[req.url!.split('?')[0]!];
    if (!hit) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': hit[0] });
    res.end(hit[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-origin-copy-'));
  t.after(() => fs.rmSync(work, { recursive: true, force: true }));
  process.env.PUSHBENCH_CACHE_DIR = path.join(work, 'cache');
  const dir = path.join(work, 'copy');

  const record = await copyOrigin(origin, ['/', '/about'], dir);
  assert.deepEqual(record.files.map((f) => f.path).sort(), ['/about.html', '/fonts.css', '/hero.jpg', '/img.webp', '/index.html', '/main.css', '/x.woff2']);
  assert.deepEqual(record.aliases, { '/about': '/about.html', '/img': '/img.webp' });
  assert.deepEqual(record.queries, { '/img': '?w=1' }, 'the one query a path was copied with: the first named');
  const skipped = Object.fromEntries(record.skipped.map((s) => [s.url, s.reason]));
  assert.equal(skipped['/missing.js'], 'status 404');
  assert.match(skipped['/img?w=2']!, /another URL of \/img is copied/);
  assert.match(skipped['/main.css?v=2']!, /another URL of \/main\.css is copied/);
  assert.match(skipped['/x%2F..%2F..%2F..%2Fescaped.png']!, /not a file name/, 'an encoded dot segment never leaves the copy');
  assert.match(skipped['/100%.png']!, /not a file name/);
  assert.ok(!fs.existsSync(path.join(work, 'escaped.png')) && !fs.existsSync(path.join(work, 'cache', 'escaped.png')));
  assert.equal(record.pageTimes.length, 2);
  assert.ok(fs.existsSync(path.join(dir, ORIGIN_COPY_RECORD)));
  assert.equal(fs.readFileSync(path.join(dir, 'fonts.css'), 'utf8'), files['/fonts.css']![1]);

  // The manifest of the copy answers for the page's own URL.
  const manifest = await loadManifest(dir);
  assert.deepEqual(resourcesForPage(manifest, '/about').map((r) => r.path), resourcesForPage(manifest, '/about.html').map((r) => r.path));
  assert.ok(resourcesForPage(manifest, '/').some((r) => r.path === '/main.css'));

  // A page that is not HTML answering 200, or that is not on the origin, is the user's to fix, named.
  await assert.rejects(copyOrigin(origin, ['/nope'], dir), (err: unknown) => err instanceof UsageError && /\/nope answered 404/.test(err.message));
  for (const elsewhere of ['//example.com/x', '/\\example.com/x', 'about']) {
    await assert.rejects(copyOrigin(origin, [elsewhere], dir), (err: unknown) => err instanceof UsageError && /pages .*is not a path on/.test(err.message), elsewhere);
  }
  await assert.rejects(copyOrigin('http://127.0.0.1:1', ['/'], path.join(work, 'none')), (err: unknown) => err instanceof UsageError && /is your server running there/.test(err.message));
  assert.ok(requests > 0);
});
