// Which elements the first viewport plausibly shows. pushbench does no layout, so this is a
// heuristic on document order:
//  - where: <main>, the first <header>, and the first three rendered element children of <body>
//    (where a page without <main> puts its banner, masthead or hero section), with their
//    descendants, minus <nav> (menus and logos are never the hero);
//  - how far: an element with more than FOLD_TEXT_CHARS characters of text before it in the page
//    is taken to be below the fold (a 1350×940 viewport shows roughly that much prose, less with
//    headings and margins), so an image in the middle of an article is not the hero;
//  - what: only rendered elements (not `hidden`, <template>, <noscript>, …). aria-hidden ones
//    count: decorative backgrounds often carry it, and they are painted all the same.
import type { DefaultTreeAdapterTypes } from 'parse5';
import { childElements, hasAttr, type Element } from './html-tree.ts';

const NOT_RENDERED = new Set(['script', 'style', 'noscript', 'template', 'link', 'meta', 'dialog', 'head', 'title']);
const FIRST_SECTIONS = 3;
export const FOLD_TEXT_CHARS = 2000;

function isRendered(el: Element): boolean {
  return !NOT_RENDERED.has(el.tagName) && !hasAttr(el, 'hidden');
}

/** The elements of the region above the fold, in document order. */
export function aboveTheFold(body: Element | undefined): Element[] {
  if (!body) return [];
  const roots = new Set<Element>(childElements(body).filter(isRendered).slice(0, FIRST_SECTIONS));
  const main = firstRendered(body, 'main');
  const header = firstRendered(body, 'header');
  if (main) roots.add(main);
  if (header) roots.add(header);

  const out: Element[] = [];
  let textBefore = 0;
  const walk = (node: DefaultTreeAdapterTypes.ChildNode, inRegion: boolean): void => {
    if (textBefore > FOLD_TEXT_CHARS) return;
    if (node.nodeName === '#text') {
      textBefore += (node as DefaultTreeAdapterTypes.TextNode).value.replace(/\s+/g, ' ').trim().length;
      return;
    }
    if (!('tagName' in node) || !isRendered(node)) return;
    // Text in <nav> pushes the rest down like any other; its elements are never the hero.
    const inside = node.tagName !== 'nav' && (inRegion || roots.has(node));
    if (inside) out.push(node);
    for (const child of node.childNodes) walk(child, inside);
  };
  for (const child of body.childNodes) walk(child, false);
  return out;
}

/** Whether `el` lies inside `ancestor`. */
export function isInside(el: Element, ancestor: Element): boolean {
  for (let node: DefaultTreeAdapterTypes.ParentNode | null = el.parentNode; node; node = 'parentNode' in node ? node.parentNode : null) {
    if (node === ancestor) return true;
  }
  return false;
}

function firstRendered(root: Element, tagName: string): Element | undefined {
  for (const child of childElements(root)) {
    if (!isRendered(child)) continue;
    if (child.tagName === tagName) return child;
    const inner = firstRendered(child, tagName);
    if (inner) return inner;
  }
  return undefined;
}
