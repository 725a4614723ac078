// The tests mirror the source: test/<folder>/ for harness/<folder>/, servers/ and sites/, plus
// architecture/ and ci/ for the checks of the project itself. Nothing lies loose in test/, and
// every test folder names a real source folder, so a newcomer finds a module's tests at once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';

const TEST_DIR = path.join(PROJECT_ROOT, 'test');

test('no test file lies loose in test/', () => {
  const loose = fs.readdirSync(TEST_DIR).filter((f) => f.endsWith('.ts'));
  assert.deepEqual(loose, []);
});

test('every test folder mirrors a source folder', () => {
  const own = new Set(['architecture', 'ci']);
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => [path.join(dir, d.name), ...walk(path.join(dir, d.name))]);
  for (const dir of walk(TEST_DIR)) {
    const rel = path.relative(TEST_DIR, dir);
    const top = rel.split(path.sep)[0]!;
    if (own.has(top)) continue;
    const source = ['servers', 'sites'].includes(top) ? rel : path.join('harness', rel);
    assert.ok(fs.existsSync(path.join(PROJECT_ROOT, source)), `test/${rel} mirrors no source folder (${source})`);
  }
});
