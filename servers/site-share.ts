// What the servers of one set share instead of each loading it again: the site's manifest (derived
// once) and its files as they are (variants that do not rewrite HTML serve the very same site; one
// that does rewrites only the pages). Lives as long as the set; a later set reads the site afresh.
import { loadManifest } from '../sites/manifest.ts';
import type { SiteManifest } from '../sites/manifest-types.ts';
import { loadSite, type StaticSite } from './static-handler.ts';

export interface SiteShare {
  manifest(siteDir: string): Promise<SiteManifest>;
  plainSite(siteDir: string): Promise<StaticSite>;
}

export function createSiteShare(): SiteShare {
  const manifests = new Map<string, Promise<SiteManifest>>();
  const sites = new Map<string, Promise<StaticSite>>();
  const once = <T>(memo: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> => {
    let value = memo.get(key);
    if (!value) memo.set(key, (value = make()));
    return value;
  };
  return {
    manifest: (siteDir) => once(manifests, siteDir, () => loadManifest(siteDir)),
    plainSite: (siteDir) => once(sites, siteDir, () => loadSite(siteDir)),
  };
}
