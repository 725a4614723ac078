// Builds the fixture blog into sites/blog: `npx tsx sites/blog-src/build.ts`.
// Deterministic: the same sources give byte-identical output, so the committed site can be
// checked against a rebuild. Assets get content-hashed names in dependency order
// (fonts and images first, then the stylesheet that names the fonts, then the pages).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import hljs from 'highlight.js';
import { hashedName } from './hashed-name.ts';
import { renderHeroJpeg } from './hero.ts';
import { readingMinutes, renderIndexPage, renderPostPage, type HeroImage, type PageAssets } from './layout.ts';
import { HOME_HERO, POSTS, type HeroSpec } from './posts.ts';
import { writeSizeReport, type FileRole } from './size-report.ts';

const SRC = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(SRC, '../blog');
const HERO_SIZE = { width: 1600, height: 800, quality: 72 };
const require = createRequire(import.meta.url);

const roles = new Map<string, FileRole>();

/** Writes `bytes` under /assets with a content-hashed name and returns its URL path. */
function emitAsset(baseName: string, bytes: Buffer | string, role: FileRole): string {
  const name = hashedName(baseName, bytes);
  writeFileSync(path.join(OUT, 'assets', name), bytes);
  const url = `/assets/${name}`;
  roles.set(url, role);
  return url;
}

function emitPage(urlPath: string, html: string, role: FileRole): void {
  const file = path.join(OUT, ...urlPath.split('/').filter(Boolean));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, html);
  roles.set(urlPath, role);
}

function emitHero(baseName: string, spec: HeroSpec): HeroImage {
  const jpeg = renderHeroJpeg({ ...HERO_SIZE, seed: spec.seed, palette: spec.palette, sun: spec.sun });
  const url = emitAsset(`${baseName}.jpg`, jpeg, 'LCP image (<img fetchpriority=high>)');
  return { url, width: HERO_SIZE.width, height: HERO_SIZE.height, alt: spec.alt, caption: spec.caption };
}

/** Fonts come from Fontsource's packages, so they are real subsetted WOFF2 files. */
function fontFile(pkg: string, file: string): Buffer {
  return readFileSync(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'files', file));
}

/** Replaces each <pre><code class="language-x"> block with highlight.js spans and a labelled wrapper. */
function highlightCodeBlocks(html: string): string {
  return html.replace(/<pre><code class="language-([\w-]+)">([\s\S]*?)<\/code><\/pre>/g, (_, language: string, escaped: string) => {
    const code = escaped.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    const highlighted = hljs.highlight(code, { language }).value;
    return `<div class="code-block"><span class="code-block__label">${language}</span><pre><code class="hljs language-${language}">${highlighted}</code></pre></div>`;
  });
}

/** Adds a self-link to every h2/h3 with an id, the way most blog engines do. */
function addHeadingAnchors(html: string): string {
  return html.replace(/<(h[23]) id="([^"]+)">([\s\S]*?)<\/\1>/g, (_, tag: string, id: string, text: string) =>
    `<${tag} id="${id}">${text}<a class="heading-anchor" href="#${id}" aria-label="Link to this section">#</a></${tag}>`);
}

function firstParagraphs(html: string, count: number): string {
  return [...html.matchAll(/<p>[\s\S]*?<\/p>/g)].slice(0, count).map((m) => `                ${m[0]}`).join('\n');
}

function build(): void {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(path.join(OUT, 'assets'), { recursive: true });

  const inter = emitAsset('inter-400.woff2', fontFile('@fontsource/inter', 'inter-latin-400-normal.woff2'), 'font, late-discovered (only site.css names it)');
  const merriweather = emitAsset('merriweather-700.woff2', fontFile('@fontsource/merriweather', 'merriweather-latin-700-normal.woff2'), 'font, late-discovered (only site.css names it)');

  // Font URLs stay relative to the stylesheet, as in Fontsource's own CSS.
  const css = readFileSync(path.join(SRC, 'assets/site.css'), 'utf8')
    .replace('./inter-400.woff2', `./${path.posix.basename(inter)}`)
    .replace('./merriweather-700.woff2', `./${path.posix.basename(merriweather)}`);
  const assets: PageAssets = {
    css: emitAsset('site.css', css, 'render-blocking stylesheet'),
    js: emitAsset('app.js', readFileSync(path.join(SRC, 'assets/app.js')), 'deferred script (<script defer>)'),
  };

  const bodies = new Map(POSTS.map((post) => {
    const fragment = readFileSync(path.join(SRC, 'content', `${post.slug}.html`), 'utf8');
    return [post.slug, addHeadingAnchors(highlightCodeBlocks(fragment))];
  }));

  POSTS.forEach((post, i) => {
    const body = bodies.get(post.slug)!;
    const hero = emitHero(`hero-${post.slug}`, post.hero);
    const html = renderPostPage(post, body, hero, assets, { newer: POSTS[i - 1], older: POSTS[i + 1] });
    emitPage(`/posts/${post.slug}.html`, html, 'page (post)');
  });

  const listing = POSTS.map((post) => ({ post, excerptHtml: firstParagraphs(bodies.get(post.slug)!, 3), minutes: readingMinutes(bodies.get(post.slug)!) }));
  const fragment = (name: string) => readFileSync(path.join(SRC, 'content', name), 'utf8').trimEnd();
  const index = renderIndexPage(listing, emitHero('hero-home', HOME_HERO), assets, fragment('home-intro.html'), fragment('sidebar.html'));
  emitPage('/index.html', index, 'page (index)');

  writeSizeReport(OUT, roles);
}

build();
