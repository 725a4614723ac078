// Derives one page's critical resources from its HTML and stylesheets, in the order variants that
// push or hint in manifest order use: render-blocking stylesheets (@imports followed), scripts the
// first paint waits for (critical-scripts.ts), the fonts the stylesheets declare, the LCP image
// (an <img>, else a CSS background hero). Each step is a module of its own:
//   page-urls.ts       which URLs are the site's own (declared origin, <base href>, second origins)
//   stylesheets.ts     the @import graph, fonts and background rules (sheet-facts.ts per sheet)
//   critical-scripts.ts render-blocking classic scripts and module scripts
//   lcp-image.ts       the hero <img>, <picture> source and srcset candidate at the viewport
//   background-hero.ts the CSS background hero, when there is no hero <img>
import { parse } from 'parse5';
import { backgroundHero } from './background-hero.ts';
import { bodyScriptsNote, headScripts } from './critical-scripts.ts';
import { findFirst } from './html-tree.ts';
import { lcpImage } from './lcp-image.ts';
import type { CriticalResource, PageManifest } from './manifest-types.ts';
import { locationKey, pageUrls } from './page-urls.ts';
import { secondOriginsOf } from './site-origins.ts';
import { pageStyles, type StylesheetCache } from './stylesheets.ts';
import { LAYOUT_VIEWPORT, type Viewport } from './viewport.ts';

export type { StylesheetCache } from './stylesheets.ts';

/** The note of a page with no LCP candidate; noLcpSummary (manifest-summary.ts) lists such pages. */
export const NO_LCP_NOTE =
  'no LCP candidate: no eager <img> above the fold and no CSS background image there; the LCP is probably text, or an image a script inserts';

/** One page's manifest entry without its path: resources, and notes only when there are some. */
export type DerivedPage = Omit<PageManifest, 'page'>;

export async function derivePage(siteDir: string, pagePath: string, html: string, cache: StylesheetCache = new Map(), vp: Viewport = LAYOUT_VIEWPORT): Promise<DerivedPage> {
  const document = parse(html);
  const head = findFirst(document, (el) => el.tagName === 'head');
  const body = findFirst(document, (el) => el.tagName === 'body');
  const urls = pageUrls(head, pagePath, secondOriginsOf(siteDir).map((o) => o.origin));

  const styles = await pageStyles(siteDir, head, urls, vp, cache);
  const scripts = headScripts(head, urls);
  const hero = lcpImage(body, urls, vp) ?? backgroundHero(body, urls, styles.backgrounds);
  const images: CriticalResource[] = hero && 'resource' in hero ? [hero.resource] : [];
  const bodyScripts = bodyScriptsNote(body, urls);
  const notes = [
    ...styles.notes,
    ...scripts.notes,
    ...(bodyScripts ? [bodyScripts] : []),
    ...(hero && 'note' in hero ? [hero.note] : []),
    ...(hero ? [] : [NO_LCP_NOTE]),
  ];

  return {
    resources: dedupeByLocation([...styles.sheets, ...scripts.scripts, ...styles.fonts, ...images]),
    ...(notes.length > 0 ? { notes } : {}),
    ...(hero ? {} : { noLcpCandidate: true as const }),
  };
}

function dedupeByLocation(resources: CriticalResource[]): CriticalResource[] {
  const seen = new Set<string>();
  return resources.filter((r) => !seen.has(locationKey(r)) && (seen.add(locationKey(r)), true));
}
