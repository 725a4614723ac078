// The generated Caddyfile, read as text: protocols per variant, the order of the handlers each early
// path needs, and that no path or value can break out of its token.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../../harness/shared/usage-error.ts';
import { caddyfileFor, requestPathsOf, type CaddySiteSpec } from '../../../servers/caddy/caddyfile.ts';
import type { CriticalResource } from '../../../sites/manifest-types.ts';

const CSS: CriticalResource = { path: '/assets/site.3f9a1c2e.css', as: 'style', reason: 'stylesheet' };
const FONT: CriticalResource = { path: '/fonts/x.woff2', as: 'font', type: 'font/woff2', crossorigin: true, reason: 'font' };
const HERO: CriticalResource = { path: '/img/hero.jpg', as: 'image', reason: 'LCP image' };

function site(overrides: Partial<CaddySiteSpec> = {}): CaddySiteSpec {
  return {
    variant: 'h2', host: '127.0.0.1', port: 8443, protocol: 'h2', early: 'none',
    certPath: '/state/cert.pem', keyPath: '/state/key.pem', servedDir: '/state/sites/0', accessLogPath: '/logs/caddy-h2.jsonl',
    pages: [{ paths: requestPathsOf('/'), resources: [CSS, FONT, HERO] }, { paths: ['/posts/a.html'], resources: [CSS] }],
    push: 'all', extensions: ['.css', '.html', '.jpg', '.woff2'],
    ...overrides,
  };
}

const config = (overrides: Partial<CaddySiteSpec> = {}) => caddyfileFor({ stateDir: '/state', sites: [site(overrides)] });
/** The lines of the file, without indentation. */
const lines = (text: string) => text.split('\n').map((l) => l.trim());

