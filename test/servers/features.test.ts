// What distinguishes the variants on the wire: pushes, 103 Early Hints, preload headers and tags,
// in the direct topology and behind the edge.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { constants as h2 } from 'node:http2';
import { createTlsMaterial, startServer } from '../../servers/index.ts';
import type { ServerOptions, TlsMaterial, Topology } from '../../servers/types.ts';
import { parseWireLog, type WireEvent } from '../../servers/wire-log.ts';
import { decode, h2Request, h2Session, makeTempSite, rawHttp1, type TempSite, promisedPaths } from './helpers.ts';

const THINK_MS = 150;
const HOME = ['/assets/site.3f9a1c2e.css', '/fonts/x.woff2', '/img/hero.jpg']; // manifest of "/"

let site: TempSite;
let tls: TlsMaterial;
let logs = 0;
before(async () => {
  site = await makeTempSite();
  tls = await createTlsMaterial();
});
after(() => site.cleanup());

async function withServer(options: Omit<ServerOptions, 'siteDir' | 'tls'>, body: (origin: string, events: () => WireEvent[]) => Promise<void>) {
  const wireLogPath = join(site.base, `wire-${++logs}.jsonl`);
  const server = await startServer({ siteDir: site.siteDir, tls, wireLogPath, ...options });
  try {
    await body(server.origin, () => parseWireLog(readFileSync(wireLogPath, 'utf8')));
  } finally {
    await server.close();
  }
}

for (const topology of ['direct', 'edge'] as Topology[]) {
  test(`h2-push (${topology}): a PUSH_PROMISE per manifest resource before the HTML completes, bytes equal the files`, async () => {
    await withServer({ variant: 'h2-push', topology, thinkMs: THINK_MS }, async (origin, events) => {
      const session = await h2Session(origin, tls, true);
      const r = await h2Request(session, '/', { 'accept-encoding': 'br, gzip' });
      session.close();
      assert.equal(r.status, 200);
      assert.ok(r.headersAt - r.startedAt >= THINK_MS - 5, `the page waited for the think time (${r.headersAt - r.startedAt} ms)`);
      assert.deepEqual(r.pushes.map((p) => p.path).sort(), [...HOME].sort());
      for (const push of r.pushes) {
        assert.ok(push.promisedAt < r.headersAt, `${push.path} promised before the HTML response`);
        assert.equal(push.requestHeaders['accept-encoding'], 'br, gzip', 'pushed request carries the page request encoding');
        assert.equal(push.headers[':status'], 200);
        assert.deepEqual(decode(push.body, push.headers['content-encoding'] as string | undefined), site.files[push.path]);
      }
      assert.equal(r.pushes.find((p) => p.path.endsWith('.css'))!.headers['content-encoding'], 'br');
      const promises = events().filter((e) => e.type === 'push-promise');
      assert.equal(promises.length, HOME.length);
    });
  });

  test(`early-hints (${topology}): the 103 with every manifest link comes ≥ think time before the 200 (h2)`, async () => {
    await withServer({ variant: 'early-hints', topology, thinkMs: THINK_MS }, async (origin, events) => {
      const session = await h2Session(origin, tls);
      const r = await h2Request(session, '/');
      session.close();
      assert.equal(r.informational.length, 1);
      const hint = r.informational[0]!;
      assert.equal(hint.headers[':status'], 103);
      const link = String(hint.headers.link);
      for (const path of HOME) assert.ok(link.includes(`<${path}>`), `${path} in ${link}`);
      assert.match(link, /<\/fonts\/x\.woff2>; rel=preload; as=font; type="font\/woff2"; crossorigin/);
      assert.ok(r.headersAt - hint.at >= THINK_MS - 5, `103 → 200 gap ${r.headersAt - hint.at} ms`);
      assert.equal(events().filter((e) => e.type === 'early-hints').length, 1);
    });
  });
}

test('h2-push: with SETTINGS_ENABLE_PUSH=0 nothing is pushed and the wire log says push-refused', async () => {
  await withServer({ variant: 'h2-push' }, async (origin, events) => {
    const session = await h2Session(origin, tls, false);
    const r = await h2Request(session, '/');
    session.close();
    assert.equal(r.status, 200);
    assert.equal(r.pushes.length, 0);
    const refused = events().filter((e) => e.type === 'push-refused');
    assert.equal(refused.length, 1);
    assert.equal(refused[0]!.type === 'push-refused' && refused[0]!.reason, 'push refused by client');
    assert.equal(events().filter((e) => e.type === 'push-promise').length, 0);
  });
});

