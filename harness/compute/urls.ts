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

/** Paths of the resources in a `Link` header value or list: `</a.css>; rel=preload; as=style, </b.woff2>; …` (preconnects name none). */
export function linkPaths(links: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of links) {
    for (const link of value.split(/,\s*(?=<)/)) {
      if (CONNECTION_ONLY.test(link)) continue;
      for (const m of link.matchAll(/<([^>]+)>/g)) out.push(pathOf(new URL(m[1]!, 'https://x.invalid').href));
    }
  }
  return out;
}
