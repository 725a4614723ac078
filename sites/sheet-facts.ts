// What one stylesheet (a file or an inline <style>) tells derivation: the sheets it @imports,
// the font file of each @font-face, and the rules that put a background image on elements
// a simple selector names (for CSS background heroes, background-hero.ts). Pure: URLs are
// located by the caller's function, which knows what the sheet's URLs are relative to.
import postcss, { type AtRule, type Container, type Rule } from 'postcss';
import { mediaMatches, splitTopLevel } from './media-query.ts';
import { siteLocation, type Located, type SiteLocation } from './page-urls.ts';
import { mimeTypeForPath } from './site-paths.ts';
import type { Viewport } from './viewport.ts';

/** A font file: its location (on a second origin: with `origin`) and MIME type. */
export interface FontFile extends SiteLocation {
  type: string | undefined;
}

/** `tag`, `.class`, `#id` and their compounds (`header.masthead`): all a background hero rule may use. */
export interface CompoundSelector {
  tag?: string;
  id?: string;
  classes: string[];
}

export interface BackgroundRule {
  selector: CompoundSelector;
  /** As written, for reasons: "header.masthead". */
  selectorText: string;
  image: Located;
}

export interface SheetFacts {
  /** The site's sheets it @imports whose media match the viewport, in order. */
  imports: SiteLocation[];
  fonts: FontFile[];
  backgrounds: BackgroundRule[];
  /** Cross-origin @import URLs: render-blocking, but not the site's to push or hint. */
  foreignImports: string[];
  /** Why the sheet told nothing, when it could not be parsed. */
  error?: string;
}

export const NO_FACTS: SheetFacts = { imports: [], fonts: [], backgrounds: [], foreignImports: [] };

export function sheetFacts(css: string, locate: (href: string) => Located, vp: Viewport): SheetFacts {
  let root: postcss.Root;
  try {
    root = postcss.parse(css);
  } catch (err) {
    return { ...NO_FACTS, error: (err as Error).message.split('\n')[0]! };
  }
  const facts: SheetFacts = { imports: [], fonts: [], backgrounds: [], foreignImports: [] };
  // @import is only valid before every other rule, so only the top level is read.
  for (const node of root.nodes) {
    if (node.type !== 'atrule' || node.name.toLowerCase() !== 'import') continue;
    const parsed = parseImport(node.params);
    if (!parsed || !mediaMatches(parsed.media, vp)) continue;
    const located = locate(parsed.url);
    if (located?.kind === 'site') facts.imports.push(siteLocation(located));
    else if (located?.kind === 'foreign') facts.foreignImports.push(located.url);
  }
  root.walkAtRules(/^font-face$/i, (rule) => {
    const font = fontOfFace(rule, locate);
    if (font) facts.fonts.push(font);
  });
  root.walkRules((rule) => {
    if (!appliesAt(rule, vp)) return;
    const image = backgroundImageOf(rule, locate);
    if (!image) return;
    for (const selectorText of rule.selectors) {
      const selector = parseCompound(selectorText.trim());
      if (selector) facts.backgrounds.push({ selector, selectorText: selectorText.trim(), image });
    }
  });
  return facts;
}

/** `url("a.css") screen`, `"a.css" layer(base) supports(display: grid) print` -> URL and media. */
export function parseImport(params: string): { url: string; media: string } | null {
  const m = /^\s*(?:url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|"([^"]*)"|'([^']*)')([\s\S]*)$/i.exec(params);
  if (!m) return null;
  const url = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
  // Cascade layers and supports() conditions do not decide whether the sheet loads here.
  const media = m[6]!
    .replace(/\blayer(?:\((?:[^()]|\([^()]*\))*\))?/i, '')
    .replace(/\bsupports\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)/i, '')
    .trim();
  return { url, media };
}

/**
 * One file per @font-face: the one Chromium downloads. The last `src` declaration wins (the
 * cascade), and of its sources the first whose format() hint is one it supports (a source
 * without a hint is tried, so it counts); `local()` is skipped, as a fresh profile on a test
 * machine has none of the site's fonts installed. A face whose chosen file is on another origin
 * lists nothing (the browser would not take the site's fallback), unless that origin is one of the
 * site's second origins: the file is then the site's, with its `origin`.
 */
