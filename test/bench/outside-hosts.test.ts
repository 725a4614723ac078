// A measured page never leaves the machine: a page naming outside hosts loads, its requests to them
// are refused a name lookup at once, and the row counts them (Chromium from CDP; Firefox, from its HAR,
// in test/gather/engines/firefox.test.ts). That no Firefox lookup leaves the machine was checked once
// with strace (results/README.md, blocked_requests): without its prefs it sends DNS queries to the
// system resolver, with them none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { createTlsMaterial } from '../../servers/tls.ts';
import { parse } from 'csv-parse/sync';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';

test('requests to outside hosts are blocked and counted in blocked_requests (Chromium 103 and 156; Firefox: test/gather/engines/firefox.test.ts)', { timeout: 300_000 }, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-outside-'));
  const site = path.join(work, 'site');
  fs.cpSync(path.join(PROJECT_ROOT, 'sites/blog'), site, { recursive: true });
  const index = path.join(site, 'index.html');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('</body>',
    '<img src="https://images.outside.example/a.png" alt=""><script async src="https://cdn.outside.test/b.js"></script></body>'));
  const r = spawnSync('npx', ['pushbench', 'run'], {
    cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 240_000,
    env: { ...process.env, PUSHBENCH_SITE: site, PUSHBENCH_OUT: path.join(work, 'out'), PUSHBENCH_VARIANTS: 'h2', PUSHBENCH_PROFILES: 'none', PUSHBENCH_CACHE: 'cold', PUSHBENCH_REPEAT: '1', PUSHBENCH_BROWSERS: 'chromium-103,chromium' },
  });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  const runDir = path.join(work, 'out', fs.readdirSync(path.join(work, 'out'))[0]!);
  const rows = parse(fs.readFileSync(path.join(runDir, 'runs.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, 2);
  for (const row of rows) {
    assert.equal(row.error, '', row.error);
    assert.equal(row.blocked_requests, '2', `${row.browser}: both outside requests blocked and counted`);
    assert.ok(Number(row.load_ms) < 5_000, `${row.browser}: the load did not wait on the outside hosts (${row.load_ms} ms)`);
  }
  const runJson = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8')) as { chromiumFlags: string[] };
  assert.ok(runJson.chromiumFlags.some((f) => f.startsWith('--host-resolver-rules=MAP * ~NOTFOUND')), 'recorded in run.json');
  fs.rmSync(work, { recursive: true, force: true });
});

test('config hosts: a mapped name reaches its local server through the link (tun, proxy), pinned; other names stay blocked', { timeout: 300_000 }, async (t) => {
  const tlsMaterial = await createTlsMaterial(['127.0.0.1']);
  const seen: string[] = [];
  const assets = https.createServer({ key: tlsMaterial.keyPem, cert: tlsMaterial.certPem }, (req, res) => {
    seen.push(`${req.headers.host} ${req.url}`);
    res.writeHead(200, { 'content-type': 'image/svg+xml' });
    res.end('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
  });
  await new Promise<void>((resolve) => assets.listen(0, '127.0.0.1', resolve));
  t.after(() => assets.close());
  const port = (assets.address() as AddressInfo).port;

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-hosts-'));
  t.after(() => fs.rmSync(work, { recursive: true, force: true }));
  const site = path.join(work, 'site');
  fs.cpSync(path.join(PROJECT_ROOT, 'sites/blog'), site, { recursive: true });
  const index = path.join(site, 'index.html');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('</body>',
    '<img src="https://assets.example.test/logo.svg" alt=""><img src="https://images.outside.example/a.png" alt=""></body>'));
  for (const shaper of ['tun', 'proxy']) {
    const out = path.join(work, shaper);
    // The test process serves the mapped host, so the run must not block its event loop: spawn, not spawnSync.
    const child = spawn('npx', ['pushbench', 'run'], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env, PUSHBENCH_SITE: site, PUSHBENCH_OUT: out, PUSHBENCH_HOSTS: `assets.example.test=127.0.0.1:${port}`, PUSHBENCH_SHAPER: shaper,
        PUSHBENCH_VARIANTS: 'h2', PUSHBENCH_PROFILES: 'desktop', PUSHBENCH_CACHE: 'cold', PUSHBENCH_REPEAT: '1', PUSHBENCH_BROWSERS: 'chromium',
      },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d; });
    child.stderr.on('data', (d: Buffer) => { output += d; });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(status, 0, `${shaper}: ${output}`);
    const runDir = path.join(out, fs.readdirSync(out)[0]!);
    const [row] = parse(fs.readFileSync(path.join(runDir, 'runs.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    assert.equal(row!.error, '', row!.error);
    assert.equal(row!.blocked_requests, '1', `${shaper}: the unmapped outside host is blocked and counted, the mapped one is not`);
    assert.ok(seen.includes('assets.example.test /logo.svg'), `${shaper}: the mapped server got the request, by its name (${seen.join('; ')})`);
    seen.length = 0;
  }
});
