// No silent harness failure: when the servers cannot start, every planned load of the group is a
// row whose error gives the real reason, the run exits non-zero, and --resume measures them again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';

function run(env: Record<string, string>): { status: number | null; output: string } {
  const r = spawnSync('npx', ['pushbench', 'run'], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

test('servers that cannot start: a row per load with the reason, exit 1; --resume measures them again', { timeout: 600_000 }, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-harness-failures-'));
  const env = {
    PUSHBENCH_OUT: path.join(work, 'out'), PUSHBENCH_RUN_ID: 'failing', PUSHBENCH_VARIANTS: 'h2,h1,preload',
    PUSHBENCH_PROFILES: 'none', PUSHBENCH_CACHE: 'cold', PUSHBENCH_REPEAT: '1', PUSHBENCH_BROWSERS: 'chromium-103',
  };
  const started = Date.now();
  // The server child fails at start (serve-child.ts's test fault): a line on stderr, exit code 3.
  const failing = run({ ...env, PUSHBENCH_TEST_FAULT: 'server-child-exit' });
  assert.equal(failing.status, 1, failing.output);
  const runsCsv = path.join(work, 'out', 'failing', 'runs.csv');
  const rows = parse(fs.readFileSync(runsCsv, 'utf8'), { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, 3, 'every planned load has a row');
  for (const r of rows) {
    assert.match(r.error, /^harness: /, r.error);
    assert.match(r.error, /server child exited \(exit code 3\) before it was ready: injected fault .*the servers cannot start/, 'the reason is the child\'s own');
    assert.equal(r.browser, 'chromium-103');
    assert.ok(['h2', 'h1', 'preload'].includes(r.variant));
  }
  assert.match(rows[2]!.error, /not started again after 2 failed starts/, 'after two failed starts the group fails at once');
  assert.match(failing.output, /3 loads in .*, 3 failed/);
  assert.match(failing.output, /3 of the failed loads could not be measured .*PUSHBENCH_RESUME=1/);
  assert.ok(Date.now() - started < 120_000, 'no long waits for a server that cannot start');

  // The fault gone: resume measures exactly those loads again and replaces their rows.
  const resumed = run({ ...env, PUSHBENCH_RESUME: '1' });
  assert.equal(resumed.status, 0, resumed.output);
  const after = parse(fs.readFileSync(runsCsv, 'utf8'), { columns: true }) as Record<string, string>[];
  assert.equal(after.length, 3, 'the failed rows were replaced, not added to');
  assert.deepEqual(after.map((r) => r.error), ['', '', '']);
  fs.rmSync(work, { recursive: true, force: true });
});

test('a site file too large to serve is a UsageError naming it, before any browser starts', { timeout: 120_000 }, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-big-site-'));
  const site = path.join(work, 'site');
  fs.cpSync(path.join(PROJECT_ROOT, 'sites/blog'), site, { recursive: true });
  const big = path.join(site, 'video.bin');
  fs.closeSync(fs.openSync(big, 'w'));
  fs.truncateSync(big, 3 * 1024 ** 3); // sparse: no disk used
  const r = run({ PUSHBENCH_SITE: site, PUSHBENCH_OUT: path.join(work, 'out'), PUSHBENCH_PROFILES: 'none', PUSHBENCH_REPEAT: '1', PUSHBENCH_BROWSERS: 'chromium-103' });
  assert.equal(r.status, 2, r.output);
  assert.match(r.output, /site: .*video\.bin is 3\.2 GB; .*leave it out of the site folder/);
  fs.rmSync(work, { recursive: true, force: true });
});

test('a link or a browser that cannot start: a row per load with the reason, exit 1 (faults shaper-start, browser-launch)', { timeout: 300_000 }, () => {
  const cases = [
    { fault: 'shaper-start', profile: 'desktop', reason: /^harness: the tun link did not come up: injected fault/ },
    // /bin/false as the browser: Playwright's launch fails as a crashing browser's does, with its exit code.
    { fault: 'browser-launch', profile: 'none', reason: /^harness: the browser did not start \(exit code 1\): it wrote nothing on stderr/ },
  ];
  for (const { fault, profile, reason } of cases) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), `pushbench-${fault}-`));
    const r = run({
      PUSHBENCH_TEST_FAULT: fault, PUSHBENCH_OUT: path.join(work, 'out'), PUSHBENCH_RUN_ID: 'x', PUSHBENCH_VARIANTS: 'h2,h1',
      PUSHBENCH_PROFILES: profile, PUSHBENCH_CACHE: 'cold', PUSHBENCH_REPEAT: '1', PUSHBENCH_BROWSERS: 'chromium-103',
    });
    assert.equal(r.status, 1, `${fault}: ${r.output}`);
    const rows = parse(fs.readFileSync(path.join(work, 'out', 'x', 'runs.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 2, `${fault}: every planned load has a row`);
    for (const row of rows) assert.match(row.error, reason, `${fault}: ${row.error}`);
    assert.match(r.output, /2 loads in .*, 2 failed/, fault);
    assert.match(r.output, /2 of the failed loads could not be measured .*PUSHBENCH_RESUME=1/, fault);
    fs.rmSync(work, { recursive: true, force: true });
  }
});