function fontOfFace(rule: AtRule, locate: (href: string) => Located): FontFile | undefined {
  let sources: FontSource[] = [];
  rule.walkDecls(/^src$/i, (decl) => {
    sources = parseFontSources(decl.value);
  });
  const chosen = sources.find((s) => s.format === undefined || SUPPORTED_FONT_FORMATS.has(s.format));
  const located = chosen ? locate(chosen.url) : null;
  if (located?.kind !== 'site') return undefined;
  const isWoff2 = chosen!.format?.startsWith('woff2') || /\.woff2(?:[?#]|$)/i.test(chosen!.url);
  return { ...siteLocation(located), type: isWoff2 ? 'font/woff2' : mimeTypeForPath(located.path) };
}

/** format() hints Chromium loads; embedded-opentype (EOT) and svg it skips. */
const SUPPORTED_FONT_FORMATS = new Set([
  'woff2', 'woff', 'truetype', 'opentype', 'collection',
  'woff2-variations', 'woff-variations', 'truetype-variations', 'opentype-variations',
]);

interface FontSource {
  url: string;
  /** The format() hint, lower-cased; absent when the source has none. */
  format?: string;
}

/** The url() sources of a `src:` value, in order, with their format() hints; local() ones left out. */
function parseFontSources(value: string): FontSource[] {
  return splitTopLevel(value, ',').flatMap((entry) => {
    const url = /^\s*url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/i.exec(entry);
    if (!url) return [];
    const format = /format\(\s*["']?([^"')]*)["']?\s*\)/i.exec(entry);
    return [{ url: url[1] ?? url[2] ?? url[3] ?? '', ...(format ? { format: format[1]!.trim().toLowerCase() } : {}) }];
  });
}

/** Every url() in a declaration value, in order. */
export function cssUrls(value: string): string[] {
  return [...value.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/gi)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/**
 * The image a `background` / `background-image` declaration of `container` paints: the first
 * url() that points to a file (a data: URL needs no fetch; a gradient layer is not an image).
 * The last such declaration wins, as in the cascade.
 */
export function backgroundImageOf(container: Container, locate: (href: string) => Located): Located {
  let image: Located = null;
  container.each((node) => {
    if (node.type !== 'decl' || !/^background(?:-image)?$/i.test(node.prop)) return;
    const located = cssUrls(node.value).map(locate).find((l) => l !== null);
    if (located) image = located;
  });
  return image;
}

/** Inside @media that does not match, a rule does not apply; @supports and @layer are taken to apply. */
function appliesAt(rule: Rule, vp: Viewport): boolean {
  for (let parent = rule.parent; parent && parent.type !== 'root'; parent = parent.parent) {
    if (parent.type === 'atrule') {
      const at = parent as AtRule;
      const name = at.name.toLowerCase();
      if (name === 'media' && !mediaMatches(at.params, vp)) return false;
      // Keyframes and font-feature blocks hold no selectors that match elements.
      if (name.endsWith('keyframes') || name === 'font-feature-values' || name === 'page') return false;
    } else if (parent.type === 'rule') {
      return false; // CSS nesting: the inner selector is relative to its parent; not a simple selector
    }
  }
  return true;
}

/** "header.masthead#top" -> { tag: "header", id: "top", classes: ["masthead"] }; null for anything else. */
export function parseCompound(text: string): CompoundSelector | null {
  const m = /^([a-z][a-z0-9-]*)?((?:[.#][_a-z-][\w-]*)*)$/i.exec(text);
  if (!m || (m[1] === undefined && m[2] === '')) return null;
  const selector: CompoundSelector = { classes: [] };
  if (m[1]) selector.tag = m[1].toLowerCase();
  for (const part of m[2]!.match(/[.#][\w-]+/g) ?? []) {
    if (part.startsWith('.')) selector.classes.push(part.slice(1));
    else if (selector.id === undefined) selector.id = part.slice(1);
    else return null;
  }
  return selector;
}