test('protocols: h1 only h1, h2 without h3 (no Alt-Svc), h3 all three; global options keep Caddy to itself', () => {
  assert.match(config({ protocol: 'h1' }), /servers "127\.0\.0\.1:8443" \{\n\t\tprotocols h1\n/);
  const h2 = config({ protocol: 'h2' });
  assert.match(h2, /protocols h1 h2\n/);
  assert.doesNotMatch(h2, /h3/);
  assert.match(config({ protocol: 'h3' }), /protocols h1 h2 h3\n/);
  for (const option of ['admin off', 'auto_https off', 'storage file_system "/state/storage"']) assert.ok(lines(h2).includes(option), option);
});

test('a site: bound to the host on its port, the run certificate, the served tree, a JSON access log, precompressed files', () => {
  const text = lines(config());
  for (const line of [
    'https://:8443 {', 'bind "127.0.0.1"', 'tls "/state/cert.pem" "/state/key.pem"', 'root * "/state/sites/0"',
    'output file "/logs/caddy-h2.jsonl"', 'format json', 'precompressed br gzip',
    '@page0 path "/" "/index.html"', '@page1 path "/posts/a.html"',
    'header @page Cache-Control "no-cache"', 'header @immutable Cache-Control "public, max-age=31536000, immutable"',
    'header @short Cache-Control "public, max-age=3600"', '@type0 path "*.css"', 'header @type0 Content-Type "text/css; charset=utf-8"',
  ]) assert.ok(text.includes(line), line);
  assert.ok(!text.some((l) => l.startsWith('push') || l.startsWith('respond 103') || l.includes('Link')), 'none adds nothing');
});

test('hints: per page a route with the Link header, respond 103, then header -Link (the 200 has no Link)', () => {
  const text = lines(config({ early: 'hints' }));
  const start = text.indexOf('route @page0 {');
  assert.ok(start > 0);
  assert.equal(text[start + 1], 'header Link "</assets/site.3f9a1c2e.css>; rel=preload; as=style, </fonts/x.woff2>; rel=preload; as=font; type=\\"font/woff2\\"; crossorigin, </img/hero.jpg>; rel=preload; as=image"');
  assert.deepEqual(text.slice(start + 2, start + 5), ['respond 103', 'header -Link', '}']);
  assert.ok(text.indexOf('route @page1 {') > start);
  assert.ok(start < text.indexOf('header @page Cache-Control "no-cache"'), 'the 103 carries only the links');
});

test('link-header: a Link header on each page only', () => {
  const text = lines(config({ early: 'link-header' }));
  assert.ok(text.includes('header @page1 Link "</assets/site.3f9a1c2e.css>; rel=preload; as=style"'));
  assert.ok(text.some((l) => l.startsWith('header @page0 Link "</assets/site.3f9a1c2e.css>')));
  assert.ok(!text.includes('respond 103'));
});

test('push: one push per page with its push set', () => {
  const text = lines(config({ early: 'push', push: 'css' }));
  const at = text.indexOf('push @page0 {');
  assert.deepEqual(text.slice(at + 1, at + 3), ['GET "/assets/site.3f9a1c2e.css"', '}'], 'css set: no font, no image');
  const all = lines(config({ early: 'push', push: 'all' }));
  const at0 = all.indexOf('push @page0 {');
  assert.deepEqual(all.slice(at0 + 1, at0 + 4), ['GET "/assets/site.3f9a1c2e.css"', 'GET "/fonts/x.woff2"', 'GET "/img/hero.jpg"']);
  assert.ok(all.includes('push @page1 {'));
});

test('html-link, html-preconnect, html-prefetch: nothing in the config (the tags are in the served HTML)', () => {
  for (const early of ['html-link', 'html-preconnect', 'html-prefetch'] as const) assert.equal(config({ early }), config({ early: 'none' }), early);
});

const FONTS = 'https://fonts.pushbench.test';
const FAR_FONT: CriticalResource = { ...FONT, path: '/x.woff2', origin: FONTS };

test('hints: a page with a second origin gets the preconnect first in its 103, then the preloads', () => {
  const text = lines(config({ early: 'hints', pages: [{ paths: ['/'], resources: [CSS, FAR_FONT] }, { paths: ['/posts/a.html'], resources: [CSS] }] }));
  const start = text.indexOf('route @page0 {');
  assert.ok(text[start + 1]!.startsWith(`header Link "<${FONTS}>; rel=preconnect; crossorigin, </assets/site.3f9a1c2e.css>; rel=preload; as=style, `), text[start + 1]);
  const other = text.indexOf('route @page1 {');
  assert.equal(text[other + 1], 'header Link "</assets/site.3f9a1c2e.css>; rel=preload; as=style"', 'a same-origin page: the 103 as before');
});

test('hints-preconnect: a 103 with only the preconnects, and no 103 for a page without a second origin', () => {
  const text = lines(config({ early: 'hints-preconnect', pages: [{ paths: ['/'], resources: [CSS, FAR_FONT, HERO] }, { paths: ['/posts/a.html'], resources: [CSS] }] }));
  const start = text.indexOf('route @page0 {');
  assert.deepEqual(text.slice(start + 1, start + 5), [`header Link "<${FONTS}>; rel=preconnect; crossorigin"`, 'respond 103', 'header -Link', '}']);
  assert.equal(text.indexOf('route @page1 {'), -1);
  assert.equal(text.filter((l) => l === 'respond 103').length, 1);
});

test('edge: pages go to the origin after the 103 and before the caching headers; assets from the tree', () => {
  const text = lines(config({ early: 'hints', upstream: '127.0.0.1:9000' }));
  const proxy = text.indexOf('reverse_proxy @page "127.0.0.1:9000" {');
  assert.ok(proxy > text.indexOf('respond 103'));
  assert.ok(proxy < text.indexOf('header @page Cache-Control "no-cache"'));
  assert.deepEqual(text.slice(proxy + 1, proxy + 4), ['transport http {', 'compression off', '}']);
  assert.ok(text.indexOf('file_server {') > proxy);
});

test('paths are quoted: spaces and quotes stay inside their token, and encoded where they are URLs', () => {
  const odd: CriticalResource = { path: '/a "b" c.css', as: 'style', reason: 'odd' };
  const text = lines(config({ early: 'link-header', pages: [{ paths: ['/my "page".html'], resources: [odd] }], servedDir: '/state/my site' }));
  assert.ok(text.includes('@page0 path "/my \\"page\\".html"'));
  assert.ok(text.includes('header @page0 Link "</a%20%22b%22%20c.css>; rel=preload; as=style"'));
  assert.ok(text.includes('root * "/state/my site"'));
});

test('a hostile path or value is refused with a UsageError naming it', () => {
  const hostile = [
    { pages: [{ paths: ['/x.html"\n\trespond 200'], resources: [] }] },
    { pages: [{ paths: ['/{$HOME}.html'], resources: [] }] },
    { pages: [{ paths: ['/{http.request.uri}.html'], resources: [] }] },
    { pages: [{ paths: ['/a\\" b.html'], resources: [] }] },
    { pages: [{ paths: ['/*.html'], resources: [] }] },
    { pages: [{ paths: ['/100%25.html'], resources: [] }] },
    { servedDir: '/state/{$SECRET}' },
    { accessLogPath: '/logs/x\n}\n' },
    { extensions: ['.c*s'] },
    { early: 'hints' as const, pages: [{ paths: ['/'], resources: [{ ...FONT, type: 'font/{$X}' }] }] },
  ];
  for (const overrides of hostile) {
    assert.throws(() => config(overrides), (err: unknown) => err instanceof UsageError && !err.message.includes('\n'), JSON.stringify(overrides));
  }
});
