// The Caddyfile that makes Caddy 2.6 serve pushbench's variants: one site block per variant, each on
// its own port, all in one Caddy process. A pure function of a spec (no I/O), so the config can be
// read and tested without Caddy.
//
// Each site serves the variant's served tree (served-tree.ts: the files and the exact br/gzip bytes
// pushbench's static handler sends, as `precompressed` sidecars) with pushbench's caching headers and
// content types, and adds what the variant's early path calls for on its pages: a 103 (hints: its
// preconnects, then its preloads; hints-preconnect: only the preconnects), a Link header
// (link-header), PUSH_PROMISEs (push), or nothing (none; html-link, html-preconnect and html-prefetch
// live in the tree's HTML).
// Everything runs in one `route`, so the order of the handlers is the order written here.
import type { EarlyPath, Protocol, VariantName } from '../../harness/shared/variants.ts';
import type { CriticalResource } from '../../sites/manifest-types.ts';
import { CONTENT_TYPES } from '../../sites/mime-types.ts';
import { resourcesToPush, type PushSet } from '../delivery/push-set.ts';
import { encodePath, linkHeaderValue } from '../preload-links.ts';
import { earlyHintsLinks, preconnectLinks } from '../resource-hints.ts';
import { cacheControlFor } from '../static-handler.ts';
import { block, extensionToken, pathToken, token } from './caddyfile-syntax.ts';

export interface CaddyConfigSpec {
  /** Caddy's own state (its storage) lives under here, never in the user's Caddy folders. */
  stateDir: string;
  sites: CaddySiteSpec[];
}

export interface CaddySiteSpec {
  /** The variant this site serves (named in a comment). */
  variant: VariantName;
  host: string;
  port: number;
  /** h1: ALPN http/1.1 only; h2: h1 + h2 (no h3, so no Alt-Svc); h3: h1 + h2 + h3 (QUIC on the same port). */
  protocol: Protocol;
  early: EarlyPath;
  certPath: string;
  keyPath: string;
  /** The folder Caddy serves (served-tree.ts). */
  servedDir: string;
  /** Caddy's JSON access log of this site. */
  accessLogPath: string;
  pages: CaddyPage[];
  /** What a push variant pushes of each page's resources. */
  push: PushSet;
  /** Lower-case extensions ("" for none) of the files served; each gets pushbench's Content-Type. */
  extensions: string[];
  /** Topology edge: pages' HTML comes from this HTTP/1.1 origin ("127.0.0.1:PORT"), the rest from the tree. */
  upstream?: string;
}

export interface CaddyPage {
  /** Every request path that serves the page ("/" and "/index.html"). */
  paths: string[];
  resources: CriticalResource[];
}

/** What Caddy offers per protocol (`servers { protocols … }`); h3 adds a UDP listener and Alt-Svc. */
const PROTOCOLS: Record<Protocol, string> = { h1: 'h1', h2: 'h1 h2', h3: 'h1 h2 h3' };

/** Pages: HTML files and directory paths (served as their index.html); pushbench's test is the extension. */
const PAGE_PATTERN = String.raw`(?i)(\.html|/)$`;
/** static-handler.ts isContentHashed (a hex segment of ≥ 8 between . or -), without look-ahead for RE2. */
const HASHED_PATTERN = String.raw`(?i)[.-][0-9a-f]{8,}[.-][^/]*$`;
const PAGE_OR_HASHED_PATTERN = String.raw`(?i)(\.html|/|[.-][0-9a-f]{8,}[.-][^/]*)$`;
/** A request path with no extension in its last segment. */
const NO_EXTENSION_PATTERN = String.raw`/[^/.]+$`;

/** The request paths of a canonical page path: "/posts/" is also "/posts/index.html". */
export function requestPathsOf(page: string): string[] {
  return page.endsWith('/') ? [page, `${page}index.html`] : [page];
}

/** "127.0.0.1:8443", "[::1]:8443". */
function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

function globalOptions(spec: CaddyConfigSpec): string[] {
  const servers = spec.sites.flatMap((site) => block(`servers ${token(hostPort(site.host, site.port), 'listener address')}`, [`protocols ${PROTOCOLS[site.protocol]}`]));
  return block('', [
    'admin off',
    'auto_https off',
    // Bounded graceful shutdown, well inside the 3 s caddy-process.ts waits before SIGKILL.
    'grace_period 2s',
    `storage file_system ${token(`${spec.stateDir}/storage`, 'Caddy state folder')}`,
    ...servers,
  ]);
}

