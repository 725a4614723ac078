// The end-of-run breakdown: medians of each gather phase over the cold, successful loads of each
// browser and isolation, from the trace folders' meta.json.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { phaseBreakdown, phaseLine } from '../../harness/compute/phases.ts';
import type { RunRow } from '../../harness/shared/row-schema.ts';

function load(dir: string, id: string, row: Partial<RunRow>, phases?: Record<string, number>): RunRow {
  fs.mkdirSync(path.join(dir, 'traces', id), { recursive: true });
  fs.writeFileSync(path.join(dir, 'traces', id, 'meta.json'), JSON.stringify(phases ? { phases } : {}));
  return { browser: 'chromium', isolation: 'context', cache: 'cold', error: '', trace_dir: `traces/${id}`, ...row } as RunRow;
}

test('medians per phase and group; warm, failed and phase-less loads do not count', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-phases-'));
  try {
    const p = (launchMs: number, quietMs: number) => ({ launchMs, quietMs, navigateMs: 300, collectMs: 40, closeMs: 20, writeMs: 10 });
    const rows = [
      load(dir, 'a', {}, p(100, 700)),
      load(dir, 'b', {}, p(120, 600)),
      load(dir, 'c', {}, p(140, 800)),
      load(dir, 'w', { cache: 'warm' }, p(5000, 5000)),
      load(dir, 'f', { error: 'timeout: x' }, p(5000, 5000)),
      load(dir, 'o', {}), // an older trace: no phases
      load(dir, 'd', { browser: 'chromium-103' }, p(50, 0)),
    ];
    const out = phaseBreakdown(dir, rows);
    assert.equal(out.length, 2);
    const [c156, c103] = out;
    assert.equal(c156!.group, 'chromium, context isolation');
    assert.equal(c156!.loads, 3);
    assert.deepEqual(c156!.medians, [120, 700, 300, 40, 20, 10]);
    assert.equal(c103!.loads, 1);
    assert.match(phaseLine(c156!), /chromium, context isolation, medians of 3, ms\): launch\/context 120, quiet wait 700, navigation 300, settle\+collect 40, close 20, writing 10$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
