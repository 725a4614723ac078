// The support matrix: the pure derivation from rows, then measured on Chromium 92, 103 and current.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { RUN_COLUMNS, type RunRow } from '../../harness/shared/row-schema.ts';
import { supportCell, supportMatrix } from '../../harness/report/support-matrix.ts';
import { readRunsCsv } from '../../harness/report/read-runs.ts';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';

const row = (over: Partial<RunRow>): RunRow =>
  ({ ...Object.fromEntries(RUN_COLUMNS.map((c) => [c, ''])), browser: 'b', browser_version: '1.0', cache: 'cold', ...over }) as RunRow;

test('cells count measured loads only and say yes, partly, no or not measured', () => {
  assert.equal(supportCell([true, true, true]), 'yes (3/3 loads)');
  assert.equal(supportCell([true, false, undefined]), 'partly (1/2 loads)');
  assert.equal(supportCell([false, false]), 'no (0/2)');
  assert.equal(supportCell([undefined]), 'not measured');
  assert.equal(supportCell([]), 'not measured');
});

test('the matrix is derived from the rows: per browser version, failed loads ignored, missing sources not measured', () => {
  const m = supportMatrix([
    row({ variant: 'h2-push', push_support: 'accepted', push_used: '3' }),
    row({ variant: 'h2-push', push_support: 'accepted', push_used: '0' }),
    row({ variant: 'h2-push', push_support: 'refused', push_used: '0', error: 'timeout: x' }),
    // A warm load rightly uses its cache, not the push: it says nothing about push_used.
    row({ variant: 'h2-push', cache: 'warm', push_support: 'accepted', push_used: '0' }),
    row({ variant: 'early-hints', hint_preloads_started: '2' }),
    row({ variant: 'preload-html', preloads_unused: '1' }),
    row({ browser: 'firefox', browser_version: '153.7.0esr', variant: 'h2-push', push_support: 'refused', push_used: '' }),
    row({ browser: 'b', browser_version: '2.0', variant: 'early-hints-h1', hint_preloads_started: '0' }),
    // HTTP/3: what the browser reports; a load that failed on QUIC is a no, another failure says nothing.
    row({ browser: 'b', browser_version: '2.0', variant: 'h3-early-hints', protocol: 'h3', hint_preloads_started: '3' }),
    row({ browser: 'b', browser_version: '2.0', variant: 'h3', protocol: 'h2' }),
    row({ browser: 'b', browser_version: '2.0', variant: 'h3', error: 'network: net::ERR_QUIC_PROTOCOL_ERROR' }),
    row({ browser: 'b', browser_version: '2.0', variant: 'h3', error: 'timeout: x' }),
    // Preconnect: cold first navigations only (a warm cache or a journey's later step says nothing).
    row({ browser: 'b', browser_version: '2.0', variant: 'preconnect', preconnect_used: 'yes' }),
    row({ browser: 'b', browser_version: '2.0', variant: 'early-hints-preconnect', preconnect_used: 'partly' }),
    row({ browser: 'b', browser_version: '2.0', variant: 'preconnect', cache: 'warm', preconnect_used: 'reused' }),
    row({ browser: 'b', browser_version: '2.0', variant: 'preconnect', step: '2', journey: 'j', preconnect_used: 'yes' }),
    // Prefetch: a later step's document from the prefetch; a 304 revalidation is a no.
    row({ browser: 'b', browser_version: '2.0', variant: 'prefetch', step: '2', journey: 'j', prefetch_used: 'yes' }),
    row({ browser: 'b', browser_version: '2.0', variant: 'prefetch', step: '2', journey: 'j', prefetch_used: 'revalidated' }),
    row({ browser: 'b', browser_version: '2.0', variant: 'prefetch', step: '1', journey: 'j', prefetch_used: '' }),
  ]);
  assert.equal(m.length, 3);
  const [b1, ff, b2] = m;
  assert.deepEqual(b1, {
    browser: 'b', browser_version: '1.0', push_accepted: 'yes (3/3 loads)', push_used: 'partly (1/2 loads)',
    early_hints_h2: 'yes (1/1 loads)', early_hints_h1: 'not measured', preloads_used: 'no (0/1)',
    h3: 'not measured', early_hints_h3: 'not measured', preconnect_used: 'not measured', prefetch_used: 'not measured',
  });
  assert.equal(ff!.push_accepted, 'no (0/1)');
  assert.equal(ff!.push_used, 'not measured', 'no CDP: not "no"');
  assert.equal(b2!.early_hints_h1, 'no (0/1)');
  assert.equal(b2!.push_accepted, 'not measured');
  assert.equal(b2!.h3, 'partly (1/3 loads)', 'h3 seen once, h2 once, a QUIC error once');
  assert.equal(b2!.early_hints_h3, 'yes (1/1 loads)');
  assert.equal(b2!.preconnect_used, 'partly (1/2 loads)', 'the tag ready, the 103 partly; warm and step 2 not counted');
  assert.equal(b2!.prefetch_used, 'partly (1/2 loads)', 'one step from the prefetch, one revalidated');
});

