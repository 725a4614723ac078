// The blog's posts, newest first. Bodies live in content/<slug>.html as HTML fragments
// (code blocks as <pre><code class="language-x">, highlighted at build time).
import type { HeroPalette } from './hero.ts';

export interface Post {
  slug: string;
  title: string;
  /** ISO date, shown in the reader's locale by app.js. */
  date: string;
  /** One-sentence summary: the lede under the title and the meta description. */
  lede: string;
  tags: string[];
  hero: HeroSpec;
}

export interface HeroSpec {
  seed: number;
  alt: string;
  caption: string;
  sun: { x: number; y: number };
  palette: HeroPalette;
}

export const SITE = {
  title: 'Field Notes on the Wire',
  tagline: 'Essays on how web pages actually load: protocols, browsers, and the milliseconds in between.',
  author: 'Mara Lindqvist',
};

export const HOME_HERO: HeroSpec = {
  seed: 11,
  alt: 'A mountain lake at dusk, with layered ridges fading into haze under a blue evening sky.',
  caption: 'Evening over the lake. Rendered procedurally for this blog.',
  sun: { x: 0.7, y: 0.38 },
  palette: {
    skyTop: [52, 92, 160],
    skyHorizon: [236, 190, 150],
    sun: [255, 214, 150],
    ridges: [[120, 110, 140], [88, 92, 110], [60, 72, 70], [34, 48, 40]],
    water: [30, 50, 70],
  },
};

export const POSTS: Post[] = [
  {
    slug: 'preload-and-caching',
    title: 'Preload, fonts and caching: the techniques that always work',
    date: '2024-05-14',
    lede: 'What the preload scanner already finds, when a preload link helps, why font preloads need crossorigin, and how hashed file names make caching forever safe.',
    tags: ['preload', 'fonts', 'caching'],
    hero: {
      seed: 29,
      alt: 'Pale morning light over misty green hills and a still lake.',
      caption: 'Morning mist. Rendered procedurally for this blog.',
      sun: { x: 0.25, y: 0.45 },
      palette: {
        skyTop: [120, 160, 205],
        skyHorizon: [232, 226, 206],
        sun: [255, 244, 210],
        ridges: [[140, 150, 160], [110, 128, 120], [78, 104, 80], [46, 72, 50]],
        water: [60, 90, 100],
      },
    },
  },
  {
    slug: 'early-hints',
    title: '103 Early Hints: using the time your server spends thinking',
    date: '2024-03-02',
    lede: 'Early Hints lets a server name critical resources before the page is ready. Here is what browsers do with them and when they pay off.',
    tags: ['early hints', 'http', 'latency'],
    hero: {
      seed: 47,
      alt: 'A golden sunrise behind dark mountain ridges, reflected in a lake.',
      caption: 'First light. Rendered procedurally for this blog.',
      sun: { x: 0.45, y: 0.62 },
      palette: {
        skyTop: [70, 80, 140],
        skyHorizon: [250, 180, 110],
        sun: [255, 200, 120],
        ridges: [[150, 110, 120], [100, 80, 100], [60, 55, 70], [30, 32, 40]],
        water: [40, 40, 60],
      },
    },
  },
  {
    slug: 'http2-server-push',
    title: 'What HTTP/2 server push promised, and why browsers removed it',
    date: '2023-11-19',
    lede: 'Server push was meant to make round trips disappear. A look at how it worked on the wire, what it bought in practice, and how to measure it honestly.',
    tags: ['http/2', 'server push', 'history'],
    hero: {
      seed: 83,
      alt: 'Snow-capped peaks under a clear midday sky above a deep blue lake.',
      caption: 'High summer. Rendered procedurally for this blog.',
      sun: { x: 0.82, y: 0.22 },
      palette: {
        skyTop: [40, 100, 190],
        skyHorizon: [190, 215, 235],
        sun: [255, 252, 235],
        ridges: [[150, 160, 180], [100, 115, 135], [70, 90, 80], [40, 60, 45]],
        water: [20, 60, 100],
      },
    },
  },
];
