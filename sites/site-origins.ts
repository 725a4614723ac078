// A site's second origins. A site folder may hold `_origins/<host-name>/`: each such folder is
// served as `https://<host-name>/` by a server of its own, with its own certificate (the run's
// server child starts it: harness/run/server-set.ts), so a page can name a file there by absolute
// URL (`https://fonts.pushbench.test/inter.woff2`) as real pages name a font service or a CDN. The
// site's own server never serves anything under `/_origins/`, and the folder holds no pages of the
// site; derivation lists a resource there with its `origin` (manifest-types.ts).
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../harness/shared/usage-error.ts';

/** The folder, at a site's root, whose subfolders are its second origins. */
export const SECOND_ORIGINS_DIR = '_origins';

export interface SecondOrigin {
  /** The host name it is served as, e.g. "fonts.pushbench.test". */
  host: string;
  /** "https://" + host: what CriticalResource.origin holds. */
  origin: string;
  /** The folder it serves: <site>/_origins/<host>. */
  dir: string;
}

/**
 * One DNS label: letters, digits and inner hyphens, at most 63 characters. Lower case only: a host
 * name is compared as the browser writes it (lower-cased), so a folder "Fonts.x.test" would never match.
 */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why `name` cannot be a second origin's folder, or null when it is a host name that can. */
function whyNotHostName(name: string): string | null {
  if (name !== name.toLowerCase()) return 'is not lower case';
  const labels = name.split('.');
  if (labels.length < 2) return 'is not a host name with a dot (e.g. fonts.example.test)';
  if (name.length > 253 || !labels.every((l) => LABEL.test(l))) return 'is not a DNS host name (labels of a-z, 0-9 and inner hyphens)';
  // WHATWG URL parsing reads a name whose last label is numeric as an IPv4 address.
  if (/^[0-9]+$/.test(labels.at(-1)!)) return 'is an IP address, not a host name';
  return null;
}

/**
 * The site's second origins, sorted by host name; [] when it has no `_origins` folder (or no such
 * site). A subfolder whose name is not a lower-case DNS host name is a UsageError naming it.
 * Files directly in `_origins`, dotfolders and symlinks are ignored (a symlink could lead outside the
 * site, and nothing outside a site folder is ever served).
 */
export function secondOriginsOf(siteDir: string): SecondOrigin[] {
  const root = path.join(siteDir, SECOND_ORIGINS_DIR);
  // lstat: an `_origins` that is itself a symlink is ignored like one below it.
  if (!existsSync(root) || !lstatSync(root).isDirectory()) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => {
      const why = whyNotHostName(e.name);
      if (why) {
        throw new UsageError(`site ${siteDir}: ${SECOND_ORIGINS_DIR}/${e.name} ${why}; name each folder under ${SECOND_ORIGINS_DIR}/ by the lower-case host name it is served as, e.g. ${SECOND_ORIGINS_DIR}/fonts.example.test`);
      }
      return { host: e.name, origin: `https://${e.name}`, dir: path.join(root, e.name) };
    })
    .sort((a, b) => a.host.localeCompare(b.host));
}

/** Whether a path relative to the site root ("_origins/x/y.woff2", either separator) lies in its second origins. */
export function isInSecondOrigins(relativePath: string): boolean {
  const first = relativePath.split(/[\\/]/).find((segment) => segment !== '' && segment !== '.');
  return first === SECOND_ORIGINS_DIR;
}

/** The folder that serves a resource's `origin`: the site itself when it has none. */
export function folderOfOrigin(siteDir: string, origin: string | undefined): string {
  return origin === undefined ? siteDir : path.join(siteDir, SECOND_ORIGINS_DIR, new URL(origin).host);
}

/** A file's URL from its path in the site folder: "/_origins/fonts.x.test/a.woff2" -> "https://fonts.x.test/a.woff2"; others unchanged. */
export function publicUrlOfSitePath(urlPath: string): string {
  const m = new RegExp(`^/${SECOND_ORIGINS_DIR}/([^/]+)(/.*)$`).exec(urlPath);
  return m ? `https://${m[1]}${m[2]}` : urlPath;
}
