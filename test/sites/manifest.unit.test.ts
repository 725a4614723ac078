// Critical-resource manifest: derivation from HTML/CSS, the override file and its errors.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { UsageError } from '../../harness/shared/usage-error.ts';
import { DEFAULT_SITE_DIR, loadManifest, pagePaths, resourcesForPage } from '../../sites/manifest.ts';

const tempRoot = mkdtempSync(path.join(os.tmpdir(), 'pb-sites-test-'));
after(() => rmSync(tempRoot, { recursive: true, force: true }));

/** Writes a small site from { relative path: content } and returns its folder. */
function makeSite(name: string, files: Record<string, string>): string {
  const dir = path.join(tempRoot, name);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const smallSite = {
  'index.html': `<!doctype html><html><head>
    <link rel="stylesheet" href="css/main.css">
    <link rel="alternate stylesheet" href="css/print.css">
    <link rel="stylesheet" href="https://cdn.example.com/x.css">
    </head><body><main><img src="img/hero.webp"></main></body></html>`,
  'sub/index.html': `<!doctype html><html><head><link rel="stylesheet" href="../css/main.css?v=2"></head>
    <body><header><img src="../img/logo.png"></header>
    <main><img loading="lazy" src="../img/late.jpg"><img src="./photo.jpg"></main></body></html>`,
  'sub/flagged.html': `<!doctype html><html><head></head>
    <body><main><img src="a.jpg"><img fetchpriority="high" src="/img/big.avif"><img src="data:image/png;base64,AA=="></main></body></html>`,
  'css/main.css': `@font-face { font-family: A; src: url("../fonts/a.woff2") format("woff2"), url(../fonts/a.woff) format("woff"); }
    @font-face { font-family: B; src: local("B"), url('fonts/b.woff'); }
    @font-face { font-family: C; src: url(https://fonts.example.com/c.woff2) format("woff2"); }
    body { font-family: A, B; }`,
  'css/fonts/b.woff': 'b',
  'fonts/a.woff2': 'a',
  'img/hero.webp': 'h',
};

test('the blog manifest lists the stylesheet, both fonts and the hero for every page, in that order', async () => {
  const manifest = await loadManifest(DEFAULT_SITE_DIR);
  assert.equal(manifest.source, 'derived');
  const pages = pagePaths(manifest);
  assert.equal(pages[0], '/');
  assert.ok(pages.length >= 3);
  for (const page of pages) {
    const resources = resourcesForPage(manifest, page);
    assert.deepEqual(resources.map((r) => r.as), ['style', 'font', 'font', 'image'], page);
    const html = readFileSync(path.join(DEFAULT_SITE_DIR, page === '/' ? 'index.html' : page), 'utf8');
    assert.equal(resources[0]!.path, /<link rel="stylesheet" href="([^"]+)"/.exec(html)![1]);
    assert.equal(resources[3]!.path, /<img [^>]*src="([^"]+)"/.exec(html)![1]);
    for (const font of resources.slice(1, 3)) {
      assert.match(font.path, /^\/assets\/[\w-]+\.[0-9a-f]{8}\.woff2$/);
      assert.equal(font.type, 'font/woff2');
      assert.equal(font.crossorigin, true);
      assert.equal(font.reason, `font used by ${resources[0]!.path}`);
    }
  }
  assert.deepEqual(resourcesForPage(manifest, '/index.html'), resourcesForPage(manifest, '/'));
  assert.deepEqual(resourcesForPage(manifest, '/?utm=x#top'), resourcesForPage(manifest, '/'));
  assert.deepEqual(resourcesForPage(manifest, '/assets/nothing.css'), []);
});

test('derivation resolves page- and CSS-relative URLs and skips cross-origin, alternate and lazy ones', async () => {
  const manifest = await loadManifest(makeSite('relative', smallSite));
  assert.deepEqual(pagePaths(manifest), ['/', '/sub/', '/sub/flagged.html']);
  assert.deepEqual(resourcesForPage(manifest, '/'), [
    { path: '/css/main.css', as: 'style', reason: 'stylesheet in <head>' },
    { path: '/fonts/a.woff2', as: 'font', type: 'font/woff2', crossorigin: true, reason: 'font used by /css/main.css' },
    { path: '/css/fonts/b.woff', as: 'font', type: 'font/woff', crossorigin: true, reason: 'font used by /css/main.css' },
    { path: '/img/hero.webp', as: 'image', type: 'image/webp', reason: 'LCP image' },
  ]);
  // The query string is dropped from the path: the server maps it to the same file.
  const sub = resourcesForPage(manifest, '/sub/index.html');
  assert.deepEqual(sub.map((r) => r.path), ['/css/main.css', '/fonts/a.woff2', '/css/fonts/b.woff', '/sub/photo.jpg']);
  assert.deepEqual(resourcesForPage(manifest, '/sub'), sub);
  assert.deepEqual(resourcesForPage(manifest, '/sub/flagged.html').map((r) => r.path), ['/img/big.avif']);
});