/** Named matchers shared by every site. */
function sharedMatchers(): string[] {
  return [
    '@badMethod not method GET HEAD',
    // The precompressed sidecars are Caddy's, not the site's: pushbench has no such files (404).
    '@sidecar path *.br *.gz',
    `@page path_regexp page ${PAGE_PATTERN}`,
    ...block('@immutable', [`path_regexp hashed ${HASHED_PATTERN}`, `not path_regexp ${PAGE_PATTERN}`]),
    `@short not path_regexp ${PAGE_OR_HASHED_PATTERN}`,
  ];
}

/** The early-path handlers of one page (`@page<i>`), in route order. */
function earlyHandlers(site: CaddySiteSpec, page: CaddyPage, matcher: string): string[] {
  if (page.resources.length === 0) return [];
  const header = (links: string[]) => token(links.join(', '), `Link header of ${page.paths[0]}`);
  // The links go in the 103 only: `header -Link` is deferred, so it strips them from the final response.
  const earlyHints = (links: string[]) => (links.length ? block(`route ${matcher}`, [`header Link ${header(links)}`, 'respond 103', 'header -Link']) : []);
  switch (site.early) {
    case 'hints':
      return earlyHints(earlyHintsLinks(page.resources));
    case 'hints-preconnect':
      return earlyHints(preconnectLinks(page.resources));
    case 'link-header':
      return [`header ${matcher} Link ${header(page.resources.map(linkHeaderValue))}`];
    case 'push': {
      const pushed = resourcesToPush(page.resources, site.push);
      if (pushed.length === 0) return [];
      return block(`push ${matcher}`, pushed.map((r) => `GET ${token(encodePath(r.path), 'pushed resource')}`));
    }
    case 'none':
    case 'html-link':
    case 'html-preconnect':
    case 'html-prefetch':
      return [];
  }
}

function contentTypeRules(extensions: readonly string[]): { matchers: string[]; headers: string[] } {
  const matchers: string[] = [];
  const headers: string[] = [];
  for (const [i, ext] of [...new Set(extensions)].sort().entries()) {
    const type = CONTENT_TYPES[ext] ?? 'application/octet-stream';
    if (ext === '') matchers.push(`@type${i} path_regexp ${NO_EXTENSION_PATTERN}`);
    else matchers.push(`@type${i} path ${extensionToken(ext)}`);
    headers.push(`header @type${i} Content-Type ${token(type, 'content type')}`);
  }
  return { matchers, headers };
}

/**
 * Pages to the origin (topology edge). `compression off`: otherwise Go's HTTP client asks the origin
 * for gzip when the browser sent no Accept-Encoding and unzips it on the way, ETag "-gzip" and all.
 */
function proxyToOrigin(upstream: string): string[] {
  return block(`reverse_proxy @page ${token(upstream, 'upstream')}`, block('transport http', ['compression off']));
}

function siteBlock(site: CaddySiteSpec): string[] {
  const pageMatchers = site.pages.map((page, i) => `@page${i} path ${page.paths.map((p) => pathToken(p, 'page path')).join(' ')}`);
  const types = contentTypeRules(site.extensions);
  const route = [
    'header @badMethod Allow "GET, HEAD"',
    'respond @badMethod 405',
    'respond @sidecar 404',
    ...site.pages.flatMap((page, i) => earlyHandlers(site, page, `@page${i}`)),
    // Behind the edge the origin sets the page's caching and type headers (Caddy would add ours to them).
    ...(site.upstream ? proxyToOrigin(site.upstream) : []),
    // pushbench's three caching classes, by example paths of each class (static-handler.ts).
    `header @page Cache-Control ${token(cacheControlFor('/index.html', '.html'), 'cache-control')}`,
    `header @immutable Cache-Control ${token(cacheControlFor('/site.0123abcd.css', '.css'), 'cache-control')}`,
    `header @short Cache-Control ${token(cacheControlFor('/robots.txt', '.txt'), 'cache-control')}`,
    ...types.headers,
    ...block('file_server', ['precompressed br gzip']),
  ];
  return [
    `# variant ${site.variant}`,
    ...block(`https://:${site.port}`, [
      `bind ${token(site.host, 'host')}`,
      `tls ${token(site.certPath, 'certificate path')} ${token(site.keyPath, 'key path')}`,
      `root * ${token(site.servedDir, 'served folder')}`,
      ...block('log', [`output file ${token(site.accessLogPath, 'access log path')}`, 'format json']),
      ...sharedMatchers(),
      ...pageMatchers,
      ...types.matchers,
      ...block('route', route),
    ]),
  ];
}

/** The whole Caddyfile for `spec`. */
export function caddyfileFor(spec: CaddyConfigSpec): string {
  const sections = [globalOptions(spec), ...spec.sites.map(siteBlock)];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
