// Firefox in the benchmark: cold and warm loads per variant over WebDriver BiDi, the run's
// certificate trusted only by the load's own profile, and honest gaps where Firefox has no source.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { readRunsCsv } from '../../../harness/report/read-runs.ts';
import { PROJECT_ROOT } from '../../../harness/run/provenance.ts';
import { resolveBrowser } from '../../../harness/browsers/registry.ts';

test('firefox: a cold and a warm journey per variant; a request to an outside host is blocked and counted', { timeout: 240_000 }, async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-firefox-'));
  // The blog, naming one host outside the run: Firefox must not look it up (DNS-over-HTTPS only, to a
  // resolver that refuses: firefoxResolverPrefs), and the row counts it from the HAR.
  const site = path.join(out, 'site');
  fs.cpSync(path.join(PROJECT_ROOT, 'sites/blog'), site, { recursive: true });
  const index = path.join(site, 'index.html');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('</body>', '<img src="https://images.outside.example/a.png" alt=""></body>'));
  const res = spawnSync('npx', ['playwright', 'test'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env, PUSHBENCH_PROFILES: 'none', PUSHBENCH_OUT: path.join(out, 'results'), PUSHBENCH_SITE: site, PUSHBENCH_BROWSERS: 'firefox',
      PUSHBENCH_VARIANTS: 'h2,h2-push', PUSHBENCH_CACHE: 'cold,warm', PUSHBENCH_REPEAT: '1',
      // A journey: Firefox clicks on to the article in the same session (WebDriver BiDi), a row per step.
      PUSHBENCH_JOURNEY: '/,/posts/early-hints.html', PUSHBENCH_DWELL_MS: '200',
    },
    encoding: 'utf8',
  });
  assert.equal(res.status, 0, res.stdout + res.stderr);
  const runDir = path.join(out, 'results', fs.readdirSync(path.join(out, 'results'))[0]!);
  const rows = readRunsCsv(path.join(runDir, 'runs.csv'));
  assert.equal(rows.length, 8, 'two variants, cold and warm, two steps each');
  const version = (await resolveBrowser('firefox')).version;
  for (const r of rows) {
    assert.equal(r.error, '', `${r.trace_dir}: ${r.error}`);
    assert.equal(r.browser_version, version, 'full Firefox version');
    assert.match(version, /^\d+\.\d+(\.\d+)?esr$/);
    assert.ok(Number(r.fcp_ms) > 0, `FCP in ${r.trace_dir}`);
    // Firefox 153 supports largest-contentful-paint: a value, never a placeholder.
    assert.ok(Number(r.lcp_ms) >= Number(r.fcp_ms), `LCP ≥ FCP in ${r.trace_dir}: ${r.lcp_ms} ${r.fcp_ms}`);
    assert.equal(r.protocol, 'h2');
    // The outside host is on the home page (step 1). Firefox's failed requests come from the session's
    // HAR, kept with the first step: a later step's count is unknown, so empty.
    assert.equal(r.blocked_requests, r.step === '1' ? '1' : '', `the outside host blocked and counted in ${r.trace_dir}`);
    assert.equal(r.page, r.step === '1' ? '/' : '/posts/early-hints.html');
    // No CDP in Firefox: which pushes were used is unknown, so empty, not 0.
    assert.equal(r.push_used, '');
    assert.equal(r.push_wasted_bytes, '');
    const files = fs.readdirSync(path.join(runDir, r.trace_dir));
    assert.ok(!files.includes('cdp.json.gz') && !files.includes('netlog.json.gz'), `no CDP/NetLog for Firefox: ${files}`);
    if (r.step !== '1') continue; // the session's HAR is kept with the first step
    const har = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(runDir, r.trace_dir, 'har.json.gz'))).toString());
    assert.ok(har.log.entries.length > 0, 'HAR over BiDi');
    assert.ok(har.log.entries.every((e: { _pushed?: boolean }) => e._pushed === undefined), 'no _pushed claim without CDP');
  }
  const second = rows.filter((r) => r.step === '2' && r.cache === 'cold');
  assert.ok(second.every((r) => Number(r.transfer_bytes) < Number(rows.find((x) => x.step === '1' && x.variant === r.variant && x.cache === 'cold')!.transfer_bytes)), 'step 2 reuses what step 1 cached (the stylesheet, the fonts)');
  for (const r of rows.filter((x) => x.variant === 'h2-push')) {
    assert.equal(r.push_support, 'refused', 'Firefox sends SETTINGS_ENABLE_PUSH=0');
    assert.equal(r.push_promised, '0');
  }
  const runJson = JSON.parse(fs.readFileSync(path.join(runDir, 'run.json'), 'utf8')) as { firefoxPrefs: Record<string, unknown> };
  assert.equal(runJson.firefoxPrefs['network.trr.mode'], 3, 'lookups only over a DoH resolver that refuses at once, recorded in run.json');
  const bytes = (cache: string) => rows.filter((r) => r.cache === cache && r.variant === 'h2' && r.step === '1').map((r) => Number(r.transfer_bytes))[0]!;
  assert.ok(bytes('warm') < bytes('cold'), `warm profile has a primed cache: ${bytes('warm')} < ${bytes('cold')}`);

  // Recompute without a browser reproduces the rows (empty stays empty).
  const before = fs.readFileSync(path.join(runDir, 'runs.csv'), 'utf8');
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'harness/bin/pushbench.js'), 'recompute', runDir]);
  assert.equal(fs.readFileSync(path.join(runDir, 'runs.csv'), 'utf8'), before);
  fs.rmSync(out, { recursive: true, force: true });
});
