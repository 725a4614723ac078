// URL helpers shared by the compute modules: everything is compared as a same-origin path.

export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0]!;
  }
}

/** Paths in a `Link` header value or list: `</a.css>; rel=preload; as=style, </b.woff2>; …`. */
export function linkPaths(links: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of links) {
    for (const m of value.matchAll(/<([^>]+)>/g)) out.push(pathOf(new URL(m[1]!, 'https://x.invalid').href));
  }
  return out;
}
