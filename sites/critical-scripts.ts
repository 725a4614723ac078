// The scripts in <head> that the first paint waits for, or that build the page:
//  - a classic `<script src>` without defer or async blocks the parser, and so rendering;
//  - a module script (`<script type=module src>`, and `<link rel=modulepreload>`) is deferred by
//    nature, but in module builds (Vite, Astro islands, …) it is what renders the page, and its
//    own imports are found only once it arrives, so fetching it early is the point;
//  - a classic script with defer or async is left out: it runs after parsing, does not block the
//    first paint, and the browser's preload scanner already finds it early;
//  - a classic script in <body> is left out too (it blocks only what follows it), but named in a
//    note: on a page a script builds (swagger-ui, most SPAs) it is what the first paint waits for.
// Module resources carry `module: true`: a module must be preloaded with rel=modulepreload (a
// preload as=script is a classic no-CORS fetch the module request would not reuse).
import { attr, childElements, findAll, hasAttr, relTokens, type Element } from './html-tree.ts';
import type { CriticalResource } from './manifest-types.ts';
import { locationKey, siteLocation, type PageUrls } from './page-urls.ts';

/** The `type` values that make a classic script (HTML's JavaScript MIME type essences, and none). */
const CLASSIC_TYPES = new Set(['', 'text/javascript', 'application/javascript', 'application/x-javascript', 'text/ecmascript', 'application/ecmascript', 'application/x-ecmascript', 'text/jscript']);

export function headScripts(head: Element | undefined, urls: PageUrls): { scripts: CriticalResource[]; notes: string[] } {
  const scripts: CriticalResource[] = [];
  const notes: string[] = [];
  const add = (href: string | undefined, what: string, resource: Omit<CriticalResource, 'path'>): void => {
    const located = href === undefined ? null : urls.inPage(href);
    if (located?.kind === 'site') scripts.push({ ...siteLocation(located), ...resource });
    else if (located?.kind === 'foreign') notes.push(`not in the manifest, cross-origin: ${what} ${located.url}`);
  };
  const visit = (el: Element): void => {
    if (el.tagName === 'script' && attr(el, 'src') !== undefined) {
      const kind = scriptKind(el);
      if (kind === 'module') add(attr(el, 'src'), 'module script', { as: 'script', module: true, reason: 'module script in <head>' });
      if (kind === 'blocking') {
        // A classic script with a crossorigin attribute is a CORS fetch: its preload must say so too.
        add(attr(el, 'src'), 'render-blocking script', { as: 'script', ...(hasAttr(el, 'crossorigin') ? { crossorigin: true } : {}), reason: 'render-blocking script in <head>' });
      }
    } else if (el.tagName === 'link' && relTokens(el).includes('modulepreload')) {
      add(attr(el, 'href'), 'modulepreload', { as: 'script', module: true, reason: '<link rel=modulepreload> in <head>' });
    }
    childElements(el).forEach(visit);
  };
  if (head) childElements(head).forEach(visit);
  return { scripts, notes };
}

/** "module", "blocking" (classic, neither defer nor async), or "other" (deferred, not JavaScript, nomodule). */
function scriptKind(el: Element): 'module' | 'blocking' | 'other' {
  const type = (attr(el, 'type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'module') return 'module';
  if (!CLASSIC_TYPES.has(type)) return 'other'; // JSON, templates, import maps: not fetched as scripts
  // nomodule: a browser that runs modules never fetches it.
  if (hasAttr(el, 'nomodule') || hasAttr(el, 'defer') || hasAttr(el, 'async')) return 'other';
  return 'blocking';
}

/** A note naming the site's parser-blocking scripts in <body>, or null when there are none. */
export function bodyScriptsNote(body: Element | undefined, urls: PageUrls): string | null {
  if (!body) return null;
  const paths = findAll(body, (el) => el.tagName === 'script' && attr(el, 'src') !== undefined && scriptKind(el) === 'blocking').flatMap((el) => {
    const located = urls.inPage(attr(el, 'src')!);
    return located?.kind === 'site' ? [locationKey(located)] : [];
  });
  if (paths.length === 0) return null;
  const shown = paths.slice(0, 3).join(', ') + (paths.length > 3 ? ', …' : '');
  return `not in the manifest: ${paths.length} parser-blocking script${paths.length === 1 ? '' : 's'} in <body> (${shown}); if they build the page, name them in pushbench.manifest.json`;
}
