// Cache-aware push (servers/delivery/casper.ts and the h2-push-cache-aware variant).
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import path from 'node:path';
import { describe, it } from 'node:test';
import { casperFromCookies, casperKey, decodeCasper, encodeCasper, CAPACITY_BITS } from '../../servers/delivery/casper.ts';
import { startServer } from '../../servers/index.ts';

describe('CASPer fingerprint', () => {
  it('round-trips any set of keys through the Golomb-coded cookie value', () => {
    for (const keys of [[], [0], [1, 2, 3], [5, 900, 901, 8191], Array.from({ length: 40 }, (_, i) => (i * 197) % (1 << CAPACITY_BITS))]) {
      const value = encodeCasper(keys);
      assert.match(value, /^[A-Za-z0-9_-]*$/);
      assert.deepEqual([...decodeCasper(value)].sort((a, b) => a - b), [...new Set(keys)].sort((a, b) => a - b));
    }
  });

  it('is compact: a dozen resources fit in a few bytes each', () => {
    const keys = ['/a.css', '/b.js', '/c.woff2', '/d.jpg', '/e.css', '/f.js', '/g.woff2', '/h.jpg', '/i.css', '/j.js', '/k.woff2', '/l.jpg'].map(casperKey);
    assert.ok(encodeCasper(keys).length <= 40, encodeCasper(keys));
  });

  it('reads its cookie among others; garbage is an empty set', () => {
    const value = encodeCasper([casperKey('/x.css')]);
    assert.ok(casperFromCookies(`a=1; pb_casper=${value}; b=2`).has(casperKey('/x.css')));
    assert.equal(casperFromCookies('pb_casper=!!!').size, 0);
    assert.equal(casperFromCookies(undefined).size, 0);
  });
});

describe('h2-push-cache-aware', () => {
  it('pushes everything to a first-time visitor and nothing to one whose cookie lists it all', async () => {
    const server = await startServer({ variant: 'h2-push-cache-aware', siteDir: path.resolve('sites/blog') });
    const visit = (cookie?: string) =>
      new Promise<{ pushed: string[]; setCookie: string }>((resolve, reject) => {
        const session = http2.connect(server.origin, { rejectUnauthorized: false });
        session.on('error', () => {});
        const pushed: string[] = [];
        session.on('stream', (stream, headers) => {
          pushed.push(String(headers[':path']));
          stream.resume();
        });
        const req = session.request({ ':path': '/', ...(cookie ? { cookie } : {}) });
        let setCookie = '';
        req.on('response', (headers) => { setCookie = String(headers['set-cookie'] ?? ''); });
        req.resume();
        req.on('end', () => setTimeout(() => { session.close(); resolve({ pushed, setCookie }); }, 100));
        req.on('error', reject);
      });
    try {
      const first = await visit();
      assert.ok(first.pushed.length >= 3, `first visit pushed ${first.pushed.join(', ')}`);
      const cookie = first.setCookie.split(';')[0]!;
      assert.match(cookie, /^pb_casper=/);
      const again = await visit(cookie);
      assert.deepEqual(again.pushed, []);
    } finally {
      await server.close();
    }
  });
});
