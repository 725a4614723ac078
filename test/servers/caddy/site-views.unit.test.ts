// Caddy's views of the site: one served tree per distinct HTML rewrite, and the prefetch variant's
// tree carries the tags of options nextPages (the same pushbench's own prefetch server sends).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeSiteViews } from '../../../servers/caddy/site-views.ts';
import { resolveOptions } from '../../../servers/front-server.ts';
import { createTlsMaterial } from '../../../servers/tls.ts';
import type { TlsMaterial } from '../../../servers/types.ts';
import { makeTempSite, type TempSite } from '../helpers.ts';

let site: TempSite;
let tls: TlsMaterial;
let state: string;
before(async () => {
  site = await makeTempSite();
  tls = await createTlsMaterial();
  state = await mkdtemp(join(tmpdir(), 'pb-views-'));
});
after(async () => {
  await site.cleanup();
  await rm(state, { recursive: true, force: true });
});

test('the prefetch tree has the tags of nextPages; variants that rewrite nothing share one tree', async () => {
  const nextPages = { '/posts/a.html': ['/'] };
  const resolved = new Map<string, Awaited<ReturnType<typeof resolveOptions>>>();
  for (const variant of ['h2', 'early-hints', 'preconnect', 'prefetch'] as const) {
    resolved.set(variant, await resolveOptions({ variant, siteDir: site.siteDir, tls, nextPages }));
  }
  const views = await writeSiteViews(['h2', 'early-hints', 'preconnect', 'prefetch'], state, (v) => resolved.get(v)!);
  const html = (variant: 'h2' | 'prefetch' | 'preconnect', file: string) => readFileSync(join(views.get(variant)!.tree.dir, file), 'utf8');
  assert.equal(views.get('h2')!.tree.dir, views.get('early-hints')!.tree.dir);
  assert.notEqual(views.get('h2')!.tree.dir, views.get('prefetch')!.tree.dir);
  // The manifest override: "/" has the stylesheet, a font and the hero; "/posts/a.html" only the stylesheet.
  assert.ok(
    html('prefetch', 'posts/a.html').includes('<link rel="prefetch" href="/"><link rel="prefetch" href="/fonts/x.woff2" as="font" crossorigin><link rel="prefetch" href="/img/hero.jpg" as="image"></head>'),
    html('prefetch', 'posts/a.html'),
  );
  assert.equal(html('prefetch', 'index.html'), site.files['/index.html']!.toString(), 'no next page: as it is');
  assert.equal(html('h2', 'posts/a.html'), site.files['/posts/a.html']!.toString());
  // No second origin in this site: the preconnect variant's pages are as they are.
  assert.equal(html('preconnect', 'index.html'), site.files['/index.html']!.toString());
});
