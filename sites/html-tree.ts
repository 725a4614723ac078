// Small helpers over parse5's tree, shared by the derivation modules.
import type { DefaultTreeAdapterTypes } from 'parse5';

export type Element = DefaultTreeAdapterTypes.Element;
export type ParentNode = DefaultTreeAdapterTypes.ParentNode;

export function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

export function hasAttr(el: Element, name: string): boolean {
  return el.attrs.some((a) => a.name === name);
}

/** The lower-cased tokens of a space-separated attribute (`rel`, `class`). */
export function tokensOf(el: Element, name: string): string[] {
  return (attr(el, name) ?? '').toLowerCase().split(/\s+/).filter(Boolean);
}

export function relTokens(el: Element): string[] {
  return tokensOf(el, 'rel');
}

function isElement(node: DefaultTreeAdapterTypes.Node): node is Element {
  return 'tagName' in node;
}

/** parse5 keeps <template> contents in a separate fragment, so walks skip them, as rendering does. */
export function childElements(node: ParentNode): Element[] {
  return ('childNodes' in node ? node.childNodes : []).filter(isElement);
}

export function findFirst(root: ParentNode, match: (el: Element) => boolean): Element | undefined {
  for (const child of childElements(root)) {
    if (match(child)) return child;
    const inner = findFirst(child, match);
    if (inner) return inner;
  }
  return undefined;
}

export function findAll(root: ParentNode, match: (el: Element) => boolean): Element[] {
  const found: Element[] = [];
  for (const child of childElements(root)) {
    if (match(child)) found.push(child);
    found.push(...findAll(child, match));
  }
  return found;
}

/** `<header id="top" class="masthead dark">`: how notes and reasons name an element. */
export function describeElement(el: Element): string {
  const id = attr(el, 'id');
  const cls = attr(el, 'class')?.trim().replace(/\s+/g, ' ');
  return `<${el.tagName}${id ? ` id="${id}"` : ''}${cls ? ` class="${cls}"` : ''}>`;
}
