// .github/workflows/bench.yml: valid against the GitHub Actions workflow schema (action-validator),
// and sharded as the default config allows. Playwright shards whole files per project and pushbench
// makes one project per browser × profile, so more shards than that measure nothing.
//
// No YAML parser is a dependency, so the two shard settings are read with patterns that must match
// the file's one-line forms (`SHARDS: 4`, `shard: [1, 2, 3, 4]`); a reformatted file fails here
// with a message saying so rather than passing unchecked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import defaultConfig from '../../pushbench.config.ts';
import { resolveBenchmark } from '../../harness/config/benchmark.ts';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';

const WORKFLOW = join(PROJECT_ROOT, '.github/workflows/bench.yml');
const VALIDATOR = createRequire(import.meta.url).resolve('@action-validator/cli/cli.mjs');
const text = readFileSync(WORKFLOW, 'utf8');

function validate(file: string): { status: number | null; output: string } {
  const res = spawnSync(process.execPath, [VALIDATOR, file], { encoding: 'utf8' });
  return { status: res.status, output: res.stdout + res.stderr };
}

test('bench.yml passes action-validator, and a broken copy does not', () => {
  const ok = validate(WORKFLOW);
  assert.equal(ok.status, 0, ok.output);

  // A misspelt key in the bench job: the schema allows no unknown job keys and requires runs-on.
  const broken = text.replace(/^ {4}runs-on: /m, '    runs-onn: ');
  assert.notEqual(broken, text, 'the bench job has a `runs-on:` line to break');
  const dir = mkdtempSync(join(tmpdir(), 'pb-workflow-'));
  try {
    const file = join(dir, 'bench.yml');
    writeFileSync(file, broken);
    const bad = validate(file);
    assert.equal(bad.status, 1, bad.output);
    assert.match(bad.output, /runs-onn/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the workflow runs one shard per browser × profile of the default config, and matrix.shard agrees with SHARDS', () => {
  const bench = resolveBenchmark(defaultConfig, PROJECT_ROOT);
  const projects = bench.browsers.length * bench.profiles.length;

  const shards = /^\s+SHARDS:\s*(\d+)\s*(?:#.*)?$/m.exec(text);
  assert.ok(shards, 'bench.yml sets `SHARDS: <n>` on one line in env');
  const list = /^\s+shard:\s*\[([\d,\s]*)\]/m.exec(text);
  assert.ok(list, 'bench.yml lists `shard: [1, 2, …]` on one line in the matrix');
  const matrix = list[1]!.split(',').map((s) => Number(s.trim()));

  assert.equal(matrix.length, projects, `${bench.browsers.length} browsers × ${bench.profiles.length} profiles = ${projects} shards`);
  assert.deepEqual(matrix, Array.from({ length: projects }, (_, i) => i + 1), 'matrix.shard is 1..n');
  assert.equal(Number(shards[1]), matrix.length, 'SHARDS equals the number of matrix.shard entries');
  assert.ok(text.includes('--shard=${{ matrix.shard }}/${{ env.SHARDS }}'), 'the benchmark shards with matrix.shard / env.SHARDS');
});

test('the workflow names the shaper and the chromium binary instead of leaving them to the machine', () => {
  // `auto` would silently become proxy on a runner without root; the summary would then disagree with the intent.
  const shaper = /^\s+PUSHBENCH_SHAPER:\s*(\S+)/m.exec(text)?.[1];
  assert.ok(shaper && shaper !== 'auto', `PUSHBENCH_SHAPER is a concrete shaper, got ${shaper}`);
  if (shaper === 'tun' || shaper === 'netem') assert.match(text, /run: >-\n\s+sudo --preserve-env /, `${shaper} needs root: the benchmark runs under sudo`);
  assert.match(text, /^\s+PUSHBENCH_CHROMIUM_PATH: \/\S+/m);
  assert.doesNotMatch(text, /apt-get install[^\n]*\bchromium\b/, 'apt `chromium` on ubuntu-24.04 is a snap transitional package');
});
