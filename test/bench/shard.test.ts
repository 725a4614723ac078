// Distributed runs: two `npx playwright test --shard=i/2` runs with one run id, joined by
// `pushbench merge` into one runs.csv / summary.csv. One browser, two profiles: shards split
// browser × profile projects, so a single browser still spreads over two machines.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';

const BIN = path.join(PROJECT_ROOT, 'harness/bin/pushbench.js');

test('two shards of one browser × two profiles merge into one run; a load in two shards is refused', { timeout: 300_000 }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-shard-'));
  const runId = 'sharded-run';
  const shardDirs = [1, 2].map((i) => {
    const out = path.join(tmp, `machine${i}`);
    const res = spawnSync('npx', ['playwright', 'test', `--shard=${i}/2`], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env, PUSHBENCH_OUT: out, PUSHBENCH_RUN_ID: runId, PUSHBENCH_PROFILES: 'none,desktop',
        PUSHBENCH_BROWSERS: 'chromium-103', PUSHBENCH_VARIANTS: 'h2,h2-push', PUSHBENCH_CACHE: 'cold', PUSHBENCH_REPEAT: '1',
      },
    });
    assert.equal(res.status, 0, res.stdout + res.stderr);
    return path.join(out, runId);
  });
  const shardRows = shardDirs.map((d) => parse(fs.readFileSync(path.join(d, 'runs.csv')), { columns: true }) as Record<string, string>[]);
  assert.ok(shardRows.every((rows) => rows.length > 0), 'each shard ran some loads');
  assert.ok(shardRows.every((rows) => new Set(rows.map((r) => r.profile)).size === 1), 'each shard ran one profile');
  assert.equal(shardRows[0]!.length + shardRows[1]!.length, 4);

  const merged = path.join(tmp, 'merged');
  const res = spawnSync(process.execPath, [BIN, 'merge', ...shardDirs, '--out', merged], { encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  const rows = parse(fs.readFileSync(path.join(merged, 'runs.csv')), { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, 4);
  assert.deepEqual(new Set(rows.map((r) => r.profile)), new Set(['none', 'desktop']));
  assert.ok(rows.every((r) => r.run_id === runId && fs.existsSync(path.join(merged, r.trace_dir, 'meta.json'))));
  assert.ok(fs.readFileSync(path.join(merged, 'summary.csv'), 'utf8').includes('chromium-103'));

  const twice = spawnSync(process.execPath, [BIN, 'merge', shardDirs[0]!, shardDirs[0]!, '--out', path.join(tmp, 'bad')], { encoding: 'utf8' });
  assert.equal(twice.status, 2);
  assert.match(twice.stderr, /is in more than one shard/);
  fs.rmSync(tmp, { recursive: true, force: true });
});
