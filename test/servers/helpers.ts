// Shared by the servers.*.test.ts files: a tiny temporary site, and HTTP clients that report exactly
// what arrived (pushes, 103s, timings) without normalising anything.
import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { connect as http2Connect, constants as h2, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { after, before } from 'node:test';
import { createTlsMaterial } from '../../servers/tls.ts';
import type { TlsMaterial } from '../../servers/types.ts';

export const SECRET = 'TOP-SECRET-pushbench-must-never-serve-this';

export interface TempSite {
  /** Folder holding `site/` and the secret file next to it. */
  base: string;
  siteDir: string;
  files: Record<string, Buffer>;
  cleanup(): Promise<void>;
}

const PAGE = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
  `<link rel="stylesheet" href="/assets/site.3f9a1c2e.css"></head><body>${body}${'<p>Lorem ipsum dolor sit amet. '.repeat(60)}</p></body></html>`;

/** A small site with a manifest override, a secret outside the root and symlinks pointing at it. */
export async function makeTempSite(): Promise<TempSite> {
  const base = await mkdtemp(join(tmpdir(), 'pb-site-'));
  const siteDir = join(base, 'site');
  const files: Record<string, Buffer> = {
    '/index.html': Buffer.from(PAGE('Home', '<img src="/img/hero.jpg" alt="">')),
    '/posts/index.html': Buffer.from(PAGE('Posts', '<a href="/posts/a.html">a</a>')),
    '/posts/a.html': Buffer.from(PAGE('Post A', '<h1>A</h1>')),
    '/assets/site.3f9a1c2e.css': Buffer.from(`@font-face{font-family:X;src:url(/fonts/x.woff2) format("woff2")}\n${'body{font-family:X;color:#333}\n'.repeat(80)}`),
    '/fonts/x.woff2': randomBytes(3000),
    '/img/hero.jpg': randomBytes(5000),
    '/img/logo.svg': Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg">${'<rect width="1" height="1"/>'.repeat(40)}</svg>`),
    '/data.json': Buffer.from(JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ i, name: `item ${i}` })) })),
    '/robots.txt': Buffer.from('User-agent: *\nAllow: /\n'),
    '/app.js': Buffer.from(`console.log(${JSON.stringify('x'.repeat(500))});\n`),
    '/img/photo.webp': randomBytes(800),
    '/img/photo.avif': randomBytes(800),
    '/img/icon.png': randomBytes(600),
    // Larger than HTTP/2's initial flow-control window, so a push of it is still open when cancelled.
    '/big.html': Buffer.from(PAGE('Big', '<img src="/img/big.jpg" alt="">')),
    '/img/big.jpg': randomBytes(300_000),
  };
  for (const [path, bytes] of Object.entries(files)) {
    await mkdir(join(siteDir, path, '..'), { recursive: true });
    await writeFile(join(siteDir, path), bytes);
  }
  const manifest = {
    pages: {
      '/': [
        { path: '/assets/site.3f9a1c2e.css', as: 'style' },
        { path: '/fonts/x.woff2', as: 'font', type: 'font/woff2', crossorigin: true },
        { path: '/img/hero.jpg', as: 'image' },
      ],
      '/posts/a.html': [{ path: '/assets/site.3f9a1c2e.css', as: 'style' }],
      '/big.html': [{ path: '/img/big.jpg', as: 'image' }],
    },
  };
  await writeFile(join(siteDir, 'pushbench.manifest.json'), JSON.stringify(manifest));
  await writeFile(join(base, 'secret.txt'), SECRET);
  await symlink(join(base, 'secret.txt'), join(siteDir, 'leak.txt'));
  await symlink(base, join(siteDir, 'up'));
  return { base, siteDir, files, cleanup: () => rm(base, { recursive: true, force: true }) };
}

export function decode(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'gzip') return gunzipSync(body);
  return body;
}

export interface Pushed {
  path: string;
  requestHeaders: IncomingHttpHeaders;
  headers: IncomingHttpHeaders;
  body: Buffer;
  promisedAt: number;
}

