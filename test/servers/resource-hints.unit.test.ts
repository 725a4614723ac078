// Preconnect and prefetch: the links and tags (resource-hints.ts), the hooks that put them in the
// HTML or a 103 (variants/preconnect.ts, prefetch.ts, early-hints.ts), and the pages likely opened
// next resolved through the manifest (next-pages.ts). No server: the hooks are called directly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CriticalResource, SiteManifest } from '../../sites/manifest-types.ts';
import { linkHeaderValue } from '../../servers/preload-links.ts';
import { pageContexts, type PageContext } from '../../servers/next-pages.ts';
import {
  earlyHintsLinks, preconnectHeaderValue, preconnectLinks, preconnectsFor, preconnectTag, prefetchPageTag, prefetchTag,
} from '../../servers/resource-hints.ts';
import { variantOf, type PageRequest } from '../../servers/variants/index.ts';
import type { WireEvent } from '../../servers/wire-log.ts';

const FONTS = 'https://fonts.pushbench.test';
const CSS: CriticalResource = { path: '/assets/site.css', as: 'style', reason: 'stylesheet in <head>' };
const HERO: CriticalResource = { path: '/img/hero.jpg', as: 'image', reason: 'LCP image' };
const FONT: CriticalResource = { path: '/inter.woff2', origin: FONTS, as: 'font', type: 'font/woff2', crossorigin: true, reason: 'font used by /assets/site.css' };
const FONT_2: CriticalResource = { ...FONT, path: '/merriweather.woff2' };
const CDN_IMAGE: CriticalResource = { path: '/logo.png', origin: FONTS, as: 'image', reason: 'LCP image' };
const NO_CONTEXT: PageContext = { page: '/', next: [] };
const PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body><p>x</p></body></html>';

const transformOf = (early: Parameters<typeof variantOf>[0]) => variantOf(early).transformHtml!;

test('preconnect: one per second origin and credentials mode, crossorigin for CORS-mode fetches', () => {
  assert.deepEqual(preconnectsFor([CSS, HERO]), [], 'all on the page\'s own origin');
  assert.deepEqual(preconnectsFor([CSS, FONT, FONT_2]), [{ origin: FONTS, anonymous: true }], 'two fonts, one origin: one preconnect');
  // A font (anonymous) and an image (credentialed) on one origin need two connections in Chromium.
  assert.deepEqual(preconnectsFor([CDN_IMAGE, FONT]), [{ origin: FONTS, anonymous: false }, { origin: FONTS, anonymous: true }]);
  assert.deepEqual(preconnectsFor([{ ...CSS, origin: 'https://cdn.example', module: true, as: 'script' }]), [{ origin: 'https://cdn.example', anonymous: true }]);
  // The origin as a browser serializes it.
  assert.deepEqual(preconnectsFor([{ ...FONT, origin: 'HTTPS://Fonts.Pushbench.Test:443/' }]), [{ origin: FONTS, anonymous: true }]);
  assert.throws(() => preconnectsFor([{ ...FONT, origin: 'data:text/plain,x' }]), /not an http\(s\) origin/);
  assert.throws(() => preconnectsFor([{ ...FONT, origin: 'not a url' }]), /not an http\(s\) origin/);
});

test('preconnect: header values and tags', () => {
  assert.equal(preconnectHeaderValue({ origin: FONTS, anonymous: true }), `<${FONTS}>; rel=preconnect; crossorigin`);
  assert.equal(preconnectHeaderValue({ origin: FONTS, anonymous: false }), `<${FONTS}>; rel=preconnect`);
  assert.equal(preconnectTag({ origin: FONTS, anonymous: true }), `<link rel="preconnect" href="${FONTS}" crossorigin>`);
  assert.equal(preconnectTag({ origin: FONTS, anonymous: false }), `<link rel="preconnect" href="${FONTS}">`);
  assert.deepEqual(preconnectLinks([CSS, FONT, CDN_IMAGE]), [`<${FONTS}>; rel=preconnect; crossorigin`, `<${FONTS}>; rel=preconnect`]);
});

