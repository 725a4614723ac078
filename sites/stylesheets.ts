// The render-blocking stylesheets of a page and what they declare. The <head>'s stylesheet links
// (and inline <style> elements) are the roots; each sheet's @imports are followed recursively,
// each sheet at most once (an @import cycle ends where it closes). Sheets are listed in the order
// the browser discovers them: the <head>'s own first, then each imported sheet as the sheet
// importing it arrives. The fonts they declare come after all of them: the browser finds a
// font only when it first styles the page, which waits for every sheet. A sheet on one of the
// site's second origins is read from its folder and its URLs resolve against that origin.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { attr, childElements, hasAttr, relTokens, type Element } from './html-tree.ts';
import type { CriticalResource } from './manifest-types.ts';
import { mediaMatches } from './media-query.ts';
import { locationKey, siteLocation, type PageUrls, type SiteLocation } from './page-urls.ts';
import { NO_FACTS, sheetFacts, type BackgroundRule, type SheetFacts } from './sheet-facts.ts';
import { folderOfOrigin } from './site-origins.ts';
import { fileForSitePath } from './site-paths.ts';
import type { Viewport } from './viewport.ts';

/** Facts per stylesheet, for one derivation of a site: pages share their stylesheets. */
export type StylesheetCache = Map<string, Promise<SheetFacts>>;

export interface PageStyles {
  sheets: CriticalResource[];
  fonts: CriticalResource[];
  /** Background rules of every sheet, in cascade order (an imported sheet's before its importer's). */
  backgrounds: (BackgroundRule & { sheet: string })[];
  /** What derivation saw but could not list: cross-origin sheets, sheets that did not parse. */
  notes: string[];
}

/** A root of the sheet graph: a linked file, or an inline <style> (its URLs resolve against the page). */
type SheetSource = (SiteLocation & { reason: string }) | { inline: SheetFacts };

export async function pageStyles(siteDir: string, head: Element | undefined, urls: PageUrls, vp: Viewport, cache: StylesheetCache): Promise<PageStyles> {
  const notes: string[] = [];
  const roots = head ? headSheetSources(head, urls, vp, notes) : [];
  const load = (sheet: SiteLocation): Promise<SheetFacts> => {
    const key = `${urls.declaredOrigin ?? ''} ${locationKey(sheet)}`;
    let facts = cache.get(key);
    if (!facts) cache.set(key, (facts = readSheet(siteDir, sheet, urls, vp)));
    return facts;
  };

  // Discovery order, breadth first: roots, then what each listed sheet imports.
  const listed: { source: SheetSource; facts: SheetFacts }[] = [];
  const seen = new Set<string>();
  const queue: SheetSource[] = [...roots];
  while (queue.length > 0) {
    const source = queue.shift()!;
    if ('path' in source) {
      if (seen.has(locationKey(source))) continue;
      seen.add(locationKey(source));
    }
    const facts = 'path' in source ? await load(source) : source.inline;
    listed.push({ source, facts });
    const importer = 'path' in source ? locationKey(source) : 'inline <style>';
    for (const imported of facts.imports) queue.push({ ...imported, reason: `stylesheet imported by ${importer}` });
    for (const url of facts.foreignImports) notes.push(`not in the manifest, cross-origin: stylesheet ${url} (imported by ${importer})`);
    if (facts.error) notes.push(`could not parse ${importer}, so its imports, fonts and backgrounds are unknown: ${facts.error}`);
  }

  const sheets: CriticalResource[] = listed.flatMap(({ source }) => ('path' in source ? [{ ...siteLocation(source), as: 'style' as const, reason: source.reason }] : []));
  const fonts: CriticalResource[] = listed.flatMap(({ source, facts }) =>
    facts.fonts.map((font) => ({
      ...siteLocation(font),
      as: 'font' as const,
      type: font.type,
      crossorigin: true,
      reason: 'path' in source ? `font used by ${locationKey(source)}` : 'font declared in inline <style>',
    })));
  const byKey = new Map(listed.flatMap(({ source, facts }) => ('path' in source ? [[locationKey(source), facts] as const] : [])));
  return { sheets, fonts, backgrounds: cascadeBackgrounds(roots, byKey), notes };
}

/** The <head>'s stylesheet links whose media match and its inline <style> elements, in document order. */
function headSheetSources(head: Element, urls: PageUrls, vp: Viewport, notes: string[]): SheetSource[] {
  const sources: SheetSource[] = [];
  const visit = (el: Element): void => {
    if (el.tagName === 'link' && isStylesheetLink(el) && mediaMatches(attr(el, 'media'), vp)) {
      const located = urls.inPage(attr(el, 'href') ?? '');
      if (located?.kind === 'site') sources.push({ ...siteLocation(located), reason: 'stylesheet in <head>' });
      else if (located?.kind === 'foreign') notes.push(`not in the manifest, cross-origin: stylesheet ${located.url}`);
    } else if (el.tagName === 'style' && mediaMatches(attr(el, 'media'), vp)) {
      sources.push({ inline: sheetFacts(textOf(el), urls.inPage, vp) });
    }
    childElements(el).forEach(visit);
  };
  childElements(head).forEach(visit);
  return sources;
}

/** `rel=stylesheet`, not an alternate one, not disabled: what blocks rendering. */
function isStylesheetLink(el: Element): boolean {
  const rel = relTokens(el);
  return rel.includes('stylesheet') && !rel.includes('alternate') && !hasAttr(el, 'disabled') && attr(el, 'href') !== undefined;
}

async function readSheet(siteDir: string, sheet: SiteLocation, urls: PageUrls, vp: Viewport): Promise<SheetFacts> {
  const file = fileForSitePath(folderOfOrigin(siteDir, sheet.origin), sheet.path);
  // A stylesheet that is missing still belongs in the manifest (the page asks for it); it just declares nothing.
  if (!existsSync(file)) return NO_FACTS;
  return sheetFacts(await readFile(file, 'utf8'), (href) => urls.inSheet(href, sheet), vp);
}

/** Depth first, an imported sheet before the sheet that imports it: the order rules cascade in. */
function cascadeBackgrounds(roots: SheetSource[], byKey: Map<string, SheetFacts>): PageStyles['backgrounds'] {
  const out: PageStyles['backgrounds'] = [];
  const done = new Set<string>();
  const visit = (facts: SheetFacts, sheet: string): void => {
    for (const imported of facts.imports) visitSheet(locationKey(imported));
    out.push(...facts.backgrounds.map((rule) => ({ ...rule, sheet })));
  };
  const visitSheet = (key: string): void => {
    if (done.has(key)) return;
    done.add(key);
    visit(byKey.get(key) ?? NO_FACTS, key);
  };
  for (const root of roots) {
    if ('inline' in root) visit(root.inline, 'inline <style>');
    else visitSheet(locationKey(root));
  }
  return out;
}

function textOf(el: Element): string {
  return el.childNodes.map((n) => ('value' in n && n.nodeName === '#text' ? n.value : '')).join('');
}
