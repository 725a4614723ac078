// A synthetic built site of a chosen size, generated deterministically (seeded), for measuring how
// pushbench starts on a real-sized site (`npx pushbench startup`): pages of prose linking a shared
// stylesheet, a font stylesheet, scripts and a hero image each, plus images of realistic sizes
// that do not compress (random bytes, as JPEG data is). Same seed and size, same bytes.

import fs from 'node:fs';
import path from 'node:path';
import { seededRandom as random } from '../harness/shared/rng.ts';

const WORDS = 'push hints preload server browser network latency round trip window bytes stream priority font image style script cache visitor page render paint first contentful largest'.split(' ');

function prose(rnd: () => number, bytes: number): string {
  const out: string[] = [];
  let size = 0;
  while (size < bytes) {
    const sentence = Array.from({ length: 8 + Math.floor(rnd() * 12) }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' ');
    out.push(`<p>${sentence}.</p>`);
    size += sentence.length + 8;
  }
  return out.join('\n');
}

function randomBytes(rnd: () => number, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rnd() * 256);
  return b;
}

export interface SyntheticSite {
  dir: string;
  pages: number;
  bytes: number;
}

/**
 * Writes the site into `dir` (created; must not exist or be empty): `pages` HTML pages of 10–30 KB,
 * 8 stylesheets and 16 scripts of 20–120 KB, and images (60–200 KB) until about `megabytes` in all.
 */
export function writeSyntheticSite(dir: string, opts: { megabytes: number; pages: number; seed?: number }): SyntheticSite {
  const rnd = random(opts.seed ?? 1);
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'posts'), { recursive: true });
  let bytes = 0;
  const write = (rel: string, data: string | Buffer) => {
    fs.writeFileSync(path.join(dir, rel), data);
    bytes += Buffer.byteLength(data);
  };
  const css = Array.from({ length: 8 }, (_, i) => `/assets/style-${i}.${(0x10000000 + i).toString(16)}.css`);
  const js = Array.from({ length: 16 }, (_, i) => `/assets/app-${i}.${(0x20000000 + i).toString(16)}.js`);
  for (const p of css) write(p, Array.from({ length: 400 + Math.floor(rnd() * 2000) }, (_, i) => `.c${i}{margin:${i % 13}px;color:#${(i * 2654435761 % 0xffffff).toString(16).padStart(6, '0')}}`).join('\n'));
  for (const p of js) write(p, Array.from({ length: 300 + Math.floor(rnd() * 1500) }, (_, i) => `function f${i}(a){return a*${i}+${Math.floor(rnd() * 1000)};}`).join('\n'));
  const images: string[] = [];
  const imageBudget = opts.megabytes * 1e6 * 0.8;
  let imageBytes = 0;
  for (let i = 0; imageBytes < imageBudget; i++) {
    const p = `/assets/photo-${i}.${(0x30000000 + i).toString(16)}.jpg`;
    const n = 60_000 + Math.floor(rnd() * 140_000);
    write(p, randomBytes(rnd, n));
    images.push(p);
    imageBytes += n;
  }
  for (let i = 0; i < opts.pages; i++) {
    const rel = i === 0 ? '/index.html' : `/posts/post-${i}.html`;
    const hero = images[i % images.length]!;
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Post ${i}</title>
<link rel="stylesheet" href="${css[i % css.length]}"><script defer src="${js[i % js.length]}"></script></head>
<body><h1>Post ${i}</h1><img src="${hero}" alt="" width="1200" height="600">
${prose(rnd, 10_000 + Math.floor(rnd() * 20_000))}
</body></html>`;
    write(rel, html);
  }
  return { dir, pages: opts.pages, bytes };
}
