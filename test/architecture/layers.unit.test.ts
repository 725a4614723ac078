// The layering ARCHITECTURE.md promises, checked: dependency-cruiser with .dependency-cruiser.cjs
// finds no upward import and no import cycle; the rules do catch a planted upward import; and
// ARCHITECTURE.md lists the layers in the order the rules enforce.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';

const require = createRequire(import.meta.url);
const CONFIG = path.join(PROJECT_ROOT, '.dependency-cruiser.cjs');
const { LAYERS } = require(CONFIG) as { LAYERS: { name: string; paths: string[] }[] };
const DEPCRUISE = path.join(PROJECT_ROOT, 'node_modules/.bin/depcruise');

function cruise(cwd: string, targets: string[]): { status: number | null; output: string } {
  const r = spawnSync(DEPCRUISE, [...targets, '--config', CONFIG, '--output-type', 'err'], { cwd, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

test('no module imports a layer above its own, and no import cycle', () => {
  const targets = ['harness', 'servers', 'sites', 'pushbench.config.ts', 'playwright.config.ts'];
  const r = cruise(PROJECT_ROOT, targets);
  assert.equal(r.status, 0, r.output);
  assert.match(r.output, /no dependency violations found/);
});

test('the rules catch an upward import (a planted shared -> cli import fails)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-layers-'));
  try {
    fs.mkdirSync(path.join(dir, 'harness/shared'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'harness/cli'), { recursive: true });
    fs.copyFileSync(path.join(PROJECT_ROOT, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
    fs.writeFileSync(path.join(dir, 'harness/cli/main.ts'), 'export const x = 1;\n');
    fs.writeFileSync(path.join(dir, 'harness/shared/leaf.ts'), "import { x } from '../cli/main.ts';\nexport const y = x;\n");
    const r = cruise(dir, ['harness']);
    assert.notEqual(r.status, 0, r.output);
    assert.match(r.output, /shared-imports-upward/);
    assert.match(r.output, /harness\/shared\/leaf\.ts/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('ARCHITECTURE.md lists the layers in the order the rules enforce', () => {
  const md = fs.readFileSync(path.join(PROJECT_ROOT, 'ARCHITECTURE.md'), 'utf8');
  const section = md.slice(md.indexOf('## Layers'));
  assert.ok(md.includes('## Layers'), 'ARCHITECTURE.md has a "## Layers" section');
  // Table rows: "| 1 | shared | harness/shared/ | ... |"
  const named = [...section.matchAll(/^\|\s*\d+\s*\|\s*([a-z]+)\s*\|/gm)].map((m) => m[1]);
  assert.deepEqual(named, LAYERS.map((l) => l.name));
});

test('the layer paths cover every source folder (nothing escapes the rules)', () => {
  const files = execFileSync('git', ['ls-files', 'harness', 'servers', 'sites', '*.ts'], { cwd: PROJECT_ROOT, encoding: 'utf8' })
    .split('\n').filter((f) => f.endsWith('.ts') && !f.startsWith('sites/blog/') && !f.startsWith('test/'));
  const patterns = LAYERS.flatMap((l) => l.paths.map((p) => new RegExp(`^${p}`)));
  const uncovered = files.filter((f) => !patterns.some((re) => re.test(f)));
  assert.deepEqual(uncovered, []);
});
