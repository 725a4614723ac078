// The site fingerprint and what is reused by it: the derived manifest (cached on disk) and the
// br/gzip copies being ready (prepareSite's marker).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { siteFingerprint } from '../../sites/site-fingerprint.ts';
import { loadManifest } from '../../sites/manifest.ts';
import { prepareSite } from '../../servers/static-handler.ts';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-fingerprint-'));
process.env.PUSHBENCH_CACHE_DIR = path.join(work, 'cache');
after(() => fs.rmSync(work, { recursive: true, force: true }));

const site = path.join(work, 'site');
fs.cpSync(path.join(PROJECT_ROOT, 'sites/blog'), site, { recursive: true });

test('the fingerprint changes with any file\'s content, size or time, and only then', () => {
  const a = siteFingerprint(site);
  assert.equal(siteFingerprint(site), a);
  const css = fs.readdirSync(path.join(site, 'assets')).find((f) => f.endsWith('.css'))!;
  fs.appendFileSync(path.join(site, 'assets', css), '\n/* edited */');
  assert.notEqual(siteFingerprint(site), a);
});

test('a derived manifest is reused while the site is unchanged, derived again when it changes', async () => {
  const first = await loadManifest(site);
  const cacheDir = path.join(work, 'cache', 'manifests');
  assert.equal(fs.readdirSync(cacheDir).length, 1);
  assert.deepEqual(await loadManifest(site), first);
  assert.equal(fs.readdirSync(cacheDir).length, 1, 'read from the cache, nothing new written');
  // Drop the hero from the home page: a new fingerprint, a new derivation.
  const index = path.join(site, 'index.html');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace(/<img[^>]*>/, ''));
  const changed = await loadManifest(site);
  assert.equal(fs.readdirSync(cacheDir).length, 2);
  assert.notDeepEqual(changed.pages.find((p) => p.page === '/'), first.pages.find((p) => p.page === '/'));
});

test('prepareSite does nothing for a site unchanged since its copies were made', async () => {
  const first = await prepareSite(site);
  assert.equal(first.fromCache, false);
  const second = await prepareSite(site);
  assert.equal(second.fromCache, true);
  assert.deepEqual([second.files, second.bytes], [first.files, first.bytes]);
});
