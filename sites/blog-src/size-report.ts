// Writes a built blog's README.md (sites/blog, sites/blog-cdn): every served file with raw, gzip and
// brotli sizes and its role; a file of a second origin by its URL there.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { publicUrlOfSitePath } from '../site-origins.ts';

export type FileRole = string;

/** What a README says above its table: the build's title, and a paragraph on what sets it apart. */
export interface SizeReportHeading {
  title: string;
  note?: string;
}

export function compressedSizes(bytes: Buffer): { raw: number; gzip: number; brotli: number } {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** `roles`: by URL (a path on the site's own origin, the full URL on a second origin). */
export function writeSizeReport(outDir: string, roles: Map<string, FileRole>, heading: SizeReportHeading): void {
  const files = readdirSync(outDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => '/' + path.relative(outDir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((p) => p !== '/README.md')
    .sort();
  const rows = files.map((urlPath) => {
    const s = compressedSizes(readFileSync(path.join(outDir, urlPath)));
    const url = publicUrlOfSitePath(urlPath);
    return `| \`${url}\` | ${s.raw} | ${s.gzip} | ${s.brotli} | ${roles.get(url) ?? ''} |`;
  });
  writeFileSync(
    path.join(outDir, 'README.md'),
    `# ${heading.title} (generated)

Built by \`npx tsx sites/blog-src/build.ts\`; do not edit by hand. Sizes in bytes; gzip at level 9,
brotli at quality 11. Each page loads one hero: the index uses \`hero-home\`, each post its own.
${heading.note ? `\n${heading.note}\n` : ''}
| file | raw | gzip | brotli | role |
|---|---:|---:|---:|---|
${rows.join('\n')}
`,
  );
}
