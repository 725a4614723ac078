// Every variant serves every file of the site exactly like the shared static handler says,
// over its own protocol; pages get 304 on a matching If-None-Match.
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { test } from 'node:test';
import { startServer } from '../../servers/index.ts';
import { type TlsMaterial } from '../../servers/types.ts';
import { variantsWhere } from '../../harness/shared/variants.ts';
import { decode, h2Request, h2Session, type TempSite, useSiteAndCertificate } from './helpers.ts';

let site: TempSite;
let tls: TlsMaterial;
useSiteAndCertificate((s, t) => { site = s; tls = t; });

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function h1Get(origin: string, path: string, headers: Record<string, string>): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${origin}${path}`, { ca: tls.certPem, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const EXPECTED_TYPE: Record<string, RegExp> = {
  html: /^text\/html/, css: /^text\/css/, js: /^text\/javascript/, woff2: /^font\/woff2$/, jpg: /^image\/jpeg$/,
  webp: /^image\/webp$/, avif: /^image\/avif$/, png: /^image\/png$/, svg: /^image\/svg\+xml$/, json: /^application\/json/, txt: /^text\/plain/,
};

// pushbench's own servers: every variant of its family (the h3 ones are Caddy's: test/servers/caddy/).
for (const variant of variantsWhere((v) => v.families.includes('pushbench'))) {
  test(`${variant}: every file with br, gzip and identity; 304 for pages`, async () => {
    const server = await startServer({ variant, siteDir: site.siteDir, tls });
    const session = server.protocol === 'h2' ? await h2Session(server.origin, tls, false) : null;
    const get = async (path: string, headers: Record<string, string>): Promise<Got> =>
      session ? h2Request(session, path, headers) : h1Get(server.origin, path, headers);
    try {
      for (const [file, bytes] of Object.entries(site.files)) {
        const path = file.replace(/index\.html$/, '');
        const ext = file.slice(file.lastIndexOf('.') + 1);
        for (const [accept, encoding] of [['gzip, deflate, br', 'br'], ['gzip', 'gzip'], ['identity', undefined]] as const) {
          const r = await get(path, { 'accept-encoding': accept });
          assert.equal(r.status, 200, `${variant} ${path}`);
          assert.match(String(r.headers['content-type']), EXPECTED_TYPE[ext]!, path);
          const compressible = /^(html|css|js|svg|json)$/.test(ext);
          assert.equal(r.headers['content-encoding'], compressible ? encoding : undefined, `${path} ${accept}`);
          const expectedCache = ext === 'html' ? 'no-cache' : /\.[0-9a-f]{8}\./.test(file) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600';
          assert.equal(r.headers['cache-control'], expectedCache, path);
          const decoded = decode(r.body, r.headers['content-encoding'] as string | undefined);
          if (ext === 'html' && variant === 'preload-html') {
            assert.equal(decoded.toString().replace(/<link rel="preload"[^>]*>/g, ''), bytes.toString(), path);
          } else {
            assert.deepEqual(decoded, bytes, `${variant} ${path} ${accept}`);
          }
        }
      }
      const page = await get('/', { 'accept-encoding': 'br' });
      const cached = await get('/', { 'accept-encoding': 'br', 'if-none-match': String(page.headers.etag) });
      assert.equal(cached.status, 304);
      assert.equal(cached.body.length, 0);
    } finally {
      session?.close();
      await server.close();
    }
  });
}

test('h1 variants speak only http/1.1, h2 variants only h2 (ALPN)', async () => {
  const { connect } = await import('node:tls');
  const alpnOf = (origin: string, offered: string[]) =>
    new Promise<string | false>((resolve) => {
      const url = new URL(origin);
      const socket = connect({ host: url.hostname, port: Number(url.port), ca: tls.certPem, ALPNProtocols: offered }, () => {
        resolve(socket.alpnProtocol ?? false);
        socket.destroy();
      });
      socket.on('error', () => resolve(false));
    });
  const h1 = await startServer({ variant: 'early-hints-h1', siteDir: site.siteDir, tls });
  const h2 = await startServer({ variant: 'early-hints', siteDir: site.siteDir, tls });
  try {
    assert.equal(await alpnOf(h1.origin, ['h2', 'http/1.1']), 'http/1.1');
    assert.equal(await alpnOf(h2.origin, ['h2', 'http/1.1']), 'h2');
  } finally {
    await h1.close();
    await h2.close();
  }
});
