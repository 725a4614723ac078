// A measured page never leaves the machine: a page naming outside hosts loads, its requests to them
// are refused a name lookup at once, and the row counts them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';

test('requests to outside hosts are blocked and counted in blocked_requests (Chromium 103 and 156)', { timeout: 300_000 }, () => {
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
