// The Link header value and the <link> tag of a manifest resource: unchanged for plain resources,
// rel=modulepreload (no `as`) for modules, imagesrcset/imagesizes for responsive images.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linkHeaderValue, linkTag } from '../../servers/preload-links.ts';
import type { CriticalResource } from '../../sites/manifest-types.ts';

test('plain resources keep their exact spelling', () => {
  const style: CriticalResource = { path: '/assets/site.css', as: 'style', reason: 'stylesheet in <head>' };
  const font: CriticalResource = { path: '/fonts/a b.woff2', as: 'font', type: 'font/woff2', crossorigin: true, reason: 'font used by /assets/site.css' };
  const image: CriticalResource = { path: '/hero.jpg', as: 'image', type: 'image/jpeg', reason: 'LCP image' };
  assert.equal(linkHeaderValue(style), '</assets/site.css>; rel=preload; as=style');
  assert.equal(linkHeaderValue(font), '</fonts/a%20b.woff2>; rel=preload; as=font; type="font/woff2"; crossorigin');
  assert.equal(linkHeaderValue(image), '</hero.jpg>; rel=preload; as=image; type="image/jpeg"');
  assert.equal(linkTag(style), '<link rel="preload" href="/assets/site.css" as="style">');
  assert.equal(linkTag(font), '<link rel="preload" href="/fonts/a%20b.woff2" as="font" type="font/woff2" crossorigin>');
  assert.equal(linkTag(image), '<link rel="preload" href="/hero.jpg" as="image" type="image/jpeg">');
});

test('a module is preloaded with rel=modulepreload and no as, or the browser fetches it twice', () => {
  const module: CriticalResource = { path: '/assets/app.js', as: 'script', module: true, reason: 'module script in <head>' };
  assert.equal(linkHeaderValue(module), '</assets/app.js>; rel=modulepreload');
  assert.equal(linkTag(module), '<link rel="modulepreload" href="/assets/app.js">');
  const classic: CriticalResource = { path: '/lib.js', as: 'script', crossorigin: true, reason: 'render-blocking script in <head>' };
  assert.equal(linkHeaderValue(classic), '</lib.js>; rel=preload; as=script; crossorigin');
});

test('a responsive image carries imagesrcset and imagesizes, quoted in the header', () => {
  const hero: CriticalResource = {
    path: '/h-1600.avif',
    as: 'image',
    type: 'image/avif',
    imagesrcset: '/h-800.avif 800w, /h-1600.avif 1600w',
    imagesizes: '(max-width: 900px) 100vw, calc(100vw - 2rem)',
    reason: 'LCP image',
  };
  assert.equal(
    linkHeaderValue(hero),
    '</h-1600.avif>; rel=preload; as=image; type="image/avif"; imagesrcset="/h-800.avif 800w, /h-1600.avif 1600w"; imagesizes="(max-width: 900px) 100vw, calc(100vw - 2rem)"',
  );
  assert.equal(
    linkTag(hero),
    '<link rel="preload" href="/h-1600.avif" as="image" type="image/avif" imagesrcset="/h-800.avif 800w, /h-1600.avif 1600w" imagesizes="(max-width: 900px) 100vw, calc(100vw - 2rem)">',
  );
  assert.equal(linkHeaderValue({ ...hero, imagesizes: undefined, imagesrcset: 'a"b\\c.jpg 1x' }), '</h-1600.avif>; rel=preload; as=image; type="image/avif"; imagesrcset="a\\"b\\\\c.jpg 1x"');
});
