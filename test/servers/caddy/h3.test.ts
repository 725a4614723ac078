// Caddy over HTTP/3: every page and asset of the fixture blog fetched by Chromium over QUIC (the
// only QUIC client here), with the status, type, caching and encoding pushbench's servers give.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { resolveBrowser, chromiumBaseArgs } from '../../../harness/browsers/registry.ts';
import { startCaddyServers } from '../../../servers/caddy/index.ts';
import { cacheControlFor, loadSite, type StaticSite } from '../../../servers/static-handler.ts';
import { createTlsMaterial } from '../../../servers/tls.ts';
import type { RunningServer } from '../../../servers/types.ts';
import { DEFAULT_SITE_DIR } from '../../../sites/manifest.ts';
import { CONTENT_TYPES } from '../../../sites/mime-types.ts';

let base: string;
let servers: RunningServer[] = [];
let browser: Browser;
let site: StaticSite;

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'pb-caddy-h3-'));
  const tls = await createTlsMaterial();
  site = await loadSite(DEFAULT_SITE_DIR);
  servers = await startCaddyServers({
    variants: ['h3'], siteDir: DEFAULT_SITE_DIR, host: '127.0.0.1', tls, delivery: { sendQueue: 16384, priorities: 'on', push: 'all' },
    topology: 'direct', thinkMs: 0, wireLogDir: join(base, 'logs'), stateDir: join(base, 'state'), port: 0,
  });
  const chromiumBuild = await resolveBrowser('chromium');
  browser = await chromium.launch({
    executablePath: chromiumBuild.executablePath,
    args: [...chromiumBaseArgs(), `--ignore-certificate-errors-spki-list=${tls.spkiSha256}`, `--origin-to-force-quic-on=${new URL(servers[0]!.origin).host}`],
    headless: true,
  });
});
after(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => s.close()));
  await rm(base, { recursive: true, force: true });
});

interface Fetched { status: number; protocol: string; type: string | null; cacheControl: string | null; encoding: string | null; bytes: number }

test('every page and asset over h3 with its status, type, caching and brotli', { timeout: 120_000 }, async () => {
  const origin = servers[0]!.origin;
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  assert.equal(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).nextHopProtocol), 'h3');
  const files = site.files();
  assert.ok(files.length > 10);
  for (const file of files) {
    const url = `${origin}${file.path}`;
    const got = (await page.evaluate(`(async () => {
      const url = ${JSON.stringify(url)};
      const res = await fetch(url, { cache: 'no-store' });
      const body = await res.arrayBuffer();
      const e = performance.getEntriesByName(url).pop();
      return { status: res.status, protocol: e ? e.nextHopProtocol : '', type: res.headers.get('content-type'),
        cacheControl: res.headers.get('cache-control'), encoding: res.headers.get('content-encoding'), bytes: body.byteLength };
    })()`)) as Fetched;
    assert.equal(got.status, 200, file.path);
    assert.equal(got.protocol, 'h3', file.path);
    assert.equal(got.type, CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream', `${file.path}: type`);
    assert.equal(got.cacheControl, cacheControlFor(file.path, extname(file.path).toLowerCase()), `${file.path}: caching`);
    assert.equal(got.encoding, file.br ? 'br' : null, `${file.path}: encoding`);
    assert.equal(got.bytes, file.identity.length, `${file.path}: decoded size`);
  }
  const missing = await page.evaluate(`fetch(${JSON.stringify(`${origin}/nope.css`)}).then((r) => r.status)`);
  assert.equal(missing, 404);
});
