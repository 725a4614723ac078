// The critical-resource manifest: for each page, what a variant pushes, hints or preloads.
// Derived from the page (sites/manifest.ts) and overridable by `pushbench.manifest.json`
// next to the site folder's index.html. All variants use the same manifest.

export type ResourceKind = 'style' | 'font' | 'image' | 'script' | 'fetch';

export interface CriticalResource {
  /** URL path on its origin, e.g. "/assets/site.3f9a1c.css". */
  path: string;
  /**
   * The site's second origin it lives on ("https://fonts.pushbench.test", a folder under the site's
   * `_origins/`: sites/site-origins.ts); absent for a resource on the page's own origin. It cannot
   * be pushed; preload links name it by its full URL; preconnect variants connect to it early.
   */
  origin?: string;
  /** The `as=` value for preload / Early Hints. */
  as: ResourceKind;
  /** MIME type hint, e.g. "font/woff2". */
  type?: string;
  /** Fonts need `crossorigin` on preload links to be matched by the font fetch. */
  crossorigin?: boolean;
  /**
   * A JavaScript module (`<script type=module>`, `<link rel=modulepreload>`): preloaded with
   * `rel=modulepreload` and no `as`, since a module fetch would not reuse a preload as=script.
   */
  module?: boolean;
  /** A responsive image's candidates (srcset syntax, URLs resolved), for `imagesrcset` on its preload. */
  imagesrcset?: string;
  /** Its `sizes`, for `imagesizes` on its preload (only with width descriptors). */
  imagesizes?: string;
  /** Why it is critical: "stylesheet in <head>", "font used by /assets/site.css", "LCP image". */
  reason: string;
}

export interface PageManifest {
  /** URL path of the page, e.g. "/" or "/posts/http2-push.html". */
  page: string;
  resources: CriticalResource[];
  /**
   * What derivation saw but could not list or decide, one sentence each (a cross-origin
   * stylesheet, a hero on another origin, no LCP candidate). Absent when there is nothing to say.
   */
  notes?: string[];
  /** Derivation found no LCP candidate (no hero <img> and no CSS background hero). Absent otherwise. */
  noLcpCandidate?: true;
}

export interface SiteManifest {
  siteDir: string;
  /** "derived": computed from the HTML/CSS; "override": read from pushbench.manifest.json. */
  source: 'derived' | 'override';
  pages: PageManifest[];
  /**
   * URL path → page key, for a copy of a running server (sites/origin-copy.ts) whose page "/about"
   * is stored as "/about.html". Absent for a site folder.
   */
  aliases?: Record<string, string>;
}