function bench(env: Record<string, string>): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-support-'));
  const res = spawnSync('npx', ['playwright', 'test'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PUSHBENCH_PROFILES: 'none', PUSHBENCH_CACHE: 'cold', PUSHBENCH_THINK_MS: '100', PUSHBENCH_OUT: out, ...env },
    encoding: 'utf8',
  });
  assert.equal(res.status, 0, res.stdout + res.stderr);
  return path.join(out, fs.readdirSync(out)[0]!);
}

test('measured on chromium-92, chromium-103 and chromium: push on 92/103 only, Early Hints on 103 and current over HTTP/2', { timeout: 300_000 }, () => {
  const runDir = bench({
    PUSHBENCH_BROWSERS: 'chromium-92,chromium-103,chromium',
    PUSHBENCH_VARIANTS: 'h2-push,early-hints,early-hints-h1',
    PUSHBENCH_REPEAT: '1',
  });
  // Chromium 156 and 103 have both been seen to skip hint preloads on some cold loads over HTTP/2:
  // measure them three more times and require the preloads on at least one load.
  const hintsDir = bench({ PUSHBENCH_BROWSERS: 'chromium-103,chromium', PUSHBENCH_VARIANTS: 'early-hints', PUSHBENCH_REPEAT: '3' });

  const printed = execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'harness/bin/pushbench.js'), 'support', runDir], { encoding: 'utf8' });
  const written = parse(fs.readFileSync(path.join(runDir, 'support.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  assert.equal(written.length, 3);
  for (const r of written) assert.ok(printed.includes(r.browser_version!), `printed matrix names ${r.browser_version}`);

  const rows = [...readRunsCsv(path.join(runDir, 'runs.csv')), ...readRunsCsv(path.join(hintsDir, 'runs.csv'))];
  const m = Object.fromEntries(supportMatrix(rows).map((r) => [r.browser, r]));
  assert.match(m['chromium-92']!.browser_version, /^(HeadlessChrome )?92\./);
  for (const b of ['chromium-92', 'chromium-103']) {
    assert.match(m[b]!.push_accepted, /^yes \(1\/1 loads\)$/, `${b} accepts push`);
    assert.match(m[b]!.push_used, /^yes /, `${b} uses push`);
  }
  assert.match(m.chromium!.push_accepted, /^no \(0\/1\)$/, 'current Chromium refuses push');
  assert.match(m['chromium-103']!.early_hints_h2, /^(yes|partly) \(\d\/4 loads\)$/, `Chromium 103 starts hint preloads: ${m['chromium-103']!.early_hints_h2}`);
  assert.match(m['chromium-92']!.early_hints_h2, /^no /, 'Chromium 92 ignores 103');
  assert.match(m['chromium-92']!.early_hints_h1, /^no /);
  assert.match(m.chromium!.early_hints_h2, /^(yes|partly) \(\d\/4 loads\)$/, `current Chromium starts hint preloads: ${m.chromium!.early_hints_h2}`);
  assert.match(m.chromium!.early_hints_h1, /^no /, 'current Chromium ignores 103 over HTTP/1.1');
  console.log(`early hints over h2, cold: chromium ${m.chromium!.early_hints_h2}; chromium-103 ${m['chromium-103']!.early_hints_h2}`);
  fs.rmSync(path.dirname(runDir), { recursive: true, force: true });
  fs.rmSync(path.dirname(hintsDir), { recursive: true, force: true });
});
