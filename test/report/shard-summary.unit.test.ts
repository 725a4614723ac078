// The per-shard table `pushbench merge` prints: built from the rows (what ran), not the config.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shardSummaryMarkdown, summarizeShard, type ShardRow } from '../../harness/report/shard-summary.ts';

const row = (browser: string, browser_version: string, shaper: string, error = ''): ShardRow => ({ browser, browser_version, shaper, error });

test('a shard: loads, browsers with full versions, the shapers the rows used, errors', () => {
  const summary = summarizeShard({
    dir: 'shards/results-shard-1',
    rows: [
      row('chromium-103', 'HeadlessChrome 103.0.5058.0', 'proxy'),
      row('chromium', 'HeadlessChrome 131.0.6778.85', 'proxy', 'timeout'),
      row('chromium-103', 'HeadlessChrome 103.0.5058.0', 'proxy'),
    ],
    configuredShaper: 'auto',
  });
  assert.deepEqual(summary, {
    dir: 'shards/results-shard-1',
    loads: 3,
    browsers: ['chromium HeadlessChrome 131.0.6778.85', 'chromium-103 HeadlessChrome 103.0.5058.0'],
    shapers: ['proxy'],
    configuredShaper: 'auto',
    errors: 1,
  });
});

test('the table: one line per shard in the given order; config shown where it is not what ran', () => {
  const md = shardSummaryMarkdown([
    { dir: 'shard-1', rows: [row('chromium', '131.0.6778.85', 'tun'), row('chromium', '131.0.6778.85', 'tun')], configuredShaper: 'auto' },
    { dir: 'shard-2', rows: [row('chromium-103', '103.0.5058.0', 'tun', 'crash')], configuredShaper: 'tun' },
    { dir: 'shard-3', rows: [row('firefox', '128.0esr', 'none'), row('firefox', '128.0esr', 'tun')] },
  ]);
  const lines = md.trim().split('\n');
  assert.equal(lines[0], '### What each shard ran');
  assert.deepEqual(lines.slice(2), [
    '| shard | loads | browsers (full versions) | shaper | errors |',
    '|---|---:|---|---|---:|',
    '| shard-1 | 2 | chromium 131.0.6778.85 | tun (config: auto) | 0 |',
    '| shard-2 | 1 | chromium-103 103.0.5058.0 | tun | 1 |',
    '| shard-3 | 2 | firefox 128.0esr | none, tun | 0 |',
  ]);
});

test('a shard that ran nothing is flagged, not just listed with a zero', () => {
  const md = shardSummaryMarkdown([
    { dir: 'shard-1', rows: [row('chromium', '131.0.6778.85', 'proxy')], configuredShaper: 'auto' },
    { dir: 'shard-2', rows: [], configuredShaper: 'auto' },
  ]);
  assert.match(md, /^\| shard-2 \| 0 \| — \| — \| 0 \|$/m);
  assert.match(md, /\*\*shard-2 ran no loads\*\*: use at most as many shards as Playwright projects \(browsers × profiles\)/);
  assert.doesNotMatch(md, /shard-1 ran no loads/);
});

test('a | in a folder name stays inside its cell', () => {
  const md = shardSummaryMarkdown([{ dir: 'odd|name', rows: [row('chromium', '1.0', 'proxy', 'http 500 | retry')] }]);
  assert.match(md, /^\| odd\\\|name \| 1 \| chromium 1\.0 \| proxy \| 1 \|$/m);
});
