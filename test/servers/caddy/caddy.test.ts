// A real Caddy 2.6 serving the fixture blog for every variant the caddy family implements: the same
// bytes, types and caching as pushbench's own servers, what each early path puts on the wire
// (PUSH_PROMISE, 103, Link header, tags), the access log, the listeners, and no process left behind.
// (HTTP/3 itself needs a QUIC client: Chromium's tests cover it; here only its UDP listener.)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { UsageError } from '../../../harness/shared/usage-error.ts';
import { variantsWhere, type VariantName } from '../../../harness/shared/variants.ts';
import { startCaddy } from '../../../servers/caddy/caddy-process.ts';
import { startCaddyServers, type CaddyServersOptions } from '../../../servers/caddy/index.ts';
import { resourcesToPush } from '../../../servers/delivery/push-set.ts';
import { linkHeaderValue, linkTag } from '../../../servers/preload-links.ts';
import { earlyHintsLinks } from '../../../servers/resource-hints.ts';
import { cacheControlFor, loadSite, type SiteFileBytes, type StaticSite } from '../../../servers/static-handler.ts';
import { createTlsMaterial } from '../../../servers/tls.ts';
import type { RunningServer, TlsMaterial } from '../../../servers/types.ts';
import { DEFAULT_SITE_DIR, loadManifest, resourcesForPage } from '../../../sites/manifest.ts';
import type { CriticalResource, SiteManifest } from '../../../sites/manifest-types.ts';
import { CONTENT_TYPES } from '../../../sites/mime-types.ts';
import { h2Request, h2Session, rawHttp1, promisedPaths } from '../helpers.ts';

const run = promisify(execFile);
const CADDY_VARIANTS = variantsWhere((v) => v.families.includes('caddy'));

let base: string;
let tls: TlsMaterial;
let pushbench: StaticSite;
let manifest: SiteManifest;
let servers: RunningServer[] = [];
const stateDirs: string[] = [];

function options(name: string, overrides: Partial<CaddyServersOptions> = {}): CaddyServersOptions {
  const stateDir = join(base, name, 'state');
  stateDirs.push(stateDir);
  return {
    variants: CADDY_VARIANTS, siteDir: DEFAULT_SITE_DIR, host: '127.0.0.1', tls,
    delivery: { sendQueue: 16384, priorities: 'on', push: 'all' }, topology: 'direct', thinkMs: 0,
    wireLogDir: join(base, name, 'logs'), stateDir, port: 0, ...overrides,
  };
}

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'pb-caddy-'));
  tls = await createTlsMaterial();
  pushbench = await loadSite(DEFAULT_SITE_DIR);
  manifest = await loadManifest(DEFAULT_SITE_DIR);
  servers = await startCaddyServers(options('direct'));
});
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(base, { recursive: true, force: true });
});

const server = (variant: VariantName) => servers.find((s) => s.variant === variant)!;
const resources = (page: string): CriticalResource[] => resourcesForPage(manifest, page);

/** Processes whose command line names `text` (zombies have none). */
function processesNaming(text: string): string[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).flatMap((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text) ? [pid] : [];
    } catch {
      return []; // gone meanwhile
    }
  });
}

interface Fetched {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Over HTTP/1.1: Node's https client offers no ALPN, so every server answers in HTTP/1.1. */
function h1Get(origin: string, path: string, headers: Record<string, string>): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = httpsGet(`${origin}${path}`, { ca: tls.certPem, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

function alpnOf(origin: string): Promise<string | false> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: url.hostname, port: Number(url.port), ca: tls.certPem, ALPNProtocols: ['h2', 'http/1.1'] }, () => {
      resolve(socket.alpnProtocol ?? false);
      socket.end();
    });
    socket.on('error', reject);
  });
}

/** What pushbench sends for `file` under Accept-Encoding `coding`. */
function expected(file: SiteFileBytes, coding: 'br' | 'gzip' | 'identity') {
  const compressed = coding === 'identity' ? undefined : file[coding];
  const body = compressed ?? file.identity;
  const encoding = compressed ? coding : undefined;
  const ext = extname(file.path).toLowerCase();
  return { body, encoding, type: CONTENT_TYPES[ext] ?? 'application/octet-stream', cacheControl: cacheControlFor(file.path, ext) };
}

const CODINGS = [['br', 'br'], ['gzip', 'gzip'], ['identity', undefined]] as const;

