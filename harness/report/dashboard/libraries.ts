// The plotting library, inlined into the report so it works offline (no CDN): the minified UMD
// bundles of Vega, Vega-Lite and vega-embed from node_modules, read once per process.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** package name -> its minified browser bundle, in load order (vega-embed needs the other two). */
const BUNDLES = [
  ['vega', 'build/vega.min.js'],
  ['vega-lite', 'build/vega-lite.min.js'],
  ['vega-embed', 'build/vega-embed.min.js'],
] as const;

export interface InlineLibrary { name: string; version: string; code: string }

let cache: InlineLibrary[] | undefined;

function packageDir(name: string): string {
  // The packages' "exports" hide package.json from require.resolve in some versions; the main entry
  // always resolves, and the package root is the nearest folder named after the package above it.
  let dir = dirname(require.resolve(name));
  while (!dir.endsWith(join('node_modules', name)) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export function inlineLibraries(): InlineLibrary[] {
  cache ??= BUNDLES.map(([name, file]) => {
    const dir = packageDir(name);
    const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
    return { name, version, code: readFileSync(join(dir, file), 'utf8') };
  });
  return cache;
}
