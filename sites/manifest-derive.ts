// Derives one page's critical resources from its HTML and stylesheets:
// the stylesheets in <head>, the fonts those stylesheets declare, and the LCP image.
// Order matters to variants that push or hint in manifest order: styles, fonts, image.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parse, type DefaultTreeAdapterTypes } from 'parse5';
import postcss from 'postcss';
import type { CriticalResource } from './manifest-types.ts';
import { fileForSitePath, mimeTypeForPath, resolveSitePath } from './site-paths.ts';

type Element = DefaultTreeAdapterTypes.Element;
type ParentNode = DefaultTreeAdapterTypes.ParentNode;

/** Fonts per stylesheet, for one derivation of a site: pages share their stylesheets. */
export type FontsCache = Map<string, Promise<FontFile[]>>;

export async function deriveResources(siteDir: string, pagePath: string, html: string, fontsCache: FontsCache = new Map()): Promise<CriticalResource[]> {
  const document = parse(html);
  const head = findFirst(document, (el) => el.tagName === 'head');
  const body = findFirst(document, (el) => el.tagName === 'body');

  const styles: CriticalResource[] = stylesheetPaths(head, pagePath).map((p) => ({
    path: p,
    as: 'style',
    reason: 'stylesheet in <head>',
  }));
  const fonts: CriticalResource[] = [];
  for (const style of styles) {
    let parsed = fontsCache.get(style.path);
    if (!parsed) fontsCache.set(style.path, (parsed = fontsOfStylesheet(siteDir, style.path)));
    for (const font of await parsed) {
      fonts.push({ path: font.path, as: 'font', type: font.type, crossorigin: true, reason: `font used by ${style.path}` });
    }
  }
  const image = lcpImagePath(body, pagePath);
  const images: CriticalResource[] = image
    ? [{ path: image, as: 'image', ...typeOf(image), reason: 'LCP image' }]
    : [];
  return dedupeByPath([...styles, ...fonts, ...images]);
}

function stylesheetPaths(head: Element | undefined, pagePath: string): string[] {
  if (!head) return [];
  const links = findAll(head, (el) => el.tagName === 'link' && relTokens(el).includes('stylesheet') && !relTokens(el).includes('alternate'));
  return links.flatMap((link) => {
    const href = attr(link, 'href');
    const resolved = href === undefined ? null : resolveSitePath(href, pagePath);
    return resolved ? [resolved] : [];
  });
}

/**
 * The LCP candidate: the page author's explicit `fetchpriority=high` image wins; otherwise the
 * first eagerly loaded <img> in <main> (or <body> when there is no <main>), since a lazy image
 * is by definition not what the author expects in the first viewport.
 */
function lcpImagePath(body: Element | undefined, pagePath: string): string | null {
  if (!body) return null;
  const hasSrc = (el: Element) => el.tagName === 'img' && attr(el, 'src') !== undefined;
  const flagged = findFirst(body, (el) => hasSrc(el) && attr(el, 'fetchpriority')?.toLowerCase() === 'high');
  const scope = findFirst(body, (el) => el.tagName === 'main') ?? body;
  const eager = findFirst(scope, (el) => hasSrc(el) && attr(el, 'loading')?.toLowerCase() !== 'lazy');
  const chosen = flagged ?? eager;
  return chosen ? resolveSitePath(attr(chosen, 'src')!, pagePath) : null;
}

interface FontFile {
  path: string;
  type: string | undefined;
}

/** One file per @font-face: the woff2 source when there is one (every current browser picks it). */
async function fontsOfStylesheet(siteDir: string, cssPath: string): Promise<FontFile[]> {
  const file = fileForSitePath(siteDir, cssPath);
  // A stylesheet that is missing still belongs in the manifest (the page asks for it); it just declares no fonts.
  if (!existsSync(file)) return [];
  const root = postcss.parse(await readFile(file, 'utf8'), { from: file });
  const fonts: FontFile[] = [];
  root.walkAtRules('font-face', (rule) => {
    const sources: FontFile[] = [];
    rule.walkDecls('src', (decl) => {
      for (const source of parseFontSources(decl.value)) {
        const resolved = resolveSitePath(source.url, cssPath);
        if (resolved) sources.push({ path: resolved, type: source.isWoff2 ? 'font/woff2' : mimeTypeForPath(resolved) });
      }
    });
    const chosen = sources.find((s) => s.type === 'font/woff2') ?? sources[0];
    if (chosen) fonts.push(chosen);
  });
  return fonts;
}

/** Splits a `src:` value into its url() entries, noting which are declared or named woff2. */
function parseFontSources(value: string): { url: string; isWoff2: boolean }[] {
  const entries = [...value.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)\s*(?:format\(\s*["']?([^"')]*)["']?\s*\))?/g)];
  return entries.map((m) => {
    const url = m[1] ?? m[2] ?? m[3] ?? '';
    const format = (m[4] ?? '').toLowerCase();
    return { url, isWoff2: format === 'woff2' || /\.woff2(?:[?#]|$)/i.test(url) };
  });
}

function typeOf(imagePath: string): { type?: string } {
  const type = mimeTypeForPath(imagePath);
  return type ? { type } : {};
}

function dedupeByPath(resources: CriticalResource[]): CriticalResource[] {
  const seen = new Set<string>();
  return resources.filter((r) => !seen.has(r.path) && (seen.add(r.path), true));
}

function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function relTokens(el: Element): string[] {
  return (attr(el, 'rel') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

function isElement(node: DefaultTreeAdapterTypes.Node): node is Element {
  return 'tagName' in node;
}

/** parse5 keeps <template> contents in a separate fragment, so this walk skips them, as rendering does. */
function childrenOf(node: ParentNode): DefaultTreeAdapterTypes.ChildNode[] {
  return 'childNodes' in node ? node.childNodes : [];
}

function findFirst(root: ParentNode, match: (el: Element) => boolean): Element | undefined {
  for (const child of childrenOf(root)) {
    if (!isElement(child)) continue;
    if (match(child)) return child;
    const inner = findFirst(child, match);
    if (inner) return inner;
  }
  return undefined;
}

function findAll(root: ParentNode, match: (el: Element) => boolean): Element[] {
  const found: Element[] = [];
  for (const child of childrenOf(root)) {
    if (!isElement(child)) continue;
    if (match(child)) found.push(child);
    found.push(...findAll(child, match));
  }
  return found;
}
