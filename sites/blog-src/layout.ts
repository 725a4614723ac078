// HTML templates of the blog. Pages reference assets only through the hashed URLs passed in,
// and fonts are never mentioned here: only site.css names them, so the browser discovers them late.
import { SITE, type Post } from './posts.ts';

export interface PageAssets {
  css: string;
  js: string;
}

export interface HeroImage {
  url: string;
  width: number;
  height: number;
  alt: string;
  caption: string;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function document(options: { title: string; description: string; assets: PageAssets; current: string; main: string }): string {
  const { title, description, assets, current, main } = options;
  const nav = [
    ['/', 'Writing'],
    ['/posts/http2-server-push.html', 'Server push'],
    ['/posts/early-hints.html', 'Early Hints'],
    ['/posts/preload-and-caching.html', 'Preload'],
  ]
    .map(([href, label]) => `<li><a href="${href}"${href === current ? ' aria-current="page"' : ''}>${label}</a></li>`)
    .join('\n          ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <meta name="description" content="${escapeHtml(description)}">
  <meta name="author" content="${escapeHtml(SITE.author)}">
  <meta name="color-scheme" content="light dark">
  <meta property="og:title" content="${escapeHtml(title)}">
  <meta property="og:description" content="${escapeHtml(description)}">
  <meta property="og:type" content="${current === '/' ? 'website' : 'article'}">
  <link rel="stylesheet" href="${assets.css}">
  <script defer src="${assets.js}"></script>
</head>
<body>
  <a class="skip-link" href="#content">Skip to content</a>
  <header class="site-header">
    <div class="container site-header__inner">
      <a class="site-title" href="/"><span class="site-title__mark" aria-hidden="true">&lt;/&gt;</span>${escapeHtml(SITE.title)}</a>
      <nav class="site-nav" aria-label="Main">
        <ul>
          ${nav}
        </ul>
      </nav>
    </div>
  </header>
  <main id="content" class="site-main">
${main}
  </main>
  <footer class="site-footer">
    <div class="container site-footer__inner">
      <p>&copy; 2023–2024 ${escapeHtml(SITE.author)}. Text licensed CC BY 4.0; code samples MIT.</p>
      <p>No trackers, no cookies. Fonts: Inter and Merriweather (SIL Open Font License).</p>
    </div>
  </footer>
</body>
</html>
`;
}

function heroFigure(hero: HeroImage): string {
  // The LCP element: eager, high priority, with intrinsic size so layout does not shift.
  return `<figure class="hero__figure">
        <img class="hero__image" src="${hero.url}" width="${hero.width}" height="${hero.height}" alt="${escapeHtml(hero.alt)}" fetchpriority="high" decoding="async">
      </figure>
      <figcaption class="hero__caption">${escapeHtml(hero.caption)}</figcaption>`;
}

function postMeta(post: Post, readingMinutes: number): string {
  const tags = post.tags.map((t) => `<li><span class="tag">${escapeHtml(t)}</span></li>`).join('');
  return `<div class="post-meta"><time datetime="${post.date}">${post.date}</time><span>${readingMinutes} min read</span><ul class="tag-list">${tags}</ul></div>`;
}

export function readingMinutes(bodyHtml: string): number {
  const words = bodyHtml.replace(/<[^>]+>/g, ' ').split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words / 230));
}

export function renderPostPage(post: Post, bodyHtml: string, hero: HeroImage, assets: PageAssets, neighbours: { newer?: Post; older?: Post }): string {
  const link = (p: Post | undefined, label: string, cls: string) =>
    p ? `<a class="${cls}" href="/posts/${p.slug}.html"><small>${label}</small>${escapeHtml(p.title)}</a>` : '<span></span>';
  const main = `    <article class="post">
      <div class="container">
        <header class="post-header prose-column">
          ${postMeta(post, readingMinutes(bodyHtml))}
          <h1>${escapeHtml(post.title)}</h1>
          <p class="lede">${escapeHtml(post.lede)}</p>
        </header>
        <div class="hero">
      ${heroFigure(hero)}
        </div>
        <div class="prose-column">
          <nav class="toc" data-toc hidden aria-label="On this page"><p class="toc__title">On this page</p></nav>
          <div class="prose">
${bodyHtml}
          </div>
          <footer class="post-footer">
            <p>Written by ${escapeHtml(SITE.author)}. Corrections and measurements that disagree with mine are welcome: every claim here should be reproducible.</p>
            <nav class="post-nav" aria-label="More posts">
              ${link(neighbours.older, 'Older', 'post-nav__prev')}
              ${link(neighbours.newer, 'Newer', 'post-nav__next')}
            </nav>
          </footer>
        </div>
      </div>
    </article>`;
  return document({ title: `${post.title} · ${SITE.title}`, description: post.lede, assets, current: `/posts/${post.slug}.html`, main });
}

export function renderIndexPage(posts: { post: Post; excerptHtml: string; minutes: number }[], hero: HeroImage, assets: PageAssets, introHtml: string, sidebarHtml: string): string {
  const cards = posts
    .map(
      ({ post, excerptHtml, minutes }) => `          <li>
            <article class="post-card">
              ${postMeta(post, minutes)}
              <h3><a href="/posts/${post.slug}.html">${escapeHtml(post.title)}</a></h3>
              <div class="post-card__excerpt">
${excerptHtml}
              </div>
              <a class="post-card__more" href="/posts/${post.slug}.html">Read the full post</a>
            </article>
          </li>`,
    )
    .join('\n');
  const main = `    <div class="container">
      <section class="hero" aria-label="Welcome">
      ${heroFigure(hero)}
        <div class="hero__intro prose-column">
          <h1>${escapeHtml(SITE.title)}</h1>
          <p>${escapeHtml(SITE.tagline)}</p>
${introHtml}
        </div>
      </section>
      <div class="home-grid">
        <section aria-labelledby="latest">
          <div class="section-heading"><h2 id="latest">Latest writing</h2><span>${posts.length} posts</span></div>
          <ol class="post-list">
${cards}
          </ol>
        </section>
        <aside class="sidebar">
${sidebarHtml}
        </aside>
      </div>
    </div>`;
  return document({ title: `${SITE.title} — notes on web performance`, description: SITE.tagline, assets, current: '/', main });
}
