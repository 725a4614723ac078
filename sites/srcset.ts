// `srcset` and `sizes` as the HTML spec reads them, and the candidate a browser picks for the
// layout viewport: with width descriptors, the smallest candidate at least slot width × DPR wide
// (else the largest); with density descriptors, the smallest density at least the DPR (else the
// largest). Browsers may pick differently (a larger one already in cache, data saver); on a
// fresh profile at DPR 1 Chromium picks this one.
import { lengthToPx } from './css-length.ts';
import { conditionMatches, splitTopLevel } from './media-query.ts';
import type { Viewport } from './viewport.ts';

export interface SrcsetCandidate {
  url: string;
  /** The `w` descriptor. */
  width?: number;
  /** The `x` descriptor; absent with no descriptor (1x) or with a width. */
  density?: number;
}

export interface PickedCandidate {
  candidate: SrcsetCandidate;
  /** The slot width in CSS px `sizes` gave, when the candidates have width descriptors. */
  slotPx?: number;
}

/** Parses a srcset; a candidate with an invalid descriptor is dropped, as the spec says. */
export function parseSrcset(value: string): SrcsetCandidate[] {
  const candidates: SrcsetCandidate[] = [];
  let pos = 0;
  while (pos < value.length) {
    while (pos < value.length && /[\s,]/.test(value[pos]!)) pos++;
    if (pos >= value.length) break;
    const urlStart = pos;
    while (pos < value.length && !/\s/.test(value[pos]!)) pos++;
    let url = value.slice(urlStart, pos);
    let descriptors = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      const descStart = pos;
      let depth = 0;
      while (pos < value.length && !(value[pos] === ',' && depth === 0)) {
        if (value[pos] === '(') depth++;
        else if (value[pos] === ')') depth = Math.max(0, depth - 1);
        pos++;
      }
      descriptors = value.slice(descStart, pos).trim();
    }
    const candidate = withDescriptors(url, descriptors);
    if (url !== '' && candidate) candidates.push(candidate);
  }
  return candidates;
}

function withDescriptors(url: string, descriptors: string): SrcsetCandidate | null {
  const candidate: SrcsetCandidate = { url };
  for (const token of descriptors.split(/\s+/).filter(Boolean)) {
    const width = /^(\d+)w$/i.exec(token);
    const density = /^(\d*\.?\d+(?:e[+-]?\d+)?)x$/i.exec(token);
    if (width && candidate.width === undefined && candidate.density === undefined) candidate.width = Number(width[1]);
    else if (density && candidate.width === undefined && candidate.density === undefined) candidate.density = Number(density[1]);
    else if (!/^\d+h$/i.test(token)) return null; // `h` is reserved for the future and ignored
  }
  return candidate;
}

/**
 * The slot width `sizes` gives: the length of the first entry whose media condition matches;
 * entries that do not parse are skipped; with none, 100vw (the spec's default).
 */
export function slotWidthPx(sizes: string | undefined, vp: Viewport): number {
  for (const entry of splitTopLevel(sizes ?? '', ',')) {
    const split = splitSizesEntry(entry.trim());
    if (!split) continue;
    const px = lengthToPx(split.length, vp);
    if (px === null || px < 0) continue;
    if (split.condition === '' || conditionMatches(split.condition, vp)) return px;
  }
  return vp.width;
}

/** "(max-width: 600px) calc(100vw - 2rem)" -> condition "(max-width: 600px)", length "calc(100vw - 2rem)". */
function splitSizesEntry(entry: string): { condition: string; length: string } | null {
  if (entry === '' || entry.toLowerCase() === 'auto') return null;
  let lengthStart: number;
  if (entry.endsWith(')')) {
    // The length is a math function: find where its name starts.
    let depth = 0;
    let open = entry.length - 1;
    for (; open >= 0; open--) {
      if (entry[open] === ')') depth++;
      else if (entry[open] === '(' && --depth === 0) break;
    }
    lengthStart = open;
    while (lengthStart > 0 && /[a-z-]/i.test(entry[lengthStart - 1]!)) lengthStart--;
    // "(max-width: 600px)" alone is a condition with no length.
    if (lengthStart === open) return null;
  } else {
    lengthStart = entry.search(/\S+$/);
  }
  return { condition: entry.slice(0, lengthStart).trim(), length: entry.slice(lengthStart) };
}

/** The candidate the browser picks at `vp`, or null when there is none. */
export function pickCandidate(candidates: SrcsetCandidate[], sizes: string | undefined, vp: Viewport): PickedCandidate | null {
  const byWidth = candidates.some((c) => c.width !== undefined);
  const slotPx = byWidth ? slotWidthPx(sizes, vp) : undefined;
  // Mixing descriptors is an author error; the width candidates win, as they describe the slot.
  const usable = byWidth ? candidates.filter((c) => c.width !== undefined) : candidates;
  const density = (c: SrcsetCandidate): number => (byWidth ? c.width! / slotPx! : (c.density ?? 1));
  // Stable sort: among equal densities the first in source order wins, as the spec's dedupe does.
  const ordered = [...usable].sort((a, b) => density(a) - density(b));
  const candidate = ordered.find((c) => density(c) >= vp.dpr) ?? ordered.at(-1);
  return candidate ? { candidate, ...(slotPx !== undefined ? { slotPx } : {}) } : null;
}

/** A candidate written back in srcset syntax. */
export function formatCandidate(url: string, candidate: SrcsetCandidate): string {
  if (candidate.width !== undefined) return `${url} ${candidate.width}w`;
  if (candidate.density !== undefined) return `${url} ${candidate.density}x`;
  return url;
}