export interface H2Result {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** 1xx informational headers (103 Early Hints) with arrival times. */
  informational: { headers: IncomingHttpHeaders; at: number }[];
  pushes: Pushed[];
  startedAt: number;
  headersAt: number;
  endedAt: number;
}

export function h2Session(origin: string, tls: TlsMaterial, enablePush = true): Promise<ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = http2Connect(origin, { ca: tls.certPem, settings: { enablePush } });
    session.once('connect', () => resolve(session));
    session.once('error', reject);
  });
}

/** One GET over an open session; pushes that arrive for it are collected in full. */
export function h2Request(session: ClientHttp2Session, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<H2Result> {
  return new Promise((resolve, reject) => {
    const pushes: Promise<Pushed>[] = [];
    const onPush = (stream: import('node:http2').ClientHttp2Stream, requestHeaders: IncomingHttpHeaders) => {
      const promisedAt = performance.now();
      pushes.push(
        new Promise((done) => {
          const chunks: Buffer[] = [];
          let responseHeaders: IncomingHttpHeaders = {};
          stream.on('push', (h) => (responseHeaders = h));
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => done({ path: String(requestHeaders[':path']), requestHeaders, headers: responseHeaders, body: Buffer.concat(chunks), promisedAt }));
        }),
      );
    };
    session.on('stream', onPush);
    const startedAt = performance.now();
    const result: Partial<H2Result> = { informational: [], startedAt };
    const req = session.request({ ':path': path, ':method': method, ...headers });
    req.on('headers', (h) => result.informational!.push({ headers: h, at: performance.now() }));
    req.on('response', (h) => {
      result.status = Number(h[':status']);
      result.headers = h;
      result.headersAt = performance.now();
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', reject);
    req.on('end', async () => {
      result.endedAt = performance.now();
      result.body = Buffer.concat(chunks);
      // Pushed streams finish independently; give stragglers a moment.
      result.pushes = await Promise.all(pushes);
      session.off('stream', onPush);
      resolve(result as H2Result);
    });
    req.end();
  });
}

export interface RawResult {
  status: number;
  /** Every status line received, in order (103s first). */
  statusLines: { line: string; at: number }[];
  raw: Buffer;
}

/**
 * Sends `requestHead` verbatim over TLS (ALPN http/1.1) so no client normalises the target,
 * and reads until the server closes (the request should say `Connection: close`).
 */
export function rawHttp1(origin: string, tls: TlsMaterial, requestHead: string): Promise<RawResult> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const statusLines: RawResult['statusLines'] = [];
    const socket = tlsConnect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port), ca: tls.certPem, ALPNProtocols: ['http/1.1'], servername: 'localhost' });
    const chunks: Buffer[] = [];
    socket.on('secureConnect', () => socket.write(requestHead));
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      const at = performance.now();
      const text = Buffer.concat(chunks).toString('latin1');
      // Status lines seen for the first time in this chunk arrived now.
      const lines = [...text.matchAll(/HTTP\/1\.1 \d{3}[^\r\n]*/g)].map((m) => m[0]);
      for (const line of lines.slice(statusLines.length)) statusLines.push({ line, at });
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks);
      const finalLine = [...raw.toString('latin1').matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => Number(m[1])).find((s) => s >= 200) ?? 0;
      resolve({ status: finalLine, statusLines, raw });
    });
  });
}

export { h2 };

/** Hooks for a test file: a temp site and a certificate before its tests, the site removed after. */
export function useSiteAndCertificate(set: (site: TempSite, tls: TlsMaterial) => void): void {
  let site: TempSite | undefined;
  before(async () => {
    site = await makeTempSite();
    set(site, await createTlsMaterial());
  });
  after(() => site?.cleanup());
}

/** The paths of the PUSH_PROMISE frames in `nghttp -nv` output (it prints a frame's header fields before the frame line). */
export function promisedPaths(nghttpOutput: string): string[] {
  const promised: string[] = [];
  let lastPath = '';
  for (const line of nghttpOutput.split('\n')) {
    const path = /\] recv \(stream_id=\d+\) :path: (\S+)/.exec(line);
    if (path) lastPath = path[1]!;
    if (line.includes('recv PUSH_PROMISE frame')) promised.push(lastPath);
  }
  return promised;
}
