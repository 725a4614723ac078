// The server child of a site with a second origin (sites/blog-cdn): one OriginReadyLine beside the
// arms' ready lines, its server on its own certificate and wire log, and the route the browser gets.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromiumArgs } from '../../harness/gather/engines/chromium.ts';
import { secondOriginRoutes } from '../../harness/run/environment.ts';
import { startServerProcess } from '../../harness/run/server-process.ts';

const tempRoot = mkdtempSync(path.join(os.tmpdir(), 'pb-run-origins-'));
process.env.PUSHBENCH_CACHE_DIR = path.join(tempRoot, 'cache'); // the child inherits it
after(() => rmSync(tempRoot, { recursive: true, force: true }));

const BLOG_CDN = fileURLToPath(new URL('../../sites/blog-cdn', import.meta.url));
const BLOG = fileURLToPath(new URL('../../sites/blog', import.meta.url));
const DELIVERY = { sendQueue: 16384, priorities: 'on', push: 'all' } as const;

test('the server child prints an origin line per second origin: its port, certificate and wire log', async () => {
  const wireLogDir = path.join(tempRoot, 'logs');
  const servers = await startServerProcess({
    arms: [{ server: 'pushbench', variant: 'h2', thinkMs: 0 }, { server: 'pushbench', variant: 'preload', thinkMs: 0 }],
    siteDir: BLOG_CDN, host: '127.0.0.1', topology: 'direct', delivery: DELIVERY, wireLogDir, commandPrefix: [],
  });
  try {
    assert.deepEqual([...servers.servers.keys()], ['h2', 'preload']);
    assert.equal(servers.origins.length, 1);
    const [fonts] = servers.origins;
    assert.equal(fonts!.type, 'origin');
    assert.equal(fonts!.host, 'fonts.pushbench.test');
    assert.equal(fonts!.origin, 'https://fonts.pushbench.test');
    assert.ok(fonts!.port > 0 && ![...servers.servers.values()].some((s) => s.port === fonts!.port));
    assert.match(fonts!.spkiSha256, /^[A-Za-z0-9+/]{43}=$/);
    assert.notEqual(fonts!.spkiSha256, servers.spkiSha256, 'a certificate of its own');
    assert.equal(fonts!.wireLogPath, path.join(wireLogDir, 'origin-fonts.pushbench.test.jsonl'));
    assert.match(fonts!.serverVersion, /^pushbench /);
    assert.deepEqual(secondOriginRoutes(servers.origins, '10.9.0.1'), [
      { name: 'fonts.pushbench.test', address: `10.9.0.1:${fonts!.port}`, spkiSha256: fonts!.spkiSha256 },
    ]);
    // What Chromium is told: the name mapped to the server's port, and both certificates pinned.
    const args = chromiumArgs({ spkiSha256: servers.spkiSha256, link: {}, reachableHosts: ['127.0.0.1'], mappedHosts: secondOriginRoutes(servers.origins, '127.0.0.1') });
    assert.ok(args.includes(`--ignore-certificate-errors-spki-list=${servers.spkiSha256},${fonts!.spkiSha256}`), args.join(' '));
    assert.ok(args.includes(`--host-resolver-rules=MAP fonts.pushbench.test 127.0.0.1:${fonts!.port}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1`), args.join(' '));
  } finally {
    await servers.stop();
  }
});

test('a site without _origins has no second origins', async () => {
  const servers = await startServerProcess({
    arms: [{ server: 'pushbench', variant: 'h2', thinkMs: 0 }],
    siteDir: BLOG, host: '127.0.0.1', topology: 'direct', delivery: DELIVERY, wireLogDir: path.join(tempRoot, 'logs-blog'), commandPrefix: [],
  });
  try {
    assert.deepEqual(servers.origins, []);
  } finally {
    await servers.stop();
  }
});
