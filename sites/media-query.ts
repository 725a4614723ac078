// Evaluates a media query list (`media` attributes, `@media`, `@import … screen`, the conditions
// in `sizes`) for the layout viewport and the preferences of a fresh Playwright context
// (viewport.ts). Media Queries 4 syntax: types, not/only, and/or/not with parentheses,
// `min-`/`max-` prefixes and range syntax (`width >= 600px`, `400px < width < 800px`).
// As in a browser, a query it cannot parse, or one naming an unknown feature, is false.
import { lengthToPx } from './css-length.ts';
import { MEDIA_PREFERENCES, type Viewport } from './viewport.ts';

/** Thrown inside the evaluator only: the query is invalid, so it does not match. */
class InvalidQuery extends Error {}

/** Whether `list` matches; an absent or empty list means "all", as for a `media` attribute. */
export function mediaMatches(list: string | undefined, vp: Viewport): boolean {
  if (list === undefined || list.trim() === '') return true;
  return splitTopLevel(list.toLowerCase(), ',').some((query) => guarded(() => queryMatches(query.trim(), vp)));
}

/** A media condition alone, as the part before the length in a `sizes` entry. */
export function conditionMatches(condition: string, vp: Viewport): boolean {
  return guarded(() => evalCondition(condition.toLowerCase().trim(), vp));
}

function guarded(evaluate: () => boolean): boolean {
  try {
    return evaluate();
  } catch (err) {
    if (err instanceof InvalidQuery) return false;
    throw err;
  }
}

const MEDIA_TYPES: Record<string, boolean> = { all: true, screen: true, print: false, speech: false };

function queryMatches(query: string, vp: Viewport): boolean {
  // Media Queries 3 form: [not|only] type [and condition]; anything else is a bare condition.
  const typed = /^(?:(not|only)\s+)?([a-z][a-z-]*)(?:\s+and\s+([\s\S]+))?$/.exec(query);
  if (!typed || typed[2] === 'not') return evalCondition(query, vp);
  const [, modifier, type, condition] = typed;
  // A media type this list does not know (tv, handheld, …) is valid and never matches a screen.
  const matches = (MEDIA_TYPES[type!] ?? false) && (condition === undefined || evalCondition(condition, vp));
  return modifier === 'not' ? !matches : matches;
}

type Part = { group: string } | { word: string };

/** `(a) and (b)`, `(a) or (b)`, `not (a)`; a group holds a feature or a nested condition. */
function evalCondition(text: string, vp: Viewport): boolean {
  const parts = splitParts(text);
  if (parts.length === 0) throw new InvalidQuery();
  if ('word' in parts[0]!) {
    if (parts[0].word !== 'not' || parts.length !== 2) throw new InvalidQuery();
    return !evalTerm(parts[1]!, vp);
  }
  let result = evalTerm(parts[0], vp);
  for (let i = 1; i < parts.length; i += 2) {
    const op = parts[i]!;
    const term = parts[i + 1];
    if (!('word' in op) || (op.word !== 'and' && op.word !== 'or') || !term) throw new InvalidQuery();
    const value = evalTerm(term, vp);
    result = op.word === 'and' ? result && value : result || value;
  }
  return result;
}

function evalTerm(part: Part, vp: Viewport): boolean {
  if (!('group' in part)) throw new InvalidQuery();
  const inner = part.group.trim();
  return inner.startsWith('(') || /^not\s/.test(inner) ? evalCondition(inner, vp) : evalFeature(inner, vp);
}

/** Splits a condition into parenthesised groups (their inside) and the words between them. */
function splitParts(text: string): Part[] {
  const parts: Part[] = [];
  let pos = 0;
  while (pos < text.length) {
    const ch = text[pos]!;
    if (/\s/.test(ch)) {
      pos++;
    } else if (ch === '(') {
      const end = matchingParen(text, pos);
      parts.push({ group: text.slice(pos + 1, end) });
      pos = end + 1;
    } else {
      const word = /^[a-z]+/.exec(text.slice(pos));
      if (!word) throw new InvalidQuery();
      parts.push({ word: word[0] });
      pos += word[0].length;
    }
  }
  return parts;
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  throw new InvalidQuery();
}

