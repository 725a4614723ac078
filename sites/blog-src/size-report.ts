// Writes sites/blog/README.md: every served file with raw, gzip and brotli sizes and its role.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type FileRole = string;

export function compressedSizes(bytes: Buffer): { raw: number; gzip: number; brotli: number } {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

export function writeSizeReport(outDir: string, roles: Map<string, FileRole>): void {
  const files = readdirSync(outDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => '/' + path.relative(outDir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((p) => p !== '/README.md')
    .sort();
  const rows = files.map((urlPath) => {
    const s = compressedSizes(readFileSync(path.join(outDir, urlPath)));
    return `| \`${urlPath}\` | ${s.raw} | ${s.gzip} | ${s.brotli} | ${roles.get(urlPath) ?? ''} |`;
  });
  writeFileSync(
    path.join(outDir, 'README.md'),
    `# The fixture blog (generated)

Built by \`npx tsx sites/blog-src/build.ts\`; do not edit by hand. Sizes in bytes; gzip at level 9,
brotli at quality 11. Each page loads one hero: the index uses \`hero-home\`, each post its own.

| file | raw | gzip | brotli | role |
|---|---:|---:|---:|---|
${rows.join('\n')}
`,
  );
}
