// Derivation on pages shaped like real builds: @import chains, several stylesheets, <picture> and
// srcset heroes, CSS background heroes, module and render-blocking scripts, absolute URLs to the
// site's own origin, and pages with no LCP candidate. Each case writes a small site to a temp dir.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { derivePage, NO_LCP_NOTE } from '../../sites/manifest-derive.ts';
import { loadManifest } from '../../sites/manifest.ts';
import { formatManifest, noLcpSummary } from '../../sites/manifest-summary.ts';
import type { CriticalResource } from '../../sites/manifest-types.ts';

const tempRoot = mkdtempSync(path.join(os.tmpdir(), 'pb-derive-test-'));
process.env.PUSHBENCH_CACHE_DIR = path.join(tempRoot, 'cache');
after(() => rmSync(tempRoot, { recursive: true, force: true }));

let sites = 0;
/** Writes { relative path: content } to a fresh folder and returns it. */
function makeSite(files: Record<string, string>): string {
  const dir = path.join(tempRoot, `site-${sites++}`);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const page = (head: string, body = '<main><img src="/hero.jpg"></main>') => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const face = (name: string, src: string) => `@font-face { font-family: ${name}; src: ${src}; }`;

/** Derives page `pagePath` of a site made of `files`; the page's HTML is files[its file]. */
async function derive(files: Record<string, string>, pagePath = '/', file = 'index.html') {
  return derivePage(makeSite(files), pagePath, files[file]!);
}
const summary = (resources: CriticalResource[]) => resources.map((r) => `${r.as} ${r.path}`);

test('@import chains are followed: imported sheets after the <head>\'s, then every sheet\'s fonts', async () => {
  const derived = await derive({
    'index.html': page('<link rel="stylesheet" href="/css/a.css"><link rel="stylesheet" href="/css/second.css">'),
    'css/a.css': `@import url("b.css"); @import 'sub/c.css' screen; @import "print.css" print; @import url(https://fonts.example.com/x.css);
      ${face('A', 'url(../fonts/a.woff2) format("woff2")')}`,
    'css/b.css': `@import "a.css"; ${face('B', 'url("/fonts/b.woff2")')}`, // a cycle back to a.css
    'css/sub/c.css': `@import url(../b.css) layer(base) supports(display: grid); ${face('C', 'url(c.woff2)')}`,
    'css/second.css': face('D', 'url(/fonts/d.woff2) format("woff2")'),
    'css/print.css': face('P', 'url(/fonts/p.woff2)'),
  });
  assert.deepEqual(summary(derived.resources), [
    'style /css/a.css', 'style /css/second.css', 'style /css/b.css', 'style /css/sub/c.css',
    'font /fonts/a.woff2', 'font /fonts/d.woff2', 'font /fonts/b.woff2', 'font /css/sub/c.woff2',
    'image /hero.jpg',
  ]);
  assert.equal(derived.resources[2]!.reason, 'stylesheet imported by /css/a.css');
  assert.equal(derived.resources[7]!.reason, 'font used by /css/sub/c.css');
  assert.deepEqual(derived.notes, ['not in the manifest, cross-origin: stylesheet https://fonts.example.com/x.css (imported by /css/a.css)']);
});

test('an @import cycle ends where it closes, and a sheet importing itself is listed once', async () => {
  const derived = await derive({
    'index.html': page('<link rel="stylesheet" href="/x.css">'),
    'x.css': '@import "y.css"; @import "x.css";',
    'y.css': '@import "z.css"; @import "/x.css";',
    'z.css': `@import "y.css"; ${face('Z', 'url(z.woff2)')}`,
  });
  assert.deepEqual(summary(derived.resources), ['style /x.css', 'style /y.css', 'style /z.css', 'font /z.woff2', 'image /hero.jpg']);
});

test('links with non-matching media, alternate or disabled ones are not render-blocking; inline <style> declares fonts and imports', async () => {
  const derived = await derive({
    'index.html': page(`<link rel="stylesheet" href="/print.css" media="print">
      <link rel="stylesheet" href="/narrow.css" media="(max-width: 600px)">
      <link rel="stylesheet" href="/wide.css" media="screen and (min-width: 1200px)">
      <link rel="stylesheet" href="/off.css" disabled>
      <style>@import "/inlined.css"; ${face('I', 'url(/fonts/i.woff2)')}</style>`),
    'wide.css': '',
    'inlined.css': '',
  });
  assert.deepEqual(summary(derived.resources), ['style /wide.css', 'style /inlined.css', 'font /fonts/i.woff2', 'image /hero.jpg']);
  assert.equal(derived.resources[1]!.reason, 'stylesheet imported by inline <style>');
  assert.equal(derived.resources[2]!.reason, 'font declared in inline <style>');
});

test('a font is the file Chromium downloads: the last src, its first supported format, no local()', async () => {
  const derived = await derive({
    'index.html': page('<link rel="stylesheet" href="/f.css">'),
    'f.css': [
      face('Eot', "url('e.eot'); src: url('e.eot?#iefix') format('embedded-opentype'), url('e.woff') format('woff'), url('e.ttf') format('truetype')"),
      face('Order', 'local("Order"), url(o.woff) format("woff"), url(o.woff2) format("woff2")'),
      face('Svg', 'url(s.svg#s) format("svg"), url(s.ttf)'),
      face('Foreign', 'url(https://cdn.example.com/f.woff2) format("woff2"), url(f.woff)'),
    ].join('\n'),
  });
  assert.deepEqual(derived.resources.filter((r) => r.as === 'font').map((r) => [r.path, r.type]), [
    ['/e.woff', 'font/woff'],
    ['/o.woff', 'font/woff'],
    ['/s.ttf', 'font/ttf'],
  ]);
});

test('<picture>: the first <source> with a supported type and matching media, its srcset candidate for the slot', async () => {
  const derived = await derive({
    'index.html': page('', `<main><picture>
      <source type="image/jxl" srcset="/h.jxl">
      <source media="(max-width: 800px)" type="image/avif" srcset="/h-small.avif 400w">
      <source type="image/avif" srcset="/h-800.avif 800w, /h-1600.avif 1600w, /h-2400.avif 2400w" sizes="(max-width: 900px) 100vw, calc(100vw - 2rem)">
      <source type="image/webp" srcset="/h.webp">
      <img src="/h.jpg" alt="">
    </picture></main>`),
  });
  assert.deepEqual(derived.resources, [{
    path: '/h-1600.avif',
    as: 'image',
    type: 'image/avif',
    reason: 'LCP image (<picture> <source type=image/avif>, srcset 1600w for a 1318 px slot at DPR 1)',
    imagesrcset: '/h-800.avif 800w, /h-1600.avif 1600w, /h-2400.avif 2400w',
    imagesizes: '(max-width: 900px) 100vw, calc(100vw - 2rem)',
  }]);
});

test('srcset: w descriptors pick the smallest candidate ≥ the slot (else the largest); x descriptors pick 1x', async () => {
  const cases: [string, string, string][] = [
    ['<img srcset="a-480.jpg 480w, a-1080.jpg 1080w, a-1920.jpg 1920w" sizes="(min-width: 1000px) 960px, 100vw" src="a.jpg">', '/a-1080.jpg', 'srcset 1080w for a 960 px slot at DPR 1'],
    ['<img srcset="b-480.jpg 480w, b-800.jpg 800w" src="b.jpg">', '/b-800.jpg', 'srcset 800w for a 1350 px slot at DPR 1'],
    ['<img srcset="c@2x.jpg 2x, c@1x.jpg 1x, c@3x.jpg 3x" src="c.jpg">', '/c@1x.jpg', 'srcset 1x at DPR 1'],
    ['<img srcset="d@2x.jpg 2x" src="d.jpg">', '/d.jpg', 'srcset 1x at DPR 1'],
  ];
  for (const [img, expected, how] of cases) {
    const derived = await derive({ 'index.html': page('', `<main>${img}</main>`) });
    assert.equal(derived.resources[0]!.path, expected, img);
    assert.equal(derived.resources[0]!.reason, `LCP image (${how})`, img);
  }
  // The <img>'s src counts as the 1x candidate when srcset has none: a preload must offer it too.
  const xOnly = await derive({ 'index.html': page('', '<main><img srcset="d@2x.jpg 2x" src="d.jpg"></main>') });
  assert.equal(xOnly.resources[0]!.imagesrcset, '/d@2x.jpg 2x, /d.jpg');
  assert.equal(xOnly.resources[0]!.imagesizes, undefined);
});

test('a CSS background hero: inline style, else the last simple-selector rule that matches, only without a hero <img>', async () => {
  const css = `.card { background-image: url(/icons/card.png); }
    header.masthead { background: linear-gradient(#000, #fff), url("../img/bg.jpg") center; }
    @media (max-width: 600px) { .masthead { background-image: url(../img/bg-small.jpg); } }
    .masthead { background-image: url(data:image/png;base64,AA==); }
    #top .masthead { background-image: url(../img/never.jpg); }`;
  const files = { 'css/s.css': css };
  const head = '<link rel="stylesheet" href="/css/s.css">';

  const ruled = await derive({ ...files, 'index.html': page(head, '<nav class="masthead"><a href="/">Home</a></nav><header class="masthead"><h1>Hi</h1></header><main><p>Text</p></main>') });
  assert.deepEqual(ruled.resources.at(-1), {
    path: '/img/bg.jpg',
    as: 'image',
    type: 'image/jpeg',
    reason: 'CSS background hero (heuristic: rule "header.masthead" in /css/s.css matches <header class="masthead">)',
  });
  assert.equal(ruled.noLcpCandidate, undefined);

  const inline = await derive({ ...files, 'sub/index.html': page(head, `<div class="wrap"><section class="masthead" style="color: red; background-image: url('bg.webp')"></section></div>`) }, '/sub/', 'sub/index.html');
  assert.deepEqual(inline.resources.at(-1), { path: '/sub/bg.webp', as: 'image', type: 'image/webp', reason: 'CSS background hero (heuristic: inline style on <section class="masthead">)' });

  const withImg = await derive({ ...files, 'index.html': page(head, '<header class="masthead"></header><main><img src="/photo.jpg"></main>') });
  assert.deepEqual(summary(withImg.resources), ['style /css/s.css', 'image /photo.jpg']);
});

test('above the fold: no image from <nav>, icons, lazy images or after a screenful of text; fetchpriority=high wins anywhere', async () => {
  const prose = `<p>${'Words that fill the first screen. '.repeat(80)}</p>`;
  const cases: [string, string[]][] = [
    ['<nav><img src="/logo.svg"></nav><header><img src="/icon.png" width="32" height="32"></header><section><img loading="lazy" src="/lazy.jpg"><img src="/hero.jpg"></section>', ['image /hero.jpg']],
    [`<article>${prose}<img src="/deep.jpg"></article>`, []],
    [`<main>${prose}<img src="/deep.jpg"></main>`, []],
    [`<main>${prose}<img src="/deep.jpg" fetchpriority="high"></main>`, ['image /deep.jpg']],
    ['<div></div><div></div><div></div><section><img src="/fourth.jpg"></section>', []],
  ];
  for (const [body, expected] of cases) {
    const derived = await derive({ 'index.html': page('', body) });
    assert.deepEqual(summary(derived.resources), expected, body.slice(0, 80));
  }
});

test('scripts: render-blocking classic and module scripts in <head> (and modulepreload) are listed; defer, async, nomodule and data blocks are not', async () => {
  const derived = await derive({
    'index.html': page(`<link rel="stylesheet" href="/s.css">
      <script src="/blocking.js"></script>
      <script src="/cors.js" crossorigin></script>
      <script defer src="/deferred.js"></script>
      <script async src="/async.js"></script>
      <script nomodule src="/legacy.js"></script>
      <script type="application/json" src="/data.json"></script>
      <script type="module" src="/app.js"></script>
      <link rel="modulepreload" href="/chunk.js">
      <link rel="modulepreload" href="/app.js">
      <script src="https://cdn.example.com/lib.js"></script>`, '<main><img src="/hero.jpg"></main><script src="/late.js"></script>'),
  });
  assert.deepEqual(derived.resources.filter((r) => r.as === 'script'), [
    { path: '/blocking.js', as: 'script', reason: 'render-blocking script in <head>' },
    { path: '/cors.js', as: 'script', crossorigin: true, reason: 'render-blocking script in <head>' },
    { path: '/app.js', as: 'script', module: true, reason: 'module script in <head>' },
    { path: '/chunk.js', as: 'script', module: true, reason: '<link rel=modulepreload> in <head>' },
  ]);
  assert.deepEqual(summary(derived.resources).map((s) => s.split(' ')[0]), ['style', 'script', 'script', 'script', 'script', 'image']);
  assert.deepEqual(derived.notes, [
    'not in the manifest, cross-origin: render-blocking script https://cdn.example.com/lib.js',
    'not in the manifest: 1 parser-blocking script in <body> (/late.js); if they build the page, name them in pushbench.manifest.json',
  ]);
});

test('absolute URLs to the origin the page declares are the site\'s own; <base href> moves relative URLs', async () => {
  const body = '<main><img src="https://example.com/img/hero.jpg"></main>';
  const sheets = {
    'assets/x.css': face('X', 'url(https://example.com/fonts/x.woff2)'),
    'assets/y.css': '',
  };
  const head = '<link rel="stylesheet" href="https://example.com/assets/x.css"><link rel="stylesheet" href="https://www.example.com/assets/y.css">';
  const declarations = [
    '<link rel="canonical" href="https://example.com/blog/post.html">',
    '<meta property="og:url" content="https://example.com/">',
    '<base href="https://example.com/">',
  ];
  for (const declaration of declarations) {
    const derived = await derive({ ...sheets, 'index.html': page(declaration + head, body) });
    assert.deepEqual(summary(derived.resources), ['style /assets/x.css', 'font /fonts/x.woff2', 'image /img/hero.jpg'], declaration);
    assert.deepEqual(derived.notes, ['not in the manifest, cross-origin: stylesheet https://www.example.com/assets/y.css'], declaration);
  }
  // Without a declaration an absolute URL is another origin; the first declaration found decides.
  const undeclared = await derive({ ...sheets, 'index.html': page(head, body) });
  assert.deepEqual(summary(undeclared.resources), []);
  const first = await derive({ ...sheets, 'index.html': page('<link rel="canonical" href="https://other.org/"><meta property="og:url" content="https://example.com/">' + head, body) });
  assert.deepEqual(summary(first.resources), []);

  const based = await derive({
    'posts/a.html': page('<base href="/static/"><link rel="stylesheet" href="css/s.css">', '<main><img src="img/h.jpg"></main>'),
    'static/css/s.css': `.x { background: url(../img/bg.jpg); } ${face('S', 'url(../fonts/s.woff2)')}`,
  }, '/posts/a.html', 'posts/a.html');
  assert.deepEqual(summary(based.resources), ['style /static/css/s.css', 'font /static/fonts/s.woff2', 'image /static/img/h.jpg']);
  // A base on another origin than the declared one sends the page's relative URLs there.
  const foreignBase = await derive({ 'index.html': page('<link rel="canonical" href="https://example.com/"><base href="https://cdn.example.net/">', '<main><img src="h.jpg"></main>') });
  assert.deepEqual(foreignBase.resources, []);
  assert.deepEqual(foreignBase.notes, ['LCP candidate <img> is cross-origin, not in the manifest: https://cdn.example.net/h.jpg']);
});

test('a page with no LCP candidate says so, and the summary line names those pages', async () => {
  const dir = makeSite({
    'index.html': page('<link rel="stylesheet" href="/s.css">', '<main><h1>Only text</h1></main>'),
    'b.html': page('', '<div id="app"></div>'),
    'c.html': page('', '<main><img src="/c.jpg"></main>'),
    's.css': '',
  });
  const manifest = await loadManifest(dir);
  const home = manifest.pages.find((p) => p.page === '/')!;
  assert.equal(home.noLcpCandidate, true);
  assert.deepEqual(home.notes, [NO_LCP_NOTE]);
  assert.equal(manifest.pages.find((p) => p.page === '/c.html')!.noLcpCandidate, undefined);
  assert.equal(
    noLcpSummary(manifest),
    'manifest: 2 of 3 pages have no LCP candidate: /, /b.html; name it in pushbench.manifest.json (sites/README.md)',
  );
  const listing = formatManifest(manifest);
  assert.match(listing, /\n\/\n {2}style {3}\/s\.css {2}stylesheet in <head>\n {2}note: no LCP candidate/);
  assert.ok(listing.endsWith(noLcpSummary(manifest)!));

  const many = { ...manifest, pages: Array.from({ length: 8 }, (_, i) => ({ page: `/p${i}.html`, resources: [], noLcpCandidate: true as const })) };
  assert.match(noLcpSummary(many)!, /^manifest: 8 of 8 pages have no LCP candidate: \/p0\.html, \/p1\.html, \/p2\.html, \/p3\.html, \/p4\.html, … \(3 more\); name it/);
  assert.equal(noLcpSummary({ ...manifest, pages: [manifest.pages.find((p) => p.page === '/c.html')!] }), null);
});

test('an unparsable stylesheet is still listed, and the note says why it tells nothing', async () => {
  const derived = await derive({ 'index.html': page('<link rel="stylesheet" href="/bad.css">'), 'bad.css': 'a { color: red; ' + '@font-face { src: url(x.woff2) }'.repeat(1) + ' "unclosed' });
  assert.deepEqual(summary(derived.resources), ['style /bad.css', 'image /hero.jpg']);
  assert.match(derived.notes?.[0] ?? '', /^could not parse \/bad\.css/);
});
