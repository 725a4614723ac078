// The manifest as people read it: one line for a run's log naming the pages derivation found no
// LCP candidate on, and the per-page listing `pushbench manifest` prints. Pure: text in, text out.
import type { SiteManifest } from './manifest-types.ts';
import { locationKey } from './page-urls.ts';

const LISTED_PAGES = 5;

/**
 * "manifest: 2 of 5 pages have no LCP candidate: /a, /b; name it in pushbench.manifest.json
 * (sites/README.md)", or null when every page has one (or the manifest is the override file's).
 */
export function noLcpSummary(manifest: SiteManifest): string | null {
  const missing = manifest.pages.filter((p) => p.noLcpCandidate).map((p) => p.page);
  if (missing.length === 0) return null;
  const total = manifest.pages.length;
  const shown = missing.slice(0, LISTED_PAGES).join(', ');
  const more = missing.length > LISTED_PAGES ? `, … (${missing.length - LISTED_PAGES} more)` : '';
  const verb = missing.length === 1 ? 'has' : 'have';
  return `manifest: ${missing.length} of ${total} page${total === 1 ? '' : 's'} ${verb} no LCP candidate: ${shown}${more}; name it in pushbench.manifest.json (sites/README.md)`;
}

/**
 * Every page, its resources as `kind  path  reason` rows (a resource on a second origin by its
 * whole URL, https://fonts.x.test/a.woff2) and its notes, then the no-LCP line.
 */
export function formatManifest(manifest: SiteManifest): string {
  const lines = [`${manifest.siteDir} (${manifest.source}, ${manifest.pages.length} page${manifest.pages.length === 1 ? '' : 's'})`];
  for (const page of manifest.pages) {
    lines.push('', page.page);
    if (page.resources.length === 0) lines.push('  (no critical resources)');
    const width = Math.max(0, ...page.resources.map((r) => locationKey(r).length));
    for (const r of page.resources) {
      const kind = r.module ? 'module' : r.as;
      lines.push(`  ${kind.padEnd(6)}  ${locationKey(r).padEnd(width)}  ${r.reason}`);
      if (r.imagesrcset !== undefined) lines.push(`  ${''.padEnd(6)}  imagesrcset="${r.imagesrcset}"${r.imagesizes !== undefined ? ` imagesizes="${r.imagesizes}"` : ''}`);
    }
    for (const note of page.notes ?? []) lines.push(`  note: ${note}`);
  }
  const summary = noLcpSummary(manifest);
  if (summary) lines.push('', summary);
  return lines.join('\n');
}
