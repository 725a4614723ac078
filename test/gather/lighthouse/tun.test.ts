// Lighthouse on Chromium through the tun shaper: the browser runs inside the client namespace, and
// its DevTools port is reached through a relay (harness/browsers/namespace-relay.ts) instead
// of being skipped. Own slot, so it never meets a benchmark's slot 0; nothing may be left behind.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { applyEnvOverrides, resolveBenchmark } from '../../../harness/config/benchmark.ts';
import { resolveProfile } from '../../../harness/config/profiles.ts';
import defaultConfig from '../../../pushbench.config.ts';
import { PROJECT_ROOT } from '../../../harness/run/provenance.ts';
import { startEnvironment } from '../../../harness/run/environment.ts';
import { runLighthouse } from '../../../harness/gather/lighthouse/run.ts';
import { chromiumEngine } from '../../../harness/gather/engines/chromium.ts';
import { resolveBrowser } from '../../../harness/browsers/registry.ts';
import { tunUsable } from '../../../harness/shapers/tun.ts';

const SLOT = 237;
const relaySockets = () => fs.readdirSync(os.tmpdir()).filter((f) => /^pb-relay-\d+-\d+\.sock$/.test(f));

test('Lighthouse runs on chromium inside the tun namespace (desktop)', { timeout: 120_000, skip: !tunUsable() && 'needs root and /dev/net/tun' }, async (ctx) => {
  const bench = resolveBenchmark(applyEnvOverrides(defaultConfig, {
    PUSHBENCH_PROFILES: 'desktop', PUSHBENCH_BROWSERS: 'chromium', PUSHBENCH_VARIANTS: 'h2', PUSHBENCH_SHAPER: 'tun',
  }), PROJECT_ROOT);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-lighthouse-tun-'));
  const socketsBefore = new Set(relaySockets());
  const env = await startEnvironment(bench, resolveProfile('desktop'), { slot: SLOT, wireLogDir: path.join(out, 'wire') });
  try {
    assert.ok(env.link.clientNamespace, 'the browser runs in the client namespace');
    const url = new URL('/', env.servers.servers.get('h2')!.origin).href;
    const lh = await runLighthouse({
      browser: await resolveBrowser('chromium'), engine: chromiumEngine, traceDir: out, link: env.link,
      session: { userDataDir: '', url, spkiSha256: env.servers.spkiSha256, link: env.link, timeoutMs: 45_000 },
    });
    assert.equal(lh.error, '');
    assert.deepEqual(lh.files, ['lighthouse.json.gz', 'lighthouse.html.gz']);
    const lhr = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(out, 'lighthouse.json.gz'))).toString());
    const fcp = lhr.audits['first-contentful-paint'].numericValue as number;
    const lcp = lhr.audits['largest-contentful-paint'].numericValue as number;
    ctx.diagnostic(`Lighthouse through tun (desktop): score ${Math.round(lhr.categories.performance.score * 100)}, FCP ${fcp.toFixed(0)}, LCP ${lcp.toFixed(0)} ms`);
    assert.equal(lhr.finalDisplayedUrl, url);
    // A cold HTTPS load across a 40 ms link: at least TCP + TLS + request before anything paints.
    assert.ok(fcp >= 120 && lcp >= fcp, `FCP ${fcp}, LCP ${lcp}`);
  } finally {
    await env.stop();
    fs.rmSync(out, { recursive: true, force: true });
  }
  assert.doesNotMatch(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }), new RegExp(`pb-[cs]${SLOT}\\b`), 'namespaces removed');
  assert.deepEqual(relaySockets().filter((f) => !socketsBefore.has(f)), [], 'namespace relays closed');
});
