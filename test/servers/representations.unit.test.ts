// The representation cache (servers/representations.ts): the same bytes as compressing on the spot,
// a second process served from the disk cache, and sidecars a site build shipped.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { loadSite } from '../../servers/static-handler.ts';
import { DEFAULT_SITE_DIR } from '../../sites/manifest.ts';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-reps-'));
process.env.PUSHBENCH_CACHE_DIR = cacheDir;

const listCache = () => {
  const out = new Map<string, number>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(full, fs.statSync(full).mtimeMs);
    }
  };
  if (fs.existsSync(cacheDir)) walk(cacheDir);
  return out;
};

test('the fixture blog: byte for byte what brotli q11 and gzip -9 give on the spot', async () => {
  const site = await loadSite(DEFAULT_SITE_DIR);
  let compressed = 0;
  for (const f of site.files()) {
    if (!f.br && !f.gzip) continue;
    compressed++;
    const br = brotliCompressSync(f.identity, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: f.identity.length } });
    if (f.br) assert.ok(f.br.equals(br), `${f.path}: br`);
    if (f.gzip) assert.ok(f.gzip.equals(gzipSync(f.identity, { level: 9 })), `${f.path}: gzip`);
  }
  assert.ok(compressed >= 5, `${compressed} compressed files`);
  assert.ok(listCache().size >= compressed, 'the cache was filled');
});

test('a second process reads the cache: nothing is compressed or written again', () => {
  const before = listCache();
  assert.ok(before.size > 0);
  const script = `import { loadSite } from ${JSON.stringify(path.join(PROJECT_ROOT, 'servers/static-handler.ts'))};
    const site = await loadSite(${JSON.stringify(DEFAULT_SITE_DIR)}); console.log(site.files().filter((f) => f.br).length);`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: PROJECT_ROOT, env: { ...process.env, PUSHBENCH_CACHE_DIR: cacheDir }, encoding: 'utf8' });
  assert.ok(Number(out.trim()) > 0);
  assert.deepEqual(listCache(), before, 'the same cache files, untouched');
});

test('sidecars a build shipped are served when they decode to the file; others are ignored', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-sidecars-'));
  const css = Buffer.from(`body{margin:0}\n${'.a{color:red}\n'.repeat(200)}`);
  const shippedBr = brotliCompressSync(css, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } }); // not what pushbench would make
  fs.writeFileSync(path.join(dir, 'site.css'), css);
  fs.writeFileSync(path.join(dir, 'site.css.br'), shippedBr);
  fs.writeFileSync(path.join(dir, 'site.css.gz'), Buffer.from('not gzip at all'));
  const site = await loadSite(dir);
  const f = site.files().find((x) => x.path === '/site.css')!;
  assert.ok(f.br!.equals(shippedBr), 'the shipped brotli bytes');
  assert.ok(f.gzip!.equals(gzipSync(css, { level: 9 })), 'a sidecar that does not decode to the file is ignored');
  fs.rmSync(dir, { recursive: true, force: true });
});

after(() => fs.rmSync(cacheDir, { recursive: true, force: true }));
