// A site's second origin on the wire (servers/second-origin.ts): its own server, certificate, headers
// and wire log, answering only its own host name; the site's server never serves /_origins/; push
// never carries a second origin's file, and preload links name it by its full URL.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { casperFromCookies, casperKey } from '../../servers/delivery/casper.ts';
import { isPushable, resourcesToPush } from '../../servers/delivery/push-set.ts';
import { createTlsMaterial, startServer } from '../../servers/index.ts';
import { linkHeaderValue, linkTag } from '../../servers/preload-links.ts';
import { startSecondOrigin, type RunningSecondOrigin } from '../../servers/second-origin.ts';
import { prepareSite } from '../../servers/static-handler.ts';
import { spkiSha256 } from '../../servers/tls.ts';
import type { TlsMaterial } from '../../servers/types.ts';
import { variantOf } from '../../servers/variants/index.ts';
import { parseWireLog } from '../../servers/wire-log.ts';
import { loadManifest, resourcesForPage } from '../../sites/manifest.ts';
import type { CriticalResource } from '../../sites/manifest-types.ts';
import { h2Request, h2Session } from './helpers.ts';

const tempRoot = mkdtempSync(path.join(os.tmpdir(), 'pb-second-origin-'));
process.env.PUSHBENCH_CACHE_DIR = path.join(tempRoot, 'cache');
after(() => rmSync(tempRoot, { recursive: true, force: true }));

const BLOG_CDN = fileURLToPath(new URL('../../sites/blog-cdn', import.meta.url));
const HOST = 'fonts.pushbench.test';
const FONT_DIR = path.join(BLOG_CDN, '_origins', HOST);

let fonts: RunningSecondOrigin;
let tls: TlsMaterial;
/** The home page's critical resources, and the path of its first font on the second origin. */
let home: CriticalResource[];
let FONT: string;
const wireLogPath = path.join(tempRoot, `origin-${HOST}.jsonl`);
before(async () => {
  home = resourcesForPage(await loadManifest(BLOG_CDN), '/');
  FONT = home.find((r) => r.origin !== undefined)!.path;
  tls = await createTlsMaterial();
  fonts = await startSecondOrigin({ hostName: HOST, dir: FONT_DIR, listenHost: '127.0.0.1', wireLogPath });
});
after(() => fonts.close());

/** A session to the second origin over loopback, with SNI `servername`; its certificate is not checked (it is pinned in a browser). */
function sessionTo(servername: string): Promise<ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = connect(`https://127.0.0.1:${fonts.port}`, { rejectUnauthorized: false, servername });
    session.once('connect', () => resolve(session));
    session.once('error', reject);
  });
}

function get(session: ClientHttp2Session, path: string, authority: string): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = session.request({ ':path': path, ':authority': authority });
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    req.on('response', (h) => (headers = h));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve({ headers, body: Buffer.concat(chunks) }));
    req.on('error', reject);
    req.end();
  });
}

