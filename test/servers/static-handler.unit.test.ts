import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cacheControlFor, DISK_SERVED_MIN_BYTES, isContentHashed, loadSite, negotiateEncoding, resolveTarget, type StaticSite } from '../../servers/static-handler.ts';
import { decode, makeTempSite, SECRET, type TempSite } from './helpers.ts';

let site: TempSite;
let handler: StaticSite;
before(async () => {
  site = await makeTempSite();
  handler = await loadSite(site.siteDir);
});
after(() => site.cleanup());

const get = (target: string, headers: Record<string, string> = {}, method = 'GET') => handler.respond({ method, target, headers });

test('Accept-Encoding: br > gzip > identity, q-values honoured', () => {
  const all = ['br', 'gzip', 'identity'] as const;
  assert.equal(negotiateEncoding('gzip, deflate, br', [...all]), 'br');
  assert.equal(negotiateEncoding('br;q=0.5, gzip;q=0.9', [...all]), 'gzip');
  assert.equal(negotiateEncoding('br;q=0, gzip;q=0', [...all]), 'identity');
  assert.equal(negotiateEncoding('*', [...all]), 'br');
  assert.equal(negotiateEncoding('*;q=0.1, identity;q=0.5', [...all]), 'identity');
  assert.equal(negotiateEncoding(undefined, [...all]), 'identity');
  assert.equal(negotiateEncoding('br', ['identity', 'gzip']), 'identity');
});

test('content-hashed names are immutable, HTML is no-cache, the rest short-lived', () => {
  assert.ok(isContentHashed('/assets/site.3f9a1c2e.css'));
  assert.ok(isContentHashed('/a/app-0123456789abcdef.js'));
  assert.ok(!isContentHashed('/fonts/inter-latin-400-normal.woff2'));
  assert.ok(!isContentHashed('/a/site.3f9a1c.css'), 'fewer than 8 hex digits is not a hash');
  assert.equal(cacheControlFor('/assets/site.3f9a1c2e.css', '.css'), 'public, max-age=31536000, immutable');
  assert.equal(cacheControlFor('/index.html', '.html'), 'no-cache');
  assert.match(cacheControlFor('/img/hero.jpg', '.jpg'), /^public, max-age=\d+$/);
});

test('every file: status, type, encoding and decoded bytes', () => {
  const types: Record<string, RegExp> = {
    html: /^text\/html/, css: /^text\/css/, js: /^text\/javascript/, woff2: /^font\/woff2$/, jpg: /^image\/jpeg$/,
    webp: /^image\/webp$/, avif: /^image\/avif$/, png: /^image\/png$/, svg: /^image\/svg\+xml$/, json: /^application\/json/, txt: /^text\/plain/,
  };
  for (const [path, bytes] of Object.entries(site.files)) {
    const ext = path.slice(path.lastIndexOf('.') + 1);
    for (const [accept, expected] of [['br, gzip', 'br'], ['gzip', 'gzip'], ['identity', undefined]] as const) {
      const r = get(path, { 'accept-encoding': accept });
      assert.equal(r.status, 200, path);
      assert.match(r.headers['content-type']!, types[ext]!, path);
      const text = /^(html|css|js|svg|json)$/.test(ext);
      assert.equal(r.headers['content-encoding'], text ? expected : undefined, `${path} with ${accept}`);
      assert.equal(r.headers.vary, /^(html|css|js|svg|json|txt)$/.test(ext) ? 'accept-encoding' : undefined, path);
      assert.deepEqual(decode(r.body, r.headers['content-encoding']), bytes, path);
      assert.equal(Number(r.headers['content-length']), r.body.length);
    }
  }
});

test('"/" and "/dir/" serve index.html; HEAD has no body; 304 on a matching If-None-Match', () => {
  assert.deepEqual(get('/').body, site.files['/index.html']);
  assert.deepEqual(get('/posts/').body, site.files['/posts/index.html']);
  const head = get('/', {}, 'HEAD');
  assert.equal(head.body.length, 0);
  assert.equal(head.headers['content-length'], String(site.files['/index.html']!.length));
  const first = get('/', { 'accept-encoding': 'br' });
  assert.equal(first.headers['cache-control'], 'no-cache');
  assert.match(first.headers.etag!, /^"[0-9a-f]+-br"$/);
  const again = get('/', { 'accept-encoding': 'br', 'if-none-match': first.headers.etag! });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  assert.equal(get('/', { 'accept-encoding': 'gzip', 'if-none-match': first.headers.etag! }).status, 200, 'another representation is not a match');
});

test('405 for other methods, 414 for long paths, 404 for missing files', () => {
  const post = get('/', {}, 'POST');
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET, HEAD');
  assert.equal(get('/' + 'a'.repeat(3000)).status, 414);
  assert.equal(get('/nope.css').status, 404);
});

test('symlinks pointing outside the root are never served', () => {
  for (const target of ['/leak.txt', '/up/secret.txt', '/up/site/index.html']) {
    const r = get(target);
    assert.equal(r.status, 404, target);
    assert.ok(!r.body.toString().includes(SECRET));
  }
});

test('resolveTarget decodes once and refuses hostile shapes', () => {
  assert.deepEqual(resolveTarget('/a%20b.html?x=1'), { ok: true, path: '/a b.html' });
  assert.deepEqual(resolveTarget('/%252e%252e/x'), { ok: true, path: '/%2e%2e/x' }, 'decoded exactly once');
  for (const bad of ['/../x', '/%2e%2e/x', '/a/%2E%2E/b', '/a%2fb', '/a%5cb', '/a\\b', '/a%00b', '//etc/passwd', '/C:/x', 'x', '/%zz']) {
    const r = resolveTarget(bad);
    assert.ok(!r.ok && r.response.status === 400, bad);
  }
});

test('large files served as they are come from disk, byte-identical, with their length and ETag; a file changed mid-run is refused', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-disk-served-'));
  try {
    const big = Buffer.alloc(DISK_SERVED_MIN_BYTES + 1234, 7);
    fs.writeFileSync(path.join(dir, 'index.html'), '<p>hi</p>');
    fs.writeFileSync(path.join(dir, 'photo.jpg'), big);
    fs.writeFileSync(path.join(dir, 'small.jpg'), Buffer.alloc(100, 1));
    const site = await loadSite(dir);
    const get = (target: string, headers: Record<string, string> = {}) => site.respond({ method: 'GET', target, headers });
    const r = get('/photo.jpg', { 'accept-encoding': 'br, gzip' });
    assert.equal(r.status, 200);
    assert.ok(r.body.equals(big), 'the bytes of the file');
    assert.equal(r.headers['content-length'], String(big.length));
    assert.equal(r.headers['content-encoding'], undefined, 'served as it is');
    assert.equal(get('/photo.jpg', { 'if-none-match': r.headers.etag! }).status, 304, 'its ETag is its content hash, as for a file in memory');
    assert.equal(site.files().find((f) => f.path === '/photo.jpg')!.size, big.length);
    fs.appendFileSync(path.join(dir, 'photo.jpg'), 'x');
    assert.throws(() => get('/photo.jpg'), /changed while it was served/);
    assert.equal(get('/small.jpg').status, 200, 'small files stay in memory');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
