// A site's second origins (`_origins/<host>/`): the folder convention, what derivation lists on them
// (with `origin`), what it leaves as notes, and the fixture blog whose fonts live on one (sites/blog-cdn).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../harness/shared/usage-error.ts';
import { derivePage } from '../../sites/manifest-derive.ts';
import { DEFAULT_SITE_DIR, loadManifest, pagePaths } from '../../sites/manifest.ts';
import { formatManifest } from '../../sites/manifest-summary.ts';
import { isInSecondOrigins, publicUrlOfSitePath, secondOriginsOf } from '../../sites/site-origins.ts';

const tempRoot = mkdtempSync(path.join(os.tmpdir(), 'pb-origins-test-'));
process.env.PUSHBENCH_CACHE_DIR = path.join(tempRoot, 'cache');
after(() => rmSync(tempRoot, { recursive: true, force: true }));

const BLOG_CDN = fileURLToPath(new URL('../../sites/blog-cdn', import.meta.url));
const FONTS = 'https://fonts.pushbench.test';

let sites = 0;
function makeSite(files: Record<string, string>): string {
  const dir = path.join(tempRoot, `site-${sites++}`);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

test('secondOriginsOf: each _origins/<host> folder, sorted, as https://<host>; files, dotfolders and no folder at all are none', () => {
  const site = makeSite({
    'index.html': '<p>x</p>',
    '_origins/static.example.test/a.js': 'a',
    '_origins/fonts.example.test/f.woff2': 'f',
    '_origins/notes.txt': 'not a folder',
    '_origins/.cache/x': 'dotfolder',
  });
  assert.deepEqual(secondOriginsOf(site), [
    { host: 'fonts.example.test', origin: 'https://fonts.example.test', dir: path.join(site, '_origins', 'fonts.example.test') },
    { host: 'static.example.test', origin: 'https://static.example.test', dir: path.join(site, '_origins', 'static.example.test') },
  ]);
  assert.deepEqual(secondOriginsOf(makeSite({ 'index.html': '' })), []);
  assert.deepEqual(secondOriginsOf(path.join(tempRoot, 'no-such-site')), []);
});

test('secondOriginsOf: a folder that is not a lower-case DNS host name is a UsageError naming it and the fix', () => {
  for (const [name, why] of [
    ['Fonts.example.test', /not lower case/],
    ['fonts', /not a host name with a dot/],
    ['127.0.0.1', /IP address/],
    ['fonts_cdn.example.test', /not a DNS host name/],
    ['-fonts.example.test', /not a DNS host name/],
  ] as const) {
    const site = makeSite({ [`_origins/${name}/a.woff2`]: 'a' });
    assert.throws(() => secondOriginsOf(site), (err: unknown) =>
      err instanceof UsageError && err.message.includes(`_origins/${name}`) && why.test(err.message) && /e\.g\. _origins\/fonts\.example\.test/.test(err.message), name);
  }
});

test('the helpers: what lies in _origins, and a file there by its URL', () => {
  assert.equal(isInSecondOrigins('_origins/fonts.x.test/a.html'), true);
  assert.equal(isInSecondOrigins(path.join('_origins', 'fonts.x.test', 'a.html')), true);
  assert.equal(isInSecondOrigins('posts/_origins/a.html'), false);
  assert.equal(isInSecondOrigins('index.html'), false);
  assert.equal(publicUrlOfSitePath('/_origins/fonts.x.test/a/b.woff2'), 'https://fonts.x.test/a/b.woff2');
  assert.equal(publicUrlOfSitePath('/assets/a.css'), '/assets/a.css');
});

test('blog-cdn: every page lists the stylesheet, both fonts on https://fonts.pushbench.test (CORS) and the hero', async () => {
  const manifest = await loadManifest(BLOG_CDN);
  assert.deepEqual(pagePaths(manifest), ['/', '/posts/early-hints.html', '/posts/http2-server-push.html', '/posts/preload-and-caching.html']);
  for (const page of manifest.pages) {
    assert.deepEqual(page.resources.map((r) => r.as), ['style', 'font', 'font', 'image'], page.page);
    const [sheet, ...rest] = page.resources;
    assert.equal(sheet!.origin, undefined, 'the stylesheet stays first-party');
    assert.match(sheet!.path, /^\/assets\/site\.[0-9a-f]{8}\.css$/);
    for (const font of rest.filter((r) => r.as === 'font')) {
      assert.equal(font.origin, FONTS);
      assert.match(font.path, /^\/(inter-400|merriweather-700)\.[0-9a-f]{8}\.woff2$/);
      assert.equal(font.crossorigin, true);
      assert.equal(font.type, 'font/woff2');
      assert.equal(font.reason, `font used by ${sheet!.path}`);
    }
    assert.equal(rest.at(-1)!.origin, undefined, 'the hero stays first-party');
    assert.equal(page.notes, undefined, 'nothing cross-origin is left unlisted');
  }
  assert.match(formatManifest(manifest), /font {4}https:\/\/fonts\.pushbench\.test\/inter-400\.[0-9a-f]{8}\.woff2 +font used by/);
});

test('blog-cdn is blog with its fonts moved: same pages but for the stylesheet\'s name, same files, fonts named by absolute URL', () => {
  const files = (root: string) => readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== 'README.md')
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
  const blog = files(DEFAULT_SITE_DIR);
  const cdn = files(BLOG_CDN);
  const sheet = (list: string[]) => list.find((f) => /^assets\/site\.[0-9a-f]{8}\.css$/.test(f))!;
  const fonts = blog.filter((f) => f.endsWith('.woff2'));
  assert.equal(fonts.length, 2);
  assert.deepEqual(cdn, [...fonts.map((f) => `_origins/fonts.pushbench.test/${path.posix.basename(f)}`), ...blog.filter((f) => !f.endsWith('.woff2') && f !== sheet(blog)), sheet(cdn)].sort());
  const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8');
  for (const file of blog.filter((f) => f.endsWith('.html'))) {
    assert.equal(read(BLOG_CDN, file), read(DEFAULT_SITE_DIR, file).replace(`/${sheet(blog)}`, `/${sheet(cdn)}`), file);
  }
  let css = read(DEFAULT_SITE_DIR, sheet(blog));
  for (const font of fonts) css = css.replace(`url("./${path.posix.basename(font)}")`, `url("${FONTS}/${path.posix.basename(font)}")`);
  assert.equal(read(BLOG_CDN, sheet(cdn)), css);
});

