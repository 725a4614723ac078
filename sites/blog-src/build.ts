// Builds the fixture blog into sites/blog, and the same blog with its web fonts on a second origin
// into sites/blog-cdn (sites/README.md, "A second origin"): `npx tsx sites/blog-src/build.ts`.
// Deterministic: the same sources give byte-identical output, so the committed sites can be
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
import { writeSizeReport, type FileRole, type SizeReportHeading } from './size-report.ts';
import { publicUrlOfSitePath, SECOND_ORIGINS_DIR } from '../site-origins.ts';

const SRC = path.dirname(fileURLToPath(import.meta.url));
const HERO_SIZE = { width: 1600, height: 800, quality: 72 };
const require = createRequire(import.meta.url);

/** One site the build writes from the same sources. */
interface BlogBuild {
  /** The site folder, emptied and written. */
  out: string;
  /**
   * The host name of a second origin that serves the web fonts (sites/site-origins.ts): they go to
   * `_origins/<host>/` and the stylesheet names them by absolute URL. Absent: under /assets, named
   * relative to the stylesheet as Fontsource's own CSS does.
   */
  fontHost?: string;
  readme: SizeReportHeading;
}

const BUILDS: readonly BlogBuild[] = [
  { out: path.resolve(SRC, '../blog'), readme: { title: 'The fixture blog' } },
  {
    out: path.resolve(SRC, '../blog-cdn'),
    fontHost: 'fonts.pushbench.test',
    readme: {
      title: 'The fixture blog with a second origin',
      note: 'The same blog as `sites/blog`, but its two web fonts are served by its second origin,\n' +
        '`https://fonts.pushbench.test/` (the folder `_origins/fonts.pushbench.test/`), and the stylesheet\n' +
        'names them by that absolute URL (sites/README.md, "A second origin").',
    },
  },
];

/** Writes one build's files and remembers each one's role for its README. */
class Emitter {
  readonly roles = new Map<string, FileRole>();
  constructor(readonly out: string) {}

  /** Writes `bytes` under /assets with a content-hashed name and returns its URL path. */
  asset(baseName: string, bytes: Buffer | string, role: FileRole): string {
    const url = `/assets/${hashedName(baseName, bytes)}`;
    this.write(url, bytes, role);
    return url;
  }

  /** Writes `bytes` with a content-hashed name at the root of the second origin `host` and returns its URL. */
  onSecondOrigin(host: string, baseName: string, bytes: Buffer, role: FileRole): string {
    const name = hashedName(baseName, bytes);
    this.write(`/${SECOND_ORIGINS_DIR}/${host}/${name}`, bytes, role);
    return `https://${host}/${name}`;
  }

  page(urlPath: string, html: string, role: FileRole): void {
    this.write(urlPath, html, role);
  }

  /** Renders and writes a hero JPEG under /assets. */
  hero(baseName: string, spec: HeroSpec): HeroImage {
    const jpeg = renderHeroJpeg({ ...HERO_SIZE, seed: spec.seed, palette: spec.palette, sun: spec.sun });
    const url = this.asset(`${baseName}.jpg`, jpeg, 'LCP image (<img fetchpriority=high>)');
    return { url, width: HERO_SIZE.width, height: HERO_SIZE.height, alt: spec.alt, caption: spec.caption };
  }

  private write(sitePath: string, bytes: Buffer | string, role: FileRole): void {
    const file = path.join(this.out, ...sitePath.split('/').filter(Boolean));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    this.roles.set(publicUrlOfSitePath(sitePath), role);
  }
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

/** The font files, named for the stylesheet: "./name.hash.woff2" beside it, or the second origin's absolute URL. */
function emitFonts(emit: Emitter, fontHost: string | undefined): { inter: string; merriweather: string } {
  const role = `font${fontHost ? ` on the second origin ${fontHost}` : ''}, late-discovered (only site.css names it)`;
  const font = (baseName: string, bytes: Buffer) =>
    fontHost ? emit.onSecondOrigin(fontHost, baseName, bytes, role) : `./${path.posix.basename(emit.asset(baseName, bytes, role))}`;
  return {
    inter: font('inter-400.woff2', fontFile('@fontsource/inter', 'inter-latin-400-normal.woff2')),
    merriweather: font('merriweather-700.woff2', fontFile('@fontsource/merriweather', 'merriweather-latin-700-normal.woff2')),
  };
}

function build({ out, fontHost, readme }: BlogBuild): void {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'assets'), { recursive: true });
  const emit = new Emitter(out);

  const fonts = emitFonts(emit, fontHost);
  const css = readFileSync(path.join(SRC, 'assets/site.css'), 'utf8')
    .replace('./inter-400.woff2', fonts.inter)
    .replace('./merriweather-700.woff2', fonts.merriweather);
  const assets: PageAssets = {
    css: emit.asset('site.css', css, 'render-blocking stylesheet'),
    js: emit.asset('app.js', readFileSync(path.join(SRC, 'assets/app.js')), 'deferred script (<script defer>)'),
  };

  const bodies = new Map(POSTS.map((post) => {
    const fragment = readFileSync(path.join(SRC, 'content', `${post.slug}.html`), 'utf8');
    return [post.slug, addHeadingAnchors(highlightCodeBlocks(fragment))];
  }));

  POSTS.forEach((post, i) => {
    const body = bodies.get(post.slug)!;
    const hero = emit.hero(`hero-${post.slug}`, post.hero);
    const html = renderPostPage(post, body, hero, assets, { newer: POSTS[i - 1], older: POSTS[i + 1] });
    emit.page(`/posts/${post.slug}.html`, html, 'page (post)');
  });

  const listing = POSTS.map((post) => ({ post, excerptHtml: firstParagraphs(bodies.get(post.slug)!, 3), minutes: readingMinutes(bodies.get(post.slug)!) }));
  const fragment = (name: string) => readFileSync(path.join(SRC, 'content', name), 'utf8').trimEnd();
  const index = renderIndexPage(listing, emit.hero('hero-home', HOME_HERO), assets, fragment('home-intro.html'), fragment('sidebar.html'));
  emit.page('/index.html', index, 'page (index)');

  writeSizeReport(out, emit.roles, readme);
}

for (const blog of BUILDS) build(blog);
