// URL helpers shared by the compute modules: everything is compared as a same-origin path.

export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0]!;
  }
}

/** A link that names a connection to open, not a resource to fetch: `<https://fonts.…>; rel=preconnect`. */
const CONNECTION_ONLY = /;\s*rel\s*=\s*"?(?:preconnect|dns-prefetch)"?\s*(?:;|$)/i;
const PRECONNECT = /;\s*rel\s*=\s*"?preconnect"?\s*(?:;|$)/i;

/** The single links of `Link` header values, each of which may list several (`</a.css>; …, </b.woff2>; …`). */
const singleLinks = (links: readonly string[]) => links.flatMap((value) => value.split(/,\s*(?=<)/));

/** Paths of the resources in a `Link` header value or list: `</a.css>; rel=preload; as=style, </b.woff2>; …` (preconnects name none). */
export function linkPaths(links: readonly string[]): string[] {
  const out: string[] = [];
  for (const link of singleLinks(links)) {
    if (CONNECTION_ONLY.test(link)) continue;
    for (const m of link.matchAll(/<([^>]+)>/g)) out.push(pathOf(new URL(m[1]!, 'https://x.invalid').href));
  }
  return out;
}

/** Origins the links ask the browser to connect to (`<https://fonts.…>; rel=preconnect`). */
export function preconnectOrigins(links: readonly string[]): string[] {
  return singleLinks(links).filter((link) => PRECONNECT.test(link)).map((link) => /<([^>]+)>/.exec(link)?.[1] ?? '').filter(Boolean);
}

/** A page path and a path the server logged for it: "/" is also served as "/index.html". */
export function isPagePath(logged: string, page: string): boolean {
  return logged === page || (page === '/' && logged === '/index.html') || (logged === '/' && page === '/index.html');
}
