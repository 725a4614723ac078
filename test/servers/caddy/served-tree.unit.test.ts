// The folder Caddy serves: pushbench's exact bytes per encoding as sidecars, the variant's HTML, and
// nothing from outside the site.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { UsageError } from '../../../harness/shared/usage-error.ts';
import { writeServedTree } from '../../../servers/caddy/served-tree.ts';
import { loadSite, type StaticSite } from '../../../servers/static-handler.ts';
import { makeTempSite, SECRET, type TempSite } from '../helpers.ts';

let site: TempSite;
let loaded: StaticSite;
let out: string;
before(async () => {
  site = await makeTempSite();
  loaded = await loadSite(site.siteDir);
  out = await mkdtemp(join(tmpdir(), 'pb-tree-'));
});
after(async () => {
  await site.cleanup();
  await rm(out, { recursive: true, force: true });
});

async function listAll(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length));
}

test('every file with its identity bytes, and .br / .gz sidecars equal to what pushbench sends', async () => {
  const tree = await writeServedTree(loaded, join(out, 'plain'));
  for (const file of loaded.files()) {
    assert.deepEqual(readFileSync(join(tree.dir, file.path)), file.identity, file.path);
    for (const [coding, suffix] of [['br', '.br'], ['gzip', '.gz']] as const) {
      const sidecar = join(tree.dir, file.path + suffix);
      if (file[coding]) assert.deepEqual(readFileSync(sidecar), file[coding], `${file.path}${suffix}`);
      else assert.ok(!existsSync(sidecar), `${file.path}${suffix}: none when pushbench has none`);
    }
  }
  assert.ok(loaded.files().some((f) => f.br) && loaded.files().some((f) => !f.br), 'the site has both kinds');
  assert.deepEqual(tree.extensions, ['.avif', '.css', '.html', '.jpg', '.js', '.json', '.png', '.svg', '.txt', '.webp', '.woff2']);
});

test('symlinks out of the site are not followed; nothing outside the folder is written', async () => {
  const tree = await writeServedTree(loaded, join(out, 'safe', 'tree'));
  assert.deepEqual(await readdir(join(out, 'safe')), ['tree']);
  const files = await listAll(tree.dir);
  assert.ok(!files.some((f) => f.startsWith('/leak.txt') || f.startsWith('/up/')), files.join(' '));
  for (const f of files) assert.ok(!readFileSync(join(tree.dir, f)).includes(SECRET), f);
});

test('the variant HTML rewrite is what is written (and compressed)', async () => {
  const rewritten = await loadSite(site.siteDir, { transformHtml: (html, page) => html.replace('<head>', `<head><!-- ${page} -->`) });
  const tree = await writeServedTree(rewritten, join(out, 'rewritten'));
  assert.match(readFileSync(join(tree.dir, 'posts/a.html'), 'utf8'), /<head><!-- \/posts\/a\.html -->/);
  assert.deepEqual(readFileSync(join(tree.dir, 'index.html.br')), rewritten.files().find((f) => f.path === '/index.html')!.br);
});

test('refuses a non-empty target folder and site files named like sidecars', async () => {
  const busy = join(out, 'busy');
  await mkdir(busy);
  await writeFile(join(busy, 'x'), 'x');
  await assert.rejects(writeServedTree(loaded, busy), /must be empty/);

  const odd = await mkdtemp(join(tmpdir(), 'pb-odd-site-'));
  try {
    await writeFile(join(odd, 'index.html'), '<html></html>');
    await writeFile(join(odd, 'data.json.GZ'), 'x');
    await assert.rejects(writeServedTree(await loadSite(odd), join(out, 'odd')), (err: unknown) => err instanceof UsageError && /data\.json\.GZ/.test(err.message));
  } finally {
    await rm(odd, { recursive: true, force: true });
  }
});