test('the second origin serves its font to its own host name, with CORS, Timing-Allow-Origin and a year of caching', async () => {
  const session = await sessionTo(HOST);
  try {
    for (const authority of [HOST, `${HOST}:${fonts.port}`]) {
      const { headers, body } = await get(session, FONT, authority);
      assert.equal(headers[':status'], 200, authority);
      assert.equal(headers['access-control-allow-origin'], '*');
      assert.equal(headers['timing-allow-origin'], '*');
      assert.equal(headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(headers['content-type'], 'font/woff2');
      assert.deepEqual(body, readFileSync(path.join(FONT_DIR, FONT)));
    }
    const cert = new X509Certificate((session.socket as import('node:tls').TLSSocket).getPeerCertificate().raw);
    assert.equal(cert.subjectAltName, `DNS:${HOST}`, 'its own certificate, for its host name only');
    assert.equal(spkiSha256(cert.toString()), fonts.spkiSha256);
    assert.notEqual(fonts.spkiSha256, tls.spkiSha256);
    assert.equal(fonts.origin, `https://${HOST}`);
  } finally {
    session.close();
  }
});

test('another :authority gets 421 Misdirected Request, and its wire log records both, in its own file', async () => {
  const session = await sessionTo('blog.test');
  try {
    const { headers, body } = await get(session, FONT, 'blog.test');
    assert.equal(headers[':status'], 421);
    assert.equal(headers['access-control-allow-origin'], '*');
    assert.match(body.toString(), /answers for fonts\.pushbench\.test only, not blog\.test/);
  } finally {
    session.close();
  }
  const events = parseWireLog(readFileSync(wireLogPath, 'utf8'));
  const statuses = events.flatMap((e) => (e.type === 'response' && e.path === FONT ? [e.status] : []));
  assert.ok(statuses.includes(200) && statuses.includes(421), `responses logged: ${statuses.join(', ')}`);
  assert.ok(events.some((e) => e.type === 'connection'), 'its connections are its own');
  assert.ok(events.every((e) => e.variant === 'h2'), 'plain HTTP/2');
});

test('the site\'s own server 404s /_origins/ as a dotfile; push leaves the second origin\'s fonts out', async () => {
  const server = await startServer({ variant: 'h2-push', siteDir: BLOG_CDN, tls, wireLogPath: path.join(tempRoot, 'h2-push.jsonl') });
  const session = await h2Session(server.origin, tls);
  try {
    assert.equal((await h2Request(session, `/_origins/${HOST}${FONT}`)).status, 404);
    assert.equal((await h2Request(session, `/_origins/${HOST}/`)).status, 404);
    const page = await h2Request(session, '/');
    assert.equal(page.status, 200);
    assert.deepEqual(page.pushes.map((p) => p.path).sort(), home.filter((r) => r.origin === undefined).map((r) => r.path).sort(), 'the stylesheet and the hero');
  } finally {
    session.close();
    await server.close();
  }
});

test('push sets and the CASPer cookie leave out a second origin\'s resources; preload links name them by full URL', async () => {
  const onFonts = home.filter((r) => r.origin !== undefined);
  assert.equal(onFonts.length, 2);
  assert.ok(onFonts.every((r) => !isPushable(r)));
  for (const set of ['css', 'css+fonts', 'all'] as const) assert.ok(resourcesToPush(home, set).every((r) => r.origin === undefined), set);
  assert.deepEqual(resourcesToPush(home, 'css+fonts').map((r) => r.as), ['style']);

  const cookie = variantOf('h2-push-cache-aware').pageHeaders!(home, { method: 'GET', target: '/', headers: {} })['set-cookie']!;
  const keys = casperFromCookies(cookie.split(';')[0]);
  assert.deepEqual([...keys].sort(), home.filter((r) => r.origin === undefined).map((r) => casperKey(r.path)).sort());

  const font: CriticalResource = { path: '/a b.woff2', origin: `https://${HOST}`, as: 'font', type: 'font/woff2', crossorigin: true, reason: 'test' };
  assert.equal(linkHeaderValue(font), `<https://${HOST}/a%20b.woff2>; rel=preload; as=font; type="font/woff2"; crossorigin`);
  assert.equal(linkTag(font), `<link rel="preload" href="https://${HOST}/a%20b.woff2" as="font" type="font/woff2" crossorigin>`);
  assert.equal(linkHeaderValue({ ...font, origin: undefined }), '</a%20b.woff2>; rel=preload; as=font; type="font/woff2"; crossorigin', 'own origin: as before');
});

test('prepareSite prepares the second origins\' folders too', async () => {
  const prepared = await prepareSite(BLOG_CDN);
  // 4 pages, the stylesheet, the script, 4 heroes and the README on the site; 2 fonts on its second origin.
  assert.equal(prepared.files, 11 + 2);
  assert.equal((await prepareSite(BLOG_CDN)).fromCache, true);
});