test('the preconnect variant puts its tags first in <head>, once per origin, and leaves a same-origin page alone', () => {
  const transform = transformOf('preconnect');
  const out = transform(PAGE, [CSS, FONT, FONT_2, HERO], NO_CONTEXT);
  assert.equal(out, PAGE.replace('<head>', `<head><link rel="preconnect" href="${FONTS}" crossorigin>`));
  assert.equal(transform(PAGE, [CSS, HERO], NO_CONTEXT), PAGE);
  assert.equal(transform(PAGE, [], NO_CONTEXT), PAGE);
  const both = transform(PAGE, [CDN_IMAGE, FONT], NO_CONTEXT);
  assert.match(both, new RegExp(`<head><link rel="preconnect" href="${FONTS}"><link rel="preconnect" href="${FONTS}" crossorigin><meta`));
  // <head> with attributes; no <head> at all: before the content.
  assert.match(transform('<html><HEAD class="a"><title>t</title>', [FONT], NO_CONTEXT), /<HEAD class="a"><link rel="preconnect"[^>]*><title>/);
  assert.equal(transform('<p>x</p>', [FONT], NO_CONTEXT), `<link rel="preconnect" href="${FONTS}" crossorigin><p>x</p>`);
});

/** Calls a variant's onPageRequest with a fake response that records 103s. */
function earlyHintsOf(early: Parameters<typeof variantOf>[0], resources: CriticalResource[]): { sent: string[][]; logged: Partial<WireEvent>[] } {
  const sent: string[][] = [];
  const logged: Partial<WireEvent>[] = [];
  const page = {
    page: '/', resources, conn: 1, stream: 1,
    res: { writeEarlyHints: (hints: { link: string[] }) => sent.push(hints.link) },
    log: { log: (e: Partial<WireEvent>) => logged.push(e) },
  } as unknown as PageRequest;
  variantOf(early).onPageRequest!(page);
  return { sent, logged };
}

test('the 103 variants send the preconnects first, then the preloads; a same-origin page gets the 103 it always got', () => {
  for (const variant of ['early-hints', 'early-hints-h1'] as const) {
    const { sent, logged } = earlyHintsOf(variant, [CSS, FONT, HERO]);
    assert.deepEqual(sent, [[`<${FONTS}>; rel=preconnect; crossorigin`, linkHeaderValue(CSS), linkHeaderValue(FONT), linkHeaderValue(HERO)]], variant);
    assert.deepEqual(logged.map((e) => e.type), ['early-hints']);
    const sameOrigin = earlyHintsOf(variant, [CSS, HERO]);
    assert.deepEqual(sameOrigin.sent, [[linkHeaderValue(CSS), linkHeaderValue(HERO)]], `${variant}: unchanged without a second origin`);
  }
  assert.deepEqual(earlyHintsOf('early-hints', []).sent, [], 'no resources: no 103');
  assert.deepEqual(earlyHintsLinks([CSS]), [linkHeaderValue(CSS)]);
});

test('early-hints-preconnect sends only the preconnects, and no 103 for a page without a second origin', () => {
  const { sent, logged } = earlyHintsOf('early-hints-preconnect', [CSS, FONT, CDN_IMAGE, HERO]);
  assert.deepEqual(sent, [[`<${FONTS}>; rel=preconnect; crossorigin`, `<${FONTS}>; rel=preconnect`]]);
  assert.deepEqual(logged.map((e) => e.type), ['early-hints']);
  assert.deepEqual(earlyHintsOf('early-hints-preconnect', [CSS, HERO]), { sent: [], logged: [] });
  // Nothing in the HTML.
  assert.equal(variantOf('early-hints-preconnect').transformHtml, undefined);
});

test('prefetch tags: the page, then its resources with as and crossorigin as their fetches need', () => {
  assert.equal(prefetchPageTag('/posts/a.html'), '<link rel="prefetch" href="/posts/a.html">');
  assert.equal(prefetchTag(CSS), '<link rel="prefetch" href="/assets/site.css" as="style">');
  assert.equal(prefetchTag(FONT), `<link rel="prefetch" href="${FONTS}/inter.woff2" as="font" crossorigin>`);
  assert.equal(prefetchTag({ path: '/app.js', as: 'script', module: true, reason: 'module' }), '<link rel="prefetch" href="/app.js" as="script" crossorigin>');
  // A responsive image: only its href (prefetch has no imagesrcset).
  assert.equal(prefetchTag({ ...HERO, imagesrcset: '/a.jpg 1x, /b.jpg 2x', imagesizes: '100vw' }), '<link rel="prefetch" href="/img/hero.jpg" as="image">');
  // Attribute values are escaped, paths URL-encoded.
  assert.equal(prefetchPageTag('/a"b<c&.html'), '<link rel="prefetch" href="/a&quot;b&lt;c&amp;.html">');
  assert.equal(prefetchTag({ ...CSS, path: '/a b".css' }), '<link rel="prefetch" href="/a%20b%22.css" as="style">');
});