test('every page and asset over HTTP/1.1 and HTTP/2: status, type, caching, encoding, and pushbench\'s exact bytes', async () => {
  const files = pushbench.files();
  assert.ok(files.length >= 10);
  for (const variant of ['h1', 'h2'] as const) {
    const { origin } = server(variant);
    const session = variant === 'h2' ? await h2Session(origin, tls, false) : undefined;
    try {
      for (const file of files) {
        for (const [coding, header] of CODINGS) {
          const headers: Record<string, string> = header ? { 'accept-encoding': header } : {};
          const got: Fetched = session ? { ...(await h2Request(session, file.path, headers)) } : await h1Get(origin, file.path, headers);
          const want = expected(file, coding);
          const what = `${variant} ${file.path} (${coding})`;
          assert.equal(got.status, 200, what);
          assert.equal(got.headers['content-type'], want.type, what);
          assert.equal(got.headers['cache-control'], want.cacheControl, what);
          assert.equal(got.headers['content-encoding'], want.encoding, what);
          assert.ok(got.body.equals(want.body), `${what}: body differs from pushbench's`);
        }
      }
      const home = session ? await h2Request(session, '/', { 'accept-encoding': 'br' }) : await h1Get(origin, '/', { 'accept-encoding': 'br' });
      assert.ok(home.body.equals(files.find((f) => f.path === '/index.html')!.br!), `${variant}: / is index.html`);
      const missing = session ? await h2Request(session, '/index.html.br') : await h1Get(origin, '/index.html.br', {});
      assert.equal(missing.status, 404, 'the sidecars are not files of the site');
    } finally {
      session?.close();
    }
  }
});

test('listeners: h1 offers only http/1.1, h2 no HTTP/3 (no Alt-Svc, no UDP), h3 a UDP port and Alt-Svc', async () => {
  assert.equal(await alpnOf(server('h1').origin), 'http/1.1');
  assert.equal(await alpnOf(server('h2').origin), 'h2');
  const h2 = await h1Get(server('h2').origin, '/', {});
  assert.equal(h2.headers['alt-svc'], undefined);
  const h3 = server('h3');
  assert.equal(h3.protocol, 'h3');
  assert.equal((await h1Get(h3.origin, '/', {})).headers['alt-svc'], `h3=":${h3.port}"; ma=2592000`);
  const { stdout } = await run('ss', ['-Huln']);
  for (const s of servers) {
    const bound = stdout.includes(`127.0.0.1:${s.port} `);
    assert.equal(bound, s.protocol === 'h3', `${s.variant} UDP ${s.port}`);
  }
  for (const s of servers) {
    assert.equal(s.server, 'caddy');
    assert.match(s.serverVersion, /^caddy 2\.\d+\.\d+/);
    assert.equal(s.wireLogFormat, 'caddy-access');
  }
});

test('h2-push: nghttp -nv shows a PUSH_PROMISE per manifest resource of each page', async () => {
  for (const page of ['/', '/posts/early-hints.html']) {
    const { stdout } = await run('nghttp', ['-nv', `${server('h2-push').origin}${page}`], { timeout: 10_000 });
    const promised = promisedPaths(stdout);
    assert.deepEqual(promised.sort(), resourcesToPush(resources(page), 'all').map((r) => r.path).sort(), page);
  }
});