test('derivation: a sheet, script and hero on a second origin are listed with it; another origin is still a note; its HTML is no page', async () => {
  const files = {
    'index.html': `<!doctype html><html><head>
      <link rel="stylesheet" href="https://static.example.test/css/site.css">
      <link rel="stylesheet" href="https://elsewhere.example/x.css">
      <script src="https://static.example.test/app.js" crossorigin></script>
      </head><body><main><img src="https://static.example.test/img/hero.jpg" fetchpriority="high"></main></body></html>`,
    '_origins/static.example.test/css/site.css': `@import "more.css"; @font-face { font-family: A; src: url(../fonts/a.woff2) format("woff2"); }`,
    '_origins/static.example.test/css/more.css': `@font-face { font-family: B; src: url(https://fonts.example.test/b.woff2) format("woff2"); }`,
    '_origins/static.example.test/index.html': '<p>a page of the second origin, not of the site</p>',
    '_origins/fonts.example.test/b.woff2': 'b',
  };
  const site = makeSite(files);
  const derived = await derivePage(site, '/', files['index.html']);
  const S = 'https://static.example.test';
  assert.deepEqual(derived.resources.map((r) => [r.as, r.origin, r.path]), [
    ['style', S, '/css/site.css'],
    ['style', S, '/css/more.css'],
    ['script', S, '/app.js'],
    ['font', S, '/fonts/a.woff2'],
    ['font', 'https://fonts.example.test', '/b.woff2'],
    ['image', S, '/img/hero.jpg'],
  ]);
  assert.equal(derived.resources[1]!.reason, `stylesheet imported by ${S}/css/site.css`);
  assert.equal(derived.resources[2]!.crossorigin, true);
  assert.deepEqual(derived.notes, ['not in the manifest, cross-origin: stylesheet https://elsewhere.example/x.css']);
  assert.deepEqual(pagePaths(await loadManifest(site)), ['/'], 'an .html file under _origins is not a page of the site');
});

test('pushbench.manifest.json: "origin" names a second origin and a file of its folder; anything else is a UsageError', async () => {
  const override = (resource: Record<string, unknown>) => JSON.stringify({ pages: { '/': [resource] } });
  const files = { 'index.html': '<p>x</p>', '_origins/fonts.example.test/a.woff2': 'a' };
  const good = makeSite({ ...files, 'pushbench.manifest.json': override({ path: '/a.woff2', origin: 'https://fonts.example.test', as: 'font', crossorigin: true }) });
  assert.deepEqual((await loadManifest(good)).pages[0]!.resources, [
    { path: '/a.woff2', origin: 'https://fonts.example.test', as: 'font', crossorigin: true, reason: 'pushbench.manifest.json' },
  ]);
  const unknown = makeSite({ ...files, 'pushbench.manifest.json': override({ path: '/a.woff2', origin: 'https://cdn.example.test', as: 'font' }) });
  await assert.rejects(loadManifest(unknown), (err: unknown) =>
    err instanceof UsageError && /pages\["\/"\]\[0\]\.origin "https:\/\/cdn\.example\.test" is not a second origin of the site; use one of https:\/\/fonts\.example\.test/.test(err.message));
  const missing = makeSite({ ...files, 'pushbench.manifest.json': override({ path: '/b.woff2', origin: 'https://fonts.example.test', as: 'font' }) });
  await assert.rejects(loadManifest(missing), (err: unknown) =>
    err instanceof UsageError && /\.path "\/b\.woff2" does not exist in .*_origins\/fonts\.example\.test/.test(err.message));
});
