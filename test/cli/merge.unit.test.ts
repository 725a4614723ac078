// `pushbench merge` prints, and appends to $GITHUB_STEP_SUMMARY, what each shard really ran. The
// shard folders are synthetic: failed loads, whose rows come from meta.json alone (no browser).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';

const BIN = join(PROJECT_ROOT, 'harness/bin/pushbench.js');
const tmp = mkdtempSync(join(tmpdir(), 'pb-merge-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function failedLoad(shardDir: string, loadId: string, browser: string, browserVersion: string, shaper: string): void {
  const dir = join(shardDir, 'traces', loadId);
  mkdirSync(dir, { recursive: true });
  const profile = { name: 'desktop', rttMs: 40, downKbps: 10000, upKbps: 5000, lossPct: 0, queueBytes: 65536 };
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({
    schema: 1, loadId, runId: 'ci-run', commit: 'abc', pushbenchVersion: '0.1.0', toolVersion: 'playwright-core 1.65.1',
    browser, browserVersion, engine: 'chromium', variant: 'h2', topology: 'direct', thinkMs: 0, site: 'blog', page: '/',
    url: 'https://10.77.0.2/', profile, shaper: { shaper, congestionControl: 'cubic', queueBytes: 65536 }, cache: 'cold',
    repetition: 1, order: 1, startedAt: '2026-11-30T10:00:00Z', critical: [], error: 'timeout',
    isolation: 'context', wallMs: 1000, files: ['meta.json'],
  }));
}

test('merge prints a line per shard with its loads, browsers, shapers and errors, and appends it to the step summary', () => {
  const shard1 = join(tmp, 'results-shard-1');
  const shard2 = join(tmp, 'results-shard-2');
  const shard3 = join(tmp, 'results-shard-3');
  failedLoad(shard1, 'a1', 'chromium', '131.0.6778.85', 'proxy');
  failedLoad(shard1, 'a2', 'chromium', '131.0.6778.85', 'proxy');
  failedLoad(shard2, 'b1', 'chromium-103', '103.0.5058.0', 'tun');
  mkdirSync(join(shard3, 'traces'), { recursive: true });
  for (const dir of [shard1, shard2, shard3]) writeFileSync(join(dir, 'run.json'), JSON.stringify({ benchmark: { shaper: 'auto' } }));
  const summary = join(tmp, 'step-summary.md');
  writeFileSync(summary, '# earlier step\n');

  const res = spawnSync(process.execPath, [BIN, 'merge', shard1, shard2, shard3, '--out', join(tmp, 'merged')], {
    encoding: 'utf8', env: { ...process.env, GITHUB_STEP_SUMMARY: summary },
  });
  assert.equal(res.status, 0, res.stdout + res.stderr);
  const expected = [
    `| ${shard1} | 2 | chromium 131.0.6778.85 | proxy (config: auto) | 2 |`,
    `| ${shard2} | 1 | chromium-103 103.0.5058.0 | tun (config: auto) | 1 |`,
    `| ${shard3} | 0 | — | — | 0 |`,
  ];
  const step = readFileSync(summary, 'utf8');
  assert.ok(step.startsWith('# earlier step\n'), step);
  for (const text of [res.stdout, step]) {
    for (const line of expected) assert.ok(text.includes(line), `${line}\nin\n${text}`);
    assert.match(text, /ran no loads/);
  }
  assert.match(res.stdout, /merged 3 shard\(s\), 3 loads/);
});