test('early-hints: the 103 carries the Link header, the 200 after it does not (HTTP/2 and HTTP/1.1)', async () => {
  const links = earlyHintsLinks(resources('/')); // preconnects to second origins (none in the blog), then the preloads
  const session = await h2Session(server('early-hints').origin, tls);
  const r = await h2Request(session, '/', { 'accept-encoding': 'br' });
  session.close();
  assert.equal(r.informational.length, 1);
  assert.equal(r.informational[0]!.headers[':status'], 103);
  assert.equal(r.informational[0]!.headers.link, links.join(', '));
  assert.ok(r.informational[0]!.at <= r.headersAt);
  assert.equal(r.status, 200);
  assert.equal(r.headers.link, undefined);

  const raw = await rawHttp1(server('early-hints-h1').origin, tls, 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
  assert.deepEqual(raw.statusLines.map((s) => s.line.slice(0, 12)), ['HTTP/1.1 103', 'HTTP/1.1 200']);
  const [hint, final] = raw.raw.toString('latin1').split(/\r\n\r\n/);
  assert.match(hint!, new RegExp(`\r\nLink: ${links.join(', ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i'));
  assert.doesNotMatch(final!, /\r\nlink:/i);
});

test('preload: the page has the Link header, an asset does not; preload-html: the tags are in the HTML', async () => {
  const session = await h2Session(server('preload').origin, tls);
  const page = await h2Request(session, '/posts/early-hints.html');
  const asset = await h2Request(session, resources('/')[0]!.path);
  session.close();
  assert.equal(page.headers.link, resources('/posts/early-hints.html').map(linkHeaderValue).join(', '));
  assert.equal(asset.headers.link, undefined);

  const html = await h1Get(server('preload-html').origin, '/', {});
  const text = html.body.toString('utf8');
  assert.ok(text.startsWith('<!doctype html>') || text.includes('<head>'));
  assert.ok(text.includes(`<head>${resources('/').map(linkTag).join('')}`), 'tags right after <head>');
  assert.equal(html.headers.link, undefined);
});

test('access log: one JSON line per request, with its protocol and status', async () => {
  const s = server('h3-preload'); // nothing else asks this one
  const session = await h2Session(s.origin, tls, false);
  for (const path of ['/', '/assets/nope.css']) await h2Request(session, path);
  session.close();
  await h1Get(s.origin, '/', {});
  await new Promise((r) => setTimeout(r, 200));
  const lines = readFileSync(s.wireLogPath!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { request: { proto: string; uri: string }; status: number });
  assert.deepEqual(lines.map((l) => [l.request.proto, l.request.uri, l.status]), [['HTTP/2.0', '/', 200], ['HTTP/2.0', '/assets/nope.css', 404], ['HTTP/1.1', '/', 200]]);
  assert.ok(existsSync(join(base, 'direct', 'logs', 'caddy.Caddyfile')), 'the config is kept with the logs');
});

test('edge: the 103 and pushes go out at once, the HTML after the origin\'s think time, with pushbench\'s bytes', async () => {
  const THINK_MS = 150;
  const edge = await startCaddyServers(options('edge', { variants: ['early-hints', 'h2-push', 'preload-html'], topology: 'edge', thinkMs: THINK_MS }));
  try {
    const byVariant = (v: VariantName) => edge.find((s) => s.variant === v)!;
    const session = await h2Session(byVariant('early-hints').origin, tls, false);
    const r = await h2Request(session, '/', { 'accept-encoding': 'br' });
    const asset = await h2Request(session, '/assets/site.a52bce0f.css', { 'accept-encoding': 'br' });
    session.close();
    assert.equal(r.informational[0]!.headers[':status'], 103);
    assert.ok(r.headersAt - r.informational[0]!.at >= THINK_MS - 5, `103 → 200 gap ${r.headersAt - r.informational[0]!.at} ms`);
    assert.equal(r.headers['content-encoding'], 'br');
    assert.equal(r.headers.link, undefined);
    assert.ok(r.body.equals(pushbench.files().find((f) => f.path === '/index.html')!.br!), 'the proxied page has pushbench\'s br bytes');
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');

    const push = await h2Session(byVariant('h2-push').origin, tls, true);
    const pushed = await h2Request(push, '/');
    push.close();
    assert.deepEqual(pushed.pushes.map((p) => p.path).sort(), resources('/').map((r) => r.path).sort());
    for (const p of pushed.pushes) assert.ok(p.promisedAt < pushed.headersAt - THINK_MS + 5, `${p.path} promised during the think time`);

    const tagged = await h1Get(byVariant('preload-html').origin, '/', {});
    assert.ok(tagged.body.toString('utf8').includes(`<head>${resources('/').map(linkTag).join('')}`));
  } finally {
    await Promise.all(edge.map((s) => s.close()));
  }
  assert.deepEqual(processesNaming(stateDirs[1]!), []);
});

test('refused before starting: a port in use; a broken config fails with Caddy\'s own error line', async () => {
  const blocker = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    await assert.rejects(startCaddyServers(options('busy', { variants: ['h2'], port })), (err: unknown) => err instanceof UsageError && err.message.includes(`port ${port}`));
  } finally {
    blocker.close();
  }
  const stateDir = join(base, 'broken');
  stateDirs.push(stateDir);
  await assert.rejects(startCaddy({ caddyfile: '{\n\tadmin off\n}\n:1 {\n\tno_such_directive\n}\n', stateDir }), /caddy did not start \(exit code 1\): Error: .*unrecognized directive: no_such_directive/);
});

test('close(): Caddy stops once the last of its servers is closed, and no process is left', async () => {
  const [first, ...rest] = servers;
  await first!.close();
  assert.equal((await h1Get(rest[0]!.origin, '/', {})).status, 200, 'the others still serve');
  await Promise.all(rest.map((s) => s.close()));
  await first!.close(); // twice is harmless
  for (const dir of stateDirs) assert.deepEqual(processesNaming(dir), [], dir);
  servers = [];
});
