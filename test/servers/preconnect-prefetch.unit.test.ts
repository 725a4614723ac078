// The preconnect and prefetch variants on a real server over loopback (node's http2 client, no
// browser): what the page response and its 103 carry. The manifest is given through the server's
// site share, so a resource on a second origin needs no derivation of it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startServer } from '../../servers/index.ts';
import { linkHeaderValue } from '../../servers/preload-links.ts';
import type { SiteShare } from '../../servers/site-share.ts';
import { loadSite } from '../../servers/static-handler.ts';
import type { ServerOptions, TlsMaterial } from '../../servers/types.ts';
import type { CriticalResource, SiteManifest } from '../../sites/manifest-types.ts';
import { decode, h2Request, h2Session, type TempSite, useSiteAndCertificate } from './helpers.ts';

let site: TempSite;
let tls: TlsMaterial;
useSiteAndCertificate((s, t) => { site = s; tls = t; });

const FONTS = 'https://fonts.pushbench.test';
const CSS: CriticalResource = { path: '/assets/site.3f9a1c2e.css', as: 'style', reason: 'stylesheet in <head>' };
const FONT: CriticalResource = { path: '/x.woff2', origin: FONTS, as: 'font', type: 'font/woff2', crossorigin: true, reason: 'font used by /assets/site.3f9a1c2e.css' };
const HERO: CriticalResource = { path: '/img/hero.jpg', as: 'image', reason: 'LCP image' };
const LOGO: CriticalResource = { path: '/img/logo.svg', as: 'image', reason: 'LCP image' };

/** The temp site's pages with a font on the second origin for "/", given as the share's manifest. */
function shareWithManifest(siteDir: string): SiteShare {
  const manifest: SiteManifest = {
    siteDir, source: 'override',
    pages: [
      { page: '/', resources: [CSS, FONT, HERO] },
      { page: '/big.html', resources: [] },
      { page: '/posts/', resources: [] },
      { page: '/posts/a.html', resources: [CSS, LOGO] },
    ],
  };
  return { manifest: async () => manifest, plainSite: (dir) => loadSite(dir) };
}

async function get(options: Omit<ServerOptions, 'siteDir' | 'tls'>, path: string) {
  const server = await startServer({ ...options, siteDir: site.siteDir, tls, share: shareWithManifest(site.siteDir) });
  const session = await h2Session(server.origin, tls, false);
  try {
    const r = await h2Request(session, path, { 'accept-encoding': 'br' });
    return { ...r, html: decode(r.body, r.headers['content-encoding'] as string | undefined).toString() };
  } finally {
    session.close();
    await server.close();
  }
}

for (const topology of ['direct', 'edge'] as const) {
  test(`prefetch (${topology}): "/" names the next page and its resources "/" does not load, before </head>`, async () => {
    const r = await get({ variant: 'prefetch', topology, nextPages: { '/': ['/posts/a.html'] } }, '/');
    assert.equal(r.status, 200);
    assert.ok(r.html.includes('<link rel="prefetch" href="/posts/a.html"><link rel="prefetch" href="/img/logo.svg" as="image"></head>'), r.html.slice(0, 400));
    assert.ok(!r.html.includes('href="/assets/site.3f9a1c2e.css" as="style"'), 'the stylesheet "/" loads itself is not prefetched');
    assert.deepEqual(r.informational, []);
    const other = await get({ variant: 'prefetch', topology, nextPages: { '/': ['/posts/a.html'] } }, '/posts/a.html');
    assert.ok(!other.html.includes('rel="prefetch"'), 'a page with no next page gets no tags');
  });
}

test('prefetch without nextPages serves the pages as they are', async () => {
  const r = await get({ variant: 'prefetch' }, '/');
  assert.equal(r.html, site.files['/index.html']!.toString());
});

test('early-hints-preconnect: a 103 with only the preconnect for a page with a second origin, none for one without', async () => {
  const r = await get({ variant: 'early-hints-preconnect' }, '/');
  assert.equal(r.status, 200);
  assert.equal(r.informational.length, 1);
  assert.equal(r.informational[0]!.headers[':status'], 103);
  assert.equal(String(r.informational[0]!.headers.link), `<${FONTS}>; rel=preconnect; crossorigin`);
  assert.equal(r.headers.link, undefined, 'the 200 carries no Link');
  assert.equal(r.html, site.files['/index.html']!.toString(), 'nothing in the HTML');
  const sameOrigin = await get({ variant: 'early-hints-preconnect' }, '/posts/a.html');
  assert.deepEqual(sameOrigin.informational, []);
});

test('early-hints: the 103 preconnects to the second origin first, then preloads', async () => {
  const r = await get({ variant: 'early-hints' }, '/');
  assert.equal(r.informational.length, 1);
  const links = String(r.informational[0]!.headers.link).split(/,\s*(?=<)/);
  assert.deepEqual(links, [`<${FONTS}>; rel=preconnect; crossorigin`, ...[CSS, FONT, HERO].map(linkHeaderValue)]);
});

test('preconnect: the tag first in <head> of a page with a second origin; other pages as they are', async () => {
  const r = await get({ variant: 'preconnect' }, '/');
  assert.equal(r.html, site.files['/index.html']!.toString().replace('<head>', `<head><link rel="preconnect" href="${FONTS}" crossorigin>`));
  assert.deepEqual(r.informational, []);
  const other = await get({ variant: 'preconnect' }, '/posts/a.html');
  assert.equal(other.html, site.files['/posts/a.html']!.toString());
});
