// A running local server as the origin: a stand-in for a user's dev server (the fixture blog over
// plain HTTP on loopback, 60 ms per page, one page without .html as a router serves it) measured
// through pushbench's edge on a shaped link (tun: the edge reaches it from its namespace through the
// harness's relay), with early-hints and h2-push on Chromium 103.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';

const BLOG = path.join(PROJECT_ROOT, 'sites/blog');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.woff2': 'font/woff2', '.jpg': 'image/jpeg' };
const THINK_MS = 60;

function standInDevServer(): { server: http.Server; pageRequests: string[] } {
  const pageRequests: string[] = [];
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(req.url!.split('?')[0]!);
    if (p.endsWith('/')) p += 'index.html';
    if (!path.extname(p) && fs.existsSync(path.join(BLOG, `${p}.html`))) p += '.html';
    const file = path.join(BLOG, p);
    if (!file.startsWith(BLOG + path.sep) || !fs.existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not here');
      return;
    }
    const send = () => {
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(fs.readFileSync(file));
    };
    if (file.endsWith('.html')) {
      pageRequests.push(req.url!);
      setTimeout(send, THINK_MS);
    } else send();
  });
  return { server, pageRequests };
}

test('PUSHBENCH_ORIGIN: a running server measured behind the edge with early-hints and h2-push (Chromium 103, tun)', { timeout: 300_000 }, async (t) => {
  const { server, pageRequests } = standInDevServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-origin-'));
  t.after(() => fs.rmSync(work, { recursive: true, force: true }));

  // The test process serves the origin, so the run must not block its event loop: spawn, not spawnSync.
  const child = spawn('npx', ['pushbench', 'run'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env, PUSHBENCH_ORIGIN: origin, PUSHBENCH_PAGES: '/,/posts/early-hints', PUSHBENCH_OUT: path.join(work, 'out'),
      PUSHBENCH_VARIANTS: 'early-hints,h2-push', PUSHBENCH_PROFILES: 'custom:rtt=100,down=20000,up=20000', PUSHBENCH_SHAPER: 'tun',
      PUSHBENCH_CACHE: 'cold', PUSHBENCH_REPEAT: '1', PUSHBENCH_BROWSERS: 'chromium-103',
    },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d; });
  child.stderr.on('data', (d: Buffer) => { output += d; });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(status, 0, output);
  assert.match(output, /origin http:\/\/127\.0\.0\.1:\d+: 8 file\(s\) of 2 page\(s\) copied .* into .*origin-copy/);

  const runDir = path.join(work, 'out', fs.readdirSync(path.join(work, 'out'))[0]!);
  const rows = parse(fs.readFileSync(path.join(runDir, 'runs.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, 4);
  for (const row of rows) {
    const label = `${row.variant} ${row.page}`;
    assert.equal(row.error, '', `${label}: ${row.error}`);
    assert.equal(row.site, origin);
    assert.equal(row.topology, 'edge');
    const originMs = Number(row.origin_ms);
    assert.ok(originMs >= THINK_MS && originMs < THINK_MS + 500, `${label}: origin_ms ${row.origin_ms} is the server's own time (${THINK_MS} ms per page)`);
    assert.ok(Number(row.ttfb_ms) > originMs, `${label}: TTFB ${row.ttfb_ms} includes the origin's ${row.origin_ms} ms`);
    if (row.variant === 'early-hints') {
      assert.equal(row.hints_support, 'honoured', label);
      assert.ok(Number(row.hint_preloads_started) >= 3, `${label}: CSS, fonts and hero hinted from the copy's manifest (${row.hint_preloads_started})`);
    } else {
      assert.equal(row.push_support, 'accepted', label);
      assert.ok(Number(row.push_used) >= 3, `${label}: pushes used (${row.push_used})`);
    }
  }
  // Each page was asked from the server for every load (plus once each while copying): the edge does not cache pages.
  assert.equal(pageRequests.filter((u) => u === '/posts/early-hints').length, 3, pageRequests.join(' '));
  const runJson = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8')) as { originCopy: { aliases: Record<string, string> }; benchmark: { siteDir: string } };
  assert.deepEqual(runJson.originCopy.aliases, { '/posts/early-hints': '/posts/early-hints.html' });
  assert.equal(runJson.benchmark.siteDir, path.join(runDir, 'origin-copy'), 'the copy the run served is kept with its results');
  assert.ok(fs.existsSync(path.join(runDir, 'origin-copy', 'posts', 'early-hints.html')));
});
