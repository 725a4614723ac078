// `npx pushbench run` (the runner, no Playwright) and `npx playwright test` (the runner's phases as
// Playwright tests) measure the same loads the same way: the same rows, apart from the timings and
// the run id; and `pushbench recompute` of the runner's run rebuilds a byte-identical runs.csv.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';

const BIN = path.join(PROJECT_ROOT, 'harness/bin/pushbench.js');
const MATRIX = {
  PUSHBENCH_PROFILES: 'none', PUSHBENCH_BROWSERS: 'chromium-103', PUSHBENCH_VARIANTS: 'h2,h2-push,early-hints',
  PUSHBENCH_CACHE: 'cold,warm', PUSHBENCH_REPEAT: '1',
};
/** What the config and the browser decide; timings and ids differ from run to run. */
const SAME = ['browser', 'browser_version', 'variant', 'topology', 'think_ms', 'send_queue', 'priorities', 'push_set', 'site', 'page', 'profile', 'rtt_ms', 'shaper', 'cache', 'isolation', 'repetition', 'order', 'protocol', 'push_support', 'push_promised', 'error', 'tool_version', 'pushbench_version'];

function runsOf(command: string[], out: string): { rows: Record<string, string>[]; dir: string; stdout: string } {
  const r = spawnSync(command[0]!, command.slice(1), { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, ...MATRIX, PUSHBENCH_OUT: out } });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const [runId] = fs.readdirSync(out);
  const dir = path.join(out, runId!);
  const rows = parse(fs.readFileSync(path.join(dir, 'runs.csv')), { columns: true }) as Record<string, string>[];
  return { rows, dir, stdout: r.stdout };
}

const key = (r: Record<string, string>) => `${r.variant} ${r.cache} ${r.repetition}`;
// Whether a warm load's 103 started a fetch depends on timing (the resource may come from the cache
// first), so hints_support is compared on cold loads only.
const pick = (r: Record<string, string>) => ({
  ...Object.fromEntries(SAME.map((c) => [c, r[c]])),
  ...(r.cache === 'cold' ? { hints_support: r.hints_support } : {}),
});

test('pushbench run and npx playwright test give the same rows; recompute is byte-identical', { timeout: 300_000 }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-runner-'));
  try {
    const viaRunner = runsOf([process.execPath, BIN, 'run'], path.join(tmp, 'runner'));
    const viaPlaywright = runsOf(['npx', 'playwright', 'test'], path.join(tmp, 'playwright'));
    assert.equal(viaRunner.rows.length, 6);
    assert.equal(viaPlaywright.rows.length, 6);
    assert.match(viaRunner.stdout, /pushbench: 6 loads in .*, 0 failed/);
    const a = new Map(viaRunner.rows.map((r) => [key(r), pick(r)]));
    const b = new Map(viaPlaywright.rows.map((r) => [key(r), pick(r)]));
    assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
    for (const [k, row] of a) assert.deepEqual(row, b.get(k), k);
    // The same load order: the plan's, in both.
    assert.deepEqual(viaRunner.rows.map(key), viaPlaywright.rows.map(key));

    const before = fs.readFileSync(path.join(viaRunner.dir, 'runs.csv'));
    const rc = spawnSync(process.execPath, [BIN, 'recompute', viaRunner.dir], { encoding: 'utf8' });
    assert.equal(rc.status, 0, rc.stderr);
    assert.ok(before.equals(fs.readFileSync(path.join(viaRunner.dir, 'runs.csv'))), 'recomputed runs.csv differs');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('pushbench run refuses an unknown --project, naming the valid ones', () => {
  const r = spawnSync(process.execPath, [BIN, 'run', '--project', 'chromium/mars'], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, ...MATRIX } });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--project: "chromium\/mars" is not a browser\/profile of this benchmark; valid: chromium-103\/none/);
});
