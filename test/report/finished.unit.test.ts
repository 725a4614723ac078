// Resume's view of a runs.csv: finished loads, and the rows of loads the harness could not measure
// (a journey's steps together: its later steps say "not reached" when its first failed to start).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dropHarnessFailures, finishedLoadIds } from '../../harness/report/finished.ts';
import { appendRunRows } from '../../harness/report/csv.ts';
import { RUN_COLUMNS, type RunRow } from '../../harness/shared/row-schema.ts';

const row = (trace: string, error = ''): RunRow => ({ ...Object.fromEntries(RUN_COLUMNS.map((c) => [c, ''])), trace_dir: `traces/${trace}`, error } as RunRow);

test('a journey whose first step could not be measured is measured again whole; a finished one is finished', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-finished-')), 'runs.csv');
  appendRunRows(file, [row('a__s1'), row('a__s2')]);
  appendRunRows(file, [row('b__s1', 'harness: the browser did not start'), row('b__s2', 'not reached: step 1 failed')]);
  appendRunRows(file, [row('c', 'timeout: page.goto')]);
  assert.deepEqual([...finishedLoadIds(file)].sort(), ['a__s1', 'a__s2', 'c']);
  assert.equal(dropHarnessFailures(file), 2, 'both of b\'s rows go');
  const left = fs.readFileSync(file, 'utf8');
  assert.match(left, /traces\/a__s2/);
  assert.doesNotMatch(left, /traces\/b__s/);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});