/** Splits at `separator` outside parentheses. */
export function splitTopLevel(text: string, separator: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === separator && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** Range features: their value for the viewport, and how a written value is read. */
const RANGE_FEATURES: Record<string, { value: (vp: Viewport) => number; parse: (text: string, vp: Viewport) => number | null }> = {
  width: { value: (vp) => vp.width, parse: lengthToPx },
  height: { value: (vp) => vp.height, parse: lengthToPx },
  // Playwright sets the screen to the viewport size unless told otherwise.
  'device-width': { value: (vp) => vp.width, parse: lengthToPx },
  'device-height': { value: (vp) => vp.height, parse: lengthToPx },
  'aspect-ratio': { value: (vp) => vp.width / vp.height, parse: parseRatio },
  'device-aspect-ratio': { value: (vp) => vp.width / vp.height, parse: parseRatio },
  resolution: { value: (vp) => vp.dpr, parse: parseResolution },
  '-webkit-device-pixel-ratio': { value: (vp) => vp.dpr, parse: parseNumber },
  color: { value: () => 8, parse: parseNumber },
  'color-index': { value: () => 0, parse: parseNumber },
  monochrome: { value: () => 0, parse: parseNumber },
  grid: { value: () => 0, parse: parseNumber },
};

function evalFeature(text: string, vp: Viewport): boolean {
  const colon = text.indexOf(':');
  if (colon >= 0) return evalPlain(text.slice(0, colon).trim(), text.slice(colon + 1).trim(), vp);
  if (/[<>=]/.test(text)) return evalRange(text, vp);
  return evalBoolean(text.trim(), vp);
}

/** `name: value`, `min-name: value`, `-webkit-min-device-pixel-ratio: 2`. */
function evalPlain(rawName: string, valueText: string, vp: Viewport): boolean {
  const prefix = /^(-webkit-)?(min|max)-/.exec(rawName);
  const name = prefix ? (prefix[1] ?? '') + rawName.slice(prefix[0].length) : rawName;
  const range = RANGE_FEATURES[name];
  if (range) {
    const wanted = range.parse(valueText, vp);
    if (wanted === null) throw new InvalidQuery();
    const actual = range.value(vp);
    if (prefix?.[2] === 'min') return actual >= wanted;
    if (prefix?.[2] === 'max') return actual <= wanted;
    return Math.abs(actual - wanted) < 1e-9;
  }
  if (prefix) throw new InvalidQuery();
  return discreteValue(name, vp) === valueText;
}

/** `width >= 600px`, `600px <= width`, `400px < width <= 800px`. */
function evalRange(text: string, vp: Viewport): boolean {
  const pieces = text.split(/(<=|>=|<|>|=)/).map((s) => s.trim());
  const nameAt = pieces.findIndex((p, i) => i % 2 === 0 && RANGE_FEATURES[p] !== undefined);
  if (nameAt < 0 || (pieces.length !== 3 && pieces.length !== 5)) throw new InvalidQuery();
  const feature = RANGE_FEATURES[pieces[nameAt]!]!;
  const operand = (i: number): number => {
    if (i === nameAt) return feature.value(vp);
    const parsed = feature.parse(pieces[i]!, vp);
    if (parsed === null) throw new InvalidQuery();
    return parsed;
  };
  for (let i = 0; i + 2 < pieces.length; i += 2) {
    if (!compare(operand(i), pieces[i + 1]!, operand(i + 2))) return false;
  }
  return true;
}

function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    default: return Math.abs(a - b) < 1e-9;
  }
}

/** `(color)`, `(hover)`: true unless the feature's value is zero, none or no-preference. */
function evalBoolean(name: string, vp: Viewport): boolean {
  const range = RANGE_FEATURES[name];
  if (range) return range.value(vp) !== 0;
  const value = discreteValue(name, vp);
  return value !== 'none' && value !== 'no-preference';
}

function discreteValue(name: string, vp: Viewport): string {
  if (name === 'orientation') return vp.height >= vp.width ? 'portrait' : 'landscape';
  const value = MEDIA_PREFERENCES[name];
  if (value === undefined) throw new InvalidQuery();
  return value;
}

function parseNumber(text: string): number | null {
  return /^-?\d*\.?\d+$/.test(text) ? Number(text) : null;
}

function parseRatio(text: string): number | null {
  const m = /^(\d*\.?\d+)\s*(?:\/\s*(\d*\.?\d+))?$/.exec(text);
  return m ? Number(m[1]) / Number(m[2] ?? 1) : null;
}

/** In dppx: `2dppx`, `2x`, `192dpi`, `75.6dpcm`. */
function parseResolution(text: string): number | null {
  const m = /^(\d*\.?\d+)(dppx|x|dpi|dpcm)$/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === 'dpi' ? n / 96 : m[2] === 'dpcm' ? (n * 2.54) / 96 : n;
}
