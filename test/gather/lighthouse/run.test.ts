// Lighthouse after a Chromium load: lh_* columns from the saved result, reports kept, recompute
// reads them back without a browser; a browser Lighthouse cannot drive leaves lh_error, not a failed load.
// The end-to-end run goes through the desktop profile's link: as root the tun shaper, where the
// browser runs inside the client namespace and Lighthouse reaches its DevTools port through a relay
// (harness/browsers/namespace-relay.ts); nothing of either may be left behind.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { readRunsCsv } from '../../../harness/report/read-runs.ts';
import { PROJECT_ROOT } from '../../../harness/run/provenance.ts';
import { computeLighthouse } from '../../../harness/compute/lighthouse.ts';
import { runLighthouse } from '../../../harness/gather/lighthouse/run.ts';
import { firefoxEngine } from '../../../harness/gather/engines/firefox.ts';
import { resolveBrowser } from '../../../harness/browsers/registry.ts';

test('lh values: empty when off, read from the result when on, error kept apart', () => {
  assert.deepEqual(computeLighthouse(undefined, undefined), {});
  const lhr = { categories: { performance: { score: 0.87 } }, audits: { 'first-contentful-paint': { numericValue: 812.5 }, 'total-blocking-time': { numericValue: 0 } } };
  const m = computeLighthouse(lhr, '');
  assert.equal(m.score, 87);
  assert.equal(m.fcpMs, 812.5);
  assert.equal(m.tbtMs, 0);
  assert.equal(m.lcpMs, undefined, 'a missing audit stays empty');
  assert.deepEqual(computeLighthouse(undefined, 'error: boom'), { score: undefined, fcpMs: undefined, lcpMs: undefined, speedIndexMs: undefined, tbtMs: undefined, error: 'error: boom' });
});

test('Lighthouse is not run on Firefox and says why', async () => {
  const out = await runLighthouse({
    browser: await resolveBrowser('firefox'), engine: firefoxEngine, traceDir: os.tmpdir(),
    session: { userDataDir: '', url: 'https://127.0.0.1:1/', spkiSha256: '', link: {}, timeoutMs: 1000 },
    link: {} as never,
  });
  assert.match(out.error, /^not run: .*Chromium/);
  assert.deepEqual(out.files, []);
});

const relaySockets = () => fs.readdirSync(os.tmpdir()).filter((f) => /^pb-relay-\d+-\d+\.sock$/.test(f));

test('PUSHBENCH_LIGHTHOUSE=1 on chromium through the desktop link: lh_* values, saved reports, recompute from the trace', { timeout: 180_000 }, () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-lighthouse-'));
  const socketsBefore = new Set(relaySockets());
  const res = spawnSync('npx', ['playwright', 'test'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env, PUSHBENCH_PROFILES: 'desktop', PUSHBENCH_OUT: out, PUSHBENCH_BROWSERS: 'chromium',
      PUSHBENCH_VARIANTS: 'h2', PUSHBENCH_CACHE: 'cold', PUSHBENCH_REPEAT: '1', PUSHBENCH_LIGHTHOUSE: '1',
    },
    encoding: 'utf8',
  });
  assert.equal(res.status, 0, res.stdout + res.stderr);
  const runDir = path.join(out, fs.readdirSync(out)[0]!);
  const [r] = readRunsCsv(path.join(runDir, 'runs.csv'));
  assert.equal(r!.error, '');
  assert.equal(r!.lh_error, '', r!.lh_error);
  const score = Number(r!.lh_score);
  assert.ok(Number.isInteger(score) && score >= 0 && score <= 100, `score ${r!.lh_score}`);
  // A cold HTTPS load across a 40 ms link: at least TCP + TLS + request before anything paints.
  assert.ok(Number(r!.lh_fcp_ms) >= 120 && Number(r!.lh_lcp_ms) >= Number(r!.lh_fcp_ms), `${r!.lh_fcp_ms} ${r!.lh_lcp_ms}`);
  assert.ok(Number(r!.lh_speed_index_ms) > 0);
  assert.ok(r!.lh_tbt_ms !== '' && Number(r!.lh_tbt_ms) >= 0);

  const dir = path.join(runDir, r!.trace_dir);
  const lhr = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dir, 'lighthouse.json.gz'))).toString());
  assert.equal(lhr.finalDisplayedUrl ?? lhr.finalUrl, lhr.requestedUrl);
  assert.equal(lhr.configSettings.throttlingMethod, 'provided');
  assert.equal(lhr.configSettings.formFactor, 'desktop');
  assert.equal(lhr.configSettings.screenEmulation.width, 1350);
  assert.match(zlib.gunzipSync(fs.readFileSync(path.join(dir, 'lighthouse.html.gz'))).toString(), /<html/i);

  const before = fs.readFileSync(path.join(runDir, 'runs.csv'), 'utf8');
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'harness/bin/pushbench.js'), 'recompute', runDir]);
  assert.equal(fs.readFileSync(path.join(runDir, 'runs.csv'), 'utf8'), before, 'lh_* recomputed from the trace');
  if (r!.shaper === 'tun') {
    assert.doesNotMatch(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }), /\bpb-[cs]0\b/, 'the link\'s namespaces removed');
    assert.deepEqual(relaySockets().filter((f) => !socketsBefore.has(f)), [], 'namespace relays closed');
  }
  fs.rmSync(out, { recursive: true, force: true });
});
