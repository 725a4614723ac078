// The critical-resource manifest: for each page, what a variant pushes, hints or preloads.
// Derived from the page (sites/manifest.ts) and overridable by `pushbench.manifest.json`
// next to the site folder's index.html. All variants use the same manifest.

export type ResourceKind = 'style' | 'font' | 'image' | 'script' | 'fetch';

export interface CriticalResource {
  /** URL path on the same origin, e.g. "/assets/site.3f9a1c.css". */
  path: string;
  /** The `as=` value for preload / Early Hints. */
  as: ResourceKind;
  /** MIME type hint, e.g. "font/woff2". */
  type?: string;
  /** Fonts need `crossorigin` on preload links to be matched by the font fetch. */
  crossorigin?: boolean;
  /** Why it is critical: "stylesheet in <head>", "font used by /assets/site.css", "LCP image". */
  reason: string;
}

export interface PageManifest {
  /** URL path of the page, e.g. "/" or "/posts/http2-push.html". */
  page: string;
  resources: CriticalResource[];
}

export interface SiteManifest {
  siteDir: string;
  /** "derived": computed from the HTML/CSS; "override": read from pushbench.manifest.json. */
  source: 'derived' | 'override';
  pages: PageManifest[];
}
