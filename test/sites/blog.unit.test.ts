// The committed fixture blog meets the weight bounds the benchmark relies on.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { contentHash, parseHashedName } from '../../sites/blog-src/hashed-name.ts';
import { DEFAULT_SITE_DIR } from '../../sites/manifest.ts';

const KiB = 1024;
const site = DEFAULT_SITE_DIR;
const read = (urlPath: string) => readFileSync(path.join(site, ...urlPath.split('/').filter(Boolean)));
const pages = ['/index.html', ...readdirSync(path.join(site, 'posts')).map((f) => `/posts/${f}`)];
const assets = readdirSync(path.join(site, 'assets')).map((f) => `/assets/${f}`);
const html = (page: string) => read(page).toString('utf8');
const attrValues = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]!);
const stylesheetOf = (page: string) => attrValues(html(page), /<link rel="stylesheet" href="([^"]+)">/g);
const fonts = assets.filter((a) => a.endsWith('.woff2'));

function inRange(what: string, bytes: number, min: number, max: number): void {
  assert.ok(bytes >= min && bytes <= max, `${what}: ${bytes} bytes, expected ${min}–${max}`);
}

test('the blog has an index and at least two post pages of 15–40 KiB real prose', () => {
  assert.ok(pages.length >= 3, `pages: ${pages.join(', ')}`);
  for (const page of pages) {
    inRange(page, read(page).length, 15 * KiB, 40 * KiB);
    const text = html(page).replace(/<[^>]+>/g, ' ');
    assert.doesNotMatch(text, /lorem ipsum/i);
    assert.ok(text.split(/\s+/).filter((w) => /^[a-z]+[.,;:]?$/i.test(w)).length > 1200, `${page} has too few words`);
  }
});

test('each page has exactly one render-blocking stylesheet of 20–60 KiB', () => {
  for (const page of pages) {
    const sheets = stylesheetOf(page);
    assert.equal(sheets.length, 1, page);
    inRange(sheets[0]!, read(sheets[0]!).length, 20 * KiB, 60 * KiB);
  }
});

test('two real woff2 fonts are referenced only from the CSS, via @font-face with font-display', () => {
  assert.equal(fonts.length, 2);
  const css = read(stylesheetOf('/index.html')[0]!).toString('utf8');
  for (const font of fonts) {
    assert.equal(read(font).subarray(0, 4).toString('latin1'), 'wOF2', `${font} magic bytes`);
    assert.ok(read(font).length > 10 * KiB, `${font} is a real font file`);
    assert.ok(css.includes(`url("./${path.posix.basename(font)}")`), `${font} is named by the stylesheet`);
    for (const page of pages) assert.ok(!html(page).includes(path.posix.basename(font)), `${page} must not mention ${font}`);
  }
  const faces = css.match(/@font-face\s*{[^}]*}/g) ?? [];
  assert.equal(faces.length, 2);
  for (const face of faces) assert.match(face, /font-display:\s*swap/);
});

test('each page has an eager, high-priority JPEG hero of 80–200 KiB as its first image', () => {
  for (const page of pages) {
    const firstImg = /<img [^>]*>/.exec(html(page))?.[0];
    assert.ok(firstImg, `${page} has an <img>`);
    assert.match(firstImg, /fetchpriority="high"/);
    assert.doesNotMatch(firstImg, /loading="lazy"/);
    assert.ok(Number(/width="(\d+)"/.exec(firstImg)?.[1]) >= 1350, `${page} hero is at least as wide as the viewport`);
    const src = /src="([^"]+)"/.exec(firstImg)![1]!;
    const bytes = read(src);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xff, 0xd8, 0xff], `${src} is a JPEG`);
    inRange(src, bytes.length, 80 * KiB, 200 * KiB);
  }
});

test('each page has one small deferred script', () => {
  for (const page of pages) {
    const scripts = attrValues(html(page), /<script defer src="([^"]+)"><\/script>/g);
    assert.equal(scripts.length, 1, page);
    assert.equal((html(page).match(/<script/g) ?? []).length, 1, `${page} has no other scripts`);
    inRange(scripts[0]!, read(scripts[0]!).length, 1 * KiB, 10 * KiB);
  }
});

test('a post has a syntax-highlighted code block rendered at build time', () => {
  const post = html(pages.find((p) => p.startsWith('/posts/'))!);
  assert.match(post, /<pre><code class="hljs language-[\w-]+">[\s\S]*?<span class="hljs-keyword">/);
});

test('every asset name carries the hash of its own content', () => {
  assert.ok(assets.length >= 5);
  for (const asset of assets) {
    const parsed = parseHashedName(path.posix.basename(asset));
    assert.ok(parsed, `${asset} has a hashed name`);
    assert.equal(parsed.hash, contentHash(read(asset)), `${asset} hash matches its bytes`);
  }
});

test('every URL referenced by the pages and the stylesheet exists in the site', () => {
  for (const page of pages) {
    const refs = attrValues(html(page), /(?:href|src)="(\/[^"#]*)/g);
    for (const ref of refs) {
      const file = ref.endsWith('/') ? `${ref}index.html` : ref;
      assert.ok(existsSync(path.join(site, file)), `${page} references missing ${ref}`);
    }
  }
  const cssPath = stylesheetOf('/index.html')[0]!;
  for (const ref of attrValues(read(cssPath).toString('utf8'), /url\("([^"]+)"\)/g)) {
    assert.ok(existsSync(path.join(site, path.posix.resolve(path.posix.dirname(cssPath), ref))), `css references missing ${ref}`);
  }
});