test('URLs that climb above the site root stay inside it', async () => {
  const dir = makeSite('escape', {
    'index.html': '<html><head><link rel="stylesheet" href="../../../etc/x.css"></head><body><img src="/../../secret.jpg"></body></html>',
  });
  const resources = resourcesForPage(await loadManifest(dir), '/');
  assert.deepEqual(resources.map((r) => r.path), ['/etc/x.css', '/secret.jpg']);
});

test('pushbench.manifest.json overrides derivation', async () => {
  const dir = makeSite('override', {
    ...smallSite,
    'pushbench.manifest.json': JSON.stringify({
      pages: {
        '/index.html': [
          { path: '/img/hero.webp', as: 'image' },
          { path: '/fonts/a.woff2', as: 'font', type: 'font/woff2', crossorigin: true },
        ],
      },
    }),
  });
  const manifest = await loadManifest(dir);
  assert.equal(manifest.source, 'override');
  assert.deepEqual(resourcesForPage(manifest, '/'), [
    { path: '/img/hero.webp', as: 'image', reason: 'pushbench.manifest.json' },
    { path: '/fonts/a.woff2', as: 'font', type: 'font/woff2', crossorigin: true, reason: 'pushbench.manifest.json' },
  ]);
  assert.deepEqual(resourcesForPage(manifest, '/sub/'), []);
  assert.deepEqual(pagePaths(manifest), ['/', '/sub/', '/sub/flagged.html']);
});

test('a bad override names the JSON path of the bad field', async () => {
  const cases: [unknown, RegExp][] = [
    [{ pages: { '/': [{ path: '/img/hero.webp', as: 'image' }, { path: '/x.css', as: 'stylesheet' }] } }, /pushbench\.manifest\.json: pages\["\/"\]\[1\]\.as must be one of "style", "font", "image", "script", "fetch"/],
    [{ pages: { '/': [{ path: 'img/hero.webp', as: 'image' }] } }, /pages\["\/"\]\[0\]\.path must be an absolute URL path/],
    [{ pages: { '/': [{ path: '/img/hero.webp', as: 'image', crossorigin: 'yes' }] } }, /pages\["\/"\]\[0\]\.crossorigin must be a boolean/],
    [{ pages: { '/': [{ path: '/img/missing.webp', as: 'image' }] } }, /pages\["\/"\]\[0\]\.path "\/img\/missing\.webp" does not exist/],
    [{ pages: { '/nope.html': [] } }, /pages\["\/nope\.html"\] names no HTML page/],
    [{ page: {} }, /pushbench\.manifest\.json: pages is missing/],
    [{ pages: {}, extra: 1 }, /\(top level\) has unknown key\(s\) "extra"/],
  ];
  for (const [i, [content, message]] of cases.entries()) {
    const dir = makeSite(`bad-${i}`, { ...smallSite, 'pushbench.manifest.json': JSON.stringify(content) });
    await assert.rejects(loadManifest(dir), (err: unknown) => err instanceof UsageError && message.test(err.message), `case ${i}`);
  }
  const broken = makeSite('bad-json', { ...smallSite, 'pushbench.manifest.json': '{ "pages": ' });
  await assert.rejects(loadManifest(broken), (err: unknown) => err instanceof UsageError && /pushbench\.manifest\.json: not valid JSON/.test(err.message));
});

test('a missing folder or one without index.html is a usage error that says how to fix it', async () => {
  const fix = /--site DIR must point to a built static site containing index\.html/;
  const missing = path.join(tempRoot, 'does-not-exist');
  await assert.rejects(loadManifest(missing), (err: unknown) => err instanceof UsageError && err.message.includes(missing) && fix.test(err.message));
  const empty = makeSite('no-index', { 'about.html': '<p>hi</p>' });
  await assert.rejects(loadManifest(empty), (err: unknown) => err instanceof UsageError && /has no index\.html/.test(err.message) && fix.test(err.message));
});
