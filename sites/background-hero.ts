// A CSS background hero, looked for only when the page has no LCP <img>: the first element,
// in document order, of the region above-the-fold.ts names that is a block container (a hero is
// painted on a header, section, div…, not on a link or an icon) and has a background image,
// from its inline `style` or from a stylesheet rule whose selector is one compound of tag,
// .class and #id that matches it (the last such rule in cascade order). It is a heuristic with
// no layout: it cannot tell a full-width banner from a small decorated box, so the reason says
// so, and a site it gets wrong names its hero in pushbench.manifest.json.
import postcss from 'postcss';
import { aboveTheFold } from './above-the-fold.ts';
import { attr, describeElement, type Element } from './html-tree.ts';
import type { CriticalResource } from './manifest-types.ts';
import type { HeroResult } from './lcp-image.ts';
import { siteLocation, type Located, type PageUrls } from './page-urls.ts';
import { backgroundImageOf, type BackgroundRule, type CompoundSelector } from './sheet-facts.ts';
import { mimeTypeForPath } from './site-paths.ts';

const HERO_CONTAINERS = new Set(['header', 'section', 'div', 'main', 'article', 'aside', 'figure']);

export function backgroundHero(body: Element | undefined, urls: PageUrls, rules: readonly (BackgroundRule & { sheet: string })[]): HeroResult {
  for (const el of aboveTheFold(body)) {
    if (!HERO_CONTAINERS.has(el.tagName)) continue;
    const inline = inlineBackground(el, urls);
    if (inline) return heroResult(inline, el, `inline style on ${describeElement(el)}`);
    const rule = lastMatching(rules, el);
    if (rule) return heroResult(rule.image, el, `rule "${rule.selectorText}" in ${rule.sheet} matches ${describeElement(el)}`);
  }
  return null;
}

function heroResult(image: Located, el: Element, how: string): HeroResult {
  if (image?.kind === 'foreign') return { note: `CSS background hero ${describeElement(el)} is cross-origin, not in the manifest: ${image.url}` };
  if (!image) return null;
  const type = mimeTypeForPath(image.path);
  const resource: CriticalResource = { ...siteLocation(image), as: 'image', ...(type ? { type } : {}), reason: `CSS background hero (heuristic: ${how})` };
  return { resource };
}

/** The background image an element's `style` attribute sets, located against the page. */
function inlineBackground(el: Element, urls: PageUrls): Located {
  const style = attr(el, 'style');
  if (!style || !/background/i.test(style)) return null;
  try {
    return backgroundImageOf(postcss.parse(style), urls.inPage);
  } catch {
    return null; // a style attribute the browser would mostly ignore too
  }
}

/** The rule that wins the cascade among those matching `el` (specificity aside: a heuristic). */
function lastMatching<R extends BackgroundRule>(rules: readonly R[], el: Element): R | undefined {
  for (let i = rules.length - 1; i >= 0; i--) if (selectorMatches(rules[i]!.selector, el)) return rules[i];
  return undefined;
}

function selectorMatches(selector: CompoundSelector, el: Element): boolean {
  if (selector.tag !== undefined && selector.tag !== el.tagName) return false;
  if (selector.id !== undefined && selector.id !== attr(el, 'id')) return false;
  if (selector.classes.length === 0) return true;
  // Class names match case-sensitively in standards mode.
  const classes = new Set((attr(el, 'class') ?? '').split(/\s+/).filter(Boolean));
  return selector.classes.every((c) => classes.has(c));
}