test('h2-push: a client cancelling pushes shows up as push-reset with RST code CANCEL', async () => {
  await withServer({ variant: 'h2-push', thinkMs: 50 }, async (origin, events) => {
    const session = await h2Session(origin, tls, true);
    session.on('stream', (stream) => stream.close(h2.NGHTTP2_CANCEL));
    const req = session.request({ ':path': '/big.html' });
    req.resume();
    await new Promise((resolve) => req.on('end', resolve));
    session.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const resets = events().filter((e) => e.type === 'push-reset');
    assert.ok(resets.length >= 1, 'at least one push was still open when cancelled');
    for (const reset of resets) assert.equal(reset.type === 'push-reset' && reset.rstCode, h2.NGHTTP2_CANCEL);
  });
});

test('h2-push: nghttp -nv shows PUSH_PROMISE frames', async () => {
  await withServer({ variant: 'h2-push' }, async (origin) => {
    const { stdout } = await promisify(execFile)('nghttp', ['-nv', `${origin}/`], { timeout: 10_000 });
    const promised = promisedPaths(stdout);
    assert.deepEqual(promised.sort(), [...HOME].sort());
  });
});

test('early-hints-h1: the 103 comes ≥ think time before the 200 over HTTP/1.1', async () => {
  await withServer({ variant: 'early-hints-h1', thinkMs: THINK_MS }, async (origin) => {
    const r = await rawHttp1(origin, tls, 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    assert.equal(r.status, 200);
    const [hint, final] = r.statusLines;
    assert.match(hint!.line, /^HTTP\/1\.1 103/);
    assert.match(final!.line, /^HTTP\/1\.1 200/);
    assert.ok(final!.at - hint!.at >= THINK_MS - 5, `gap ${final!.at - hint!.at} ms`);
    const head103 = r.raw.toString('latin1').split('\r\n\r\n')[0]!;
    for (const path of HOME) assert.ok(head103.includes(`<${path}>`), path);
  });
});

for (const topology of ['direct', 'edge'] as Topology[]) {
  test(`preload (${topology}): the page's Link header lists the manifest; assets carry none`, async () => {
    await withServer({ variant: 'preload', topology }, async (origin) => {
      const session = await h2Session(origin, tls);
      const page = await h2Request(session, '/');
      const post = await h2Request(session, '/posts/a.html');
      const asset = await h2Request(session, '/img/hero.jpg');
      session.close();
      const link = String(page.headers.link);
      for (const path of HOME) assert.ok(link.includes(`<${path}>; rel=preload`), path);
      assert.equal(post.headers.link, '</assets/site.3f9a1c2e.css>; rel=preload; as=style');
      assert.equal(asset.headers.link, undefined);
    });
  });

  test(`preload-html (${topology}): preload tags injected at the start of <head>`, async () => {
    await withServer({ variant: 'preload-html', topology, thinkMs: topology === 'edge' ? THINK_MS : 0 }, async (origin) => {
      const session = await h2Session(origin, tls);
      const r = await h2Request(session, '/', { 'accept-encoding': 'br' });
      const again = await h2Request(session, '/', { 'accept-encoding': 'br', 'if-none-match': String(r.headers.etag) });
      session.close();
      const html = decode(r.body, r.headers['content-encoding'] as string).toString();
      const head = html.slice(html.indexOf('<head>') + '<head>'.length);
      const tags = head.match(/^(<link rel="preload"[^>]*>)+/)?.[0] ?? '';
      for (const path of HOME) assert.ok(tags.includes(`href="${path}"`), path);
      assert.ok(tags.includes('as="font" type="font/woff2" crossorigin'));
      assert.equal(r.headers['content-length'], String(r.body.length));
      assert.equal(again.status, 304, 'the ETag describes the rewritten page');
      if (topology === 'edge') assert.ok(r.headersAt - r.startedAt >= THINK_MS - 5, 'the origin thinks');
    });
  });
}

test('keyLogPath: TLS secrets are appended in NSS key log format', async () => {
  const keyLogPath = join(site.base, 'keys.log');
  await withServer({ variant: 'h2', keyLogPath }, async (origin) => {
    const session = await h2Session(origin, tls);
    await h2Request(session, '/');
    session.close();
  });
  const lines = readFileSync(keyLogPath, 'utf8').trim().split('\n');
  assert.ok(lines.some((l) => /^CLIENT_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]{64} [0-9a-f]+$/.test(l)), lines[0]);
});
