// The LCP <img>: the page author's explicit `fetchpriority=high` image wins; otherwise the first
// eagerly loaded <img> above the fold (above-the-fold.ts) and in <main> when there is one, since
// a lazy image is by definition not what the author expects in the first viewport, and an
// icon-sized one (width and height both declared ≤ 64) is not a hero.
// Of that <img>, the file the browser fetches at the layout viewport: for a <picture>, the first
// <source> with a supported type and matching media; then the srcset candidate srcset.ts picks.
// A responsive hero keeps its srcset and sizes on the resource, so a preload can say them and the
// browser preloads exactly the candidate the <img> will ask for.
import { aboveTheFold, isInside } from './above-the-fold.ts';
import { attr, childElements, describeElement, findFirst, type Element } from './html-tree.ts';
import type { CriticalResource } from './manifest-types.ts';
import { mediaMatches } from './media-query.ts';
import { siteLocation, type PageUrls } from './page-urls.ts';
import { formatCandidate, parseSrcset, pickCandidate, type PickedCandidate, type SrcsetCandidate } from './srcset.ts';
import { mimeTypeForPath } from './site-paths.ts';
import type { Viewport } from './viewport.ts';

/** A resource when the hero is a file of the site; a note when it is found but not the site's to push. */
export type HeroResult = { resource: CriticalResource } | { note: string } | null;

/** Image types current Chromium decodes; a <source> of another type (image/jxl, image/heic) is skipped. */
const SUPPORTED_IMAGE_TYPES = new Set([
  'image/avif', 'image/webp', 'image/apng', 'image/png', 'image/jpeg', 'image/jpg', 'image/pjpeg',
  'image/gif', 'image/svg+xml', 'image/bmp', 'image/x-icon', 'image/vnd.microsoft.icon',
]);

const ICON_MAX_PX = 64;

export function lcpImage(body: Element | undefined, urls: PageUrls, vp: Viewport): HeroResult {
  const img = lcpImgElement(body);
  if (!img) return null;
  const choice = chosenSource(img, vp);
  if (!choice) return null;
  const located = urls.inPage(choice.candidate.url);
  if (located?.kind === 'foreign') return { note: `LCP candidate ${describeElement(img)} is cross-origin, not in the manifest: ${located.url}` };
  if (!located) return { note: `LCP candidate ${describeElement(img)} has nothing to fetch early (${shorten(choice.candidate.url)})` };

  const type = choice.type ?? mimeTypeForPath(located.path);
  const resource: CriticalResource = { ...siteLocation(located), as: 'image', ...(type ? { type } : {}), reason: reasonFor(choice, vp) };
  if (choice.srcset !== undefined) {
    resource.imagesrcset = choice.candidates.map((c) => formatCandidate(requestUrlOf(urls, c.url), c)).join(', ');
    if (choice.sizes !== undefined && choice.candidates.some((c) => c.width !== undefined)) resource.imagesizes = choice.sizes;
  }
  return { resource };
}

function lcpImgElement(body: Element | undefined): Element | undefined {
  if (!body) return undefined;
  const flagged = findFirst(body, (el) => isImgWithSource(el) && attr(el, 'fetchpriority')?.toLowerCase() === 'high');
  if (flagged) return flagged;
  const main = findFirst(body, (el) => el.tagName === 'main');
  return aboveTheFold(body).find((el) =>
    isImgWithSource(el) && (!main || isInside(el, main)) && attr(el, 'loading')?.toLowerCase() !== 'lazy' && !isIcon(el));
}

function isImgWithSource(el: Element): boolean {
  if (el.tagName !== 'img') return false;
  if (nonEmpty(attr(el, 'src')) || nonEmpty(attr(el, 'srcset'))) return true;
  return pictureSources(el).some((s) => nonEmpty(attr(s, 'srcset')));
}

function isIcon(img: Element): boolean {
  const w = Number(attr(img, 'width'));
  const h = Number(attr(img, 'height'));
  return w > 0 && h > 0 && w <= ICON_MAX_PX && h <= ICON_MAX_PX;
}

interface SourceChoice extends PickedCandidate {
  /** Every candidate of the set the browser chose from (the <img>'s src included when it counts). */
  candidates: SrcsetCandidate[];
  /** The srcset written in the page, when the choice came from one. */
  srcset?: string;
  sizes?: string;
  /** A <source>'s `type`, which a preload repeats so browsers without that format skip it. */
  type?: string;
  /** The <source> chosen, for the reason. */
  source?: Element;
}

/** The <source> (first with a supported type and matching media) or the <img> itself, and its candidate. */
function chosenSource(img: Element, vp: Viewport): SourceChoice | null {
  for (const source of pictureSources(img)) {
    const srcset = attr(source, 'srcset');
    const type = attr(source, 'type')?.split(';')[0]!.trim().toLowerCase();
    if (!nonEmpty(srcset) || (type && !SUPPORTED_IMAGE_TYPES.has(type)) || !mediaMatches(attr(source, 'media'), vp)) continue;
    const candidates = parseSrcset(srcset!);
    const picked = pickCandidate(candidates, attr(source, 'sizes'), vp);
    if (picked) return { ...picked, candidates, srcset, sizes: attr(source, 'sizes'), ...(type ? { type } : {}), source };
  }
  const srcset = attr(img, 'srcset');
  const src = attr(img, 'src');
  const candidates = nonEmpty(srcset) ? parseSrcset(srcset!) : [];
  // The spec adds src as the 1x candidate unless srcset has widths or already a 1x.
  const hasOneX = candidates.some((c) => c.width === undefined && (c.density ?? 1) === 1);
  const withSrc = nonEmpty(src) && !hasOneX && !candidates.some((c) => c.width !== undefined) ? [...candidates, { url: src! }] : candidates;
  const picked = pickCandidate(withSrc, attr(img, 'sizes'), vp);
  if (!picked) return null;
  return { ...picked, candidates: withSrc, ...(nonEmpty(srcset) ? { srcset, sizes: attr(img, 'sizes') } : {}) };
}

/** The <source> elements before `img` in its <picture>, in order. */
function pictureSources(img: Element): Element[] {
  const parent = img.parentNode;
  if (!parent || !('tagName' in parent) || parent.tagName !== 'picture') return [];
  const siblings = childElements(parent);
  return siblings.slice(0, siblings.indexOf(img)).filter((el) => el.tagName === 'source');
}

/** "LCP image" for a plain <img src>; the way to the file otherwise. */
function reasonFor(choice: SourceChoice, vp: Viewport): string {
  const how: string[] = [];
  if (choice.source) how.push(`<picture> <source${choice.type ? ` type=${choice.type}` : ''}${attr(choice.source, 'media') ? ` media="${attr(choice.source, 'media')}"` : ''}>`);
  if (choice.srcset !== undefined) {
    const c = choice.candidate;
    how.push(c.width !== undefined ? `srcset ${c.width}w for a ${Math.round(choice.slotPx!)} px slot at DPR ${vp.dpr}` : `srcset ${c.density ?? 1}x at DPR ${vp.dpr}`);
  }
  return how.length === 0 ? 'LCP image' : `LCP image (${how.join(', ')})`;
}

/** What a preload's imagesrcset names: the site's own files by path, others (second origins too) by absolute URL. */
function requestUrlOf(urls: PageUrls, href: string): string {
  const located = urls.inPage(href);
  if (located?.kind === 'site') return located.requestUrl;
  if (located?.kind === 'foreign') return located.url;
  return href;
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

function shorten(url: string): string {
  return url.length > 60 ? `${url.slice(0, 57)}…` : url;
}