function manifest(pages: Record<string, CriticalResource[]>, aliases?: Record<string, string>): SiteManifest {
  return { siteDir: '/site', source: 'override', pages: Object.entries(pages).map(([page, resources]) => ({ page, resources })), ...(aliases ? { aliases } : {}) };
}

const ARTICLE_IMAGE: CriticalResource = { path: '/img/article.jpg', as: 'image', reason: 'LCP image' };
const SITE = manifest({ '/': [CSS, FONT, HERO], '/posts/': [CSS], '/posts/a.html': [CSS, FONT, ARTICLE_IMAGE], '/about.html': [CSS] }, { '/about': '/about.html' });

test('the prefetch variant names the next page and the resources this page does not load, before </head>', () => {
  const contextFor = pageContexts(SITE, { '/': ['/posts/a.html'] });
  const transform = transformOf('prefetch');
  const out = transform(PAGE, [CSS, FONT, HERO], contextFor('/'));
  const tags = '<link rel="prefetch" href="/posts/a.html"><link rel="prefetch" href="/img/article.jpg" as="image">';
  assert.equal(out, PAGE.replace('</head>', `${tags}</head>`));
  // No entry for the page: no tags.
  assert.equal(transform(PAGE, [CSS, FONT], contextFor('/posts/a.html')), PAGE);
  assert.equal(transform(PAGE, [CSS], NO_CONTEXT), PAGE);
  // No </head>: at the end of the document.
  assert.equal(transform('<p>x</p>', [CSS, FONT, HERO], contextFor('/')), `<p>x</p>${tags}`);
  // Several next pages: each resource once, in the order they are named.
  const two = pageContexts(SITE, { '/about.html': ['/', '/posts/a.html'] });
  assert.equal(
    transform(PAGE, [CSS], two('/about.html')),
    PAGE.replace('</head>', '<link rel="prefetch" href="/">' + `<link rel="prefetch" href="${FONTS}/inter.woff2" as="font" crossorigin>` +
      '<link rel="prefetch" href="/img/hero.jpg" as="image">' + '<link rel="prefetch" href="/posts/a.html">' + '<link rel="prefetch" href="/img/article.jpg" as="image"></head>'),
  );
});

test('next pages resolve through the manifest: aliases, index pages, encoding; never the page itself; a typo is an error', () => {
  const contexts = pageContexts(SITE, { '/about': ['/posts', '/about.html', '/posts/a.html', '/posts/a.html'], '/posts/index.html': ['/about'] });
  // "/about" is the copy's "/about.html"; "/posts" is "/posts/"; the page itself and repeats are left out.
  assert.deepEqual(contexts('/about.html'), {
    page: '/about.html',
    next: [{ href: '/posts', resources: [CSS] }, { href: '/posts/a.html', resources: [CSS, FONT, ARTICLE_IMAGE] }],
  });
  // The href is what the browser asks for after navigating to the path as given.
  assert.deepEqual(contexts('/posts/').next, [{ href: '/about', resources: [CSS] }]);
  assert.deepEqual(contexts('/').next, []);
  const spaced = manifest({ '/': [], '/a b.html': [HERO] });
  assert.deepEqual(pageContexts(spaced, { '/': ['/a b.html'] })('/').next, [{ href: '/a%20b.html', resources: [HERO] }]);
  assert.deepEqual(pageContexts(spaced, { '/': ['/a%20b.html'] })('/').next, [{ href: '/a%20b.html', resources: [HERO] }]);
  assert.throws(() => pageContexts(SITE, { '/': ['/post/a.html'] }), /nextPages: "\/post\/a.html" names no page of \/site; use one of/);
  assert.throws(() => pageContexts(SITE, { '/nope': ['/'] }), /nextPages: "\/nope" names no page/);
  assert.deepEqual(pageContexts(SITE)('/').next, []);
});
