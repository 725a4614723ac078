// `pushbench browsers install chromium@N` against the real npm registry (downloads ~58 MB
// once; npm's own cache makes later runs offline) and `pushbench browsers list`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { UsageError } from '../../harness/shared/usage-error.ts';
import { chromiumBaseArgs, installChromium, listInstalledBrowsers, resolveBrowser } from '../../harness/browsers/registry.ts';

const execFileAsync = promisify(execFile);
const cacheDir = mkdtempSync(join(tmpdir(), 'pb-browsers-install-test-'));
before(() => { process.env.PUSHBENCH_CACHE_DIR = cacheDir; });
after(() => rmSync(cacheDir, { recursive: true, force: true }));

function pushbench(...args: string[]) {
  return execFileAsync(process.execPath, ['harness/bin/pushbench.js', ...args], {
    env: { ...process.env, PUSHBENCH_CACHE_DIR: cacheDir },
  });
}

test('browsers install chromium@114 on a fresh cache installs a 114 build that starts and is listed', async () => {
  const { stdout } = await pushbench('browsers', 'install', 'chromium@114');
  assert.match(stdout, /^chromium@114\t114\.\d+\.\d+\.\d+\t/m);

  const browser = await resolveBrowser('chromium@114');
  assert.equal(browser.source, 'cache');
  assert.equal(browser.major, 114);
  assert.equal(browser.executablePath, join(cacheDir, 'browsers', 'chromium@114', 'chromium'));
  const launched = await chromium.launch({ executablePath: browser.executablePath, args: chromiumBaseArgs() });
  try {
    assert.equal(launched.version(), browser.version);
  } finally {
    await launched.close();
  }

  assert.ok((await listInstalledBrowsers()).some((b) => b.name === 'chromium@114' && b.version === browser.version));
  const list = await pushbench('browsers', 'list');
  assert.match(list.stdout, new RegExp(`chromium@114\\s+chromium\\s+${browser.version.replace(/\./g, '\\.')}\\s+cache`));
  // The installable section offers majors not yet installed, and 114 no longer among them.
  assert.match(list.stdout, /chromium@103\s+@sparticuz\/chromium@103\.0\.0/);
  assert.doesNotMatch(list.stdout.split('Installable')[1] ?? '', /chromium@114\s/);

  assert.deepEqual(readdirSync(join(cacheDir, 'browsers')).filter((f) => f.startsWith('.tmp-')), [], 'temp folders removed');
  // Installing again returns the installed build without downloading.
  assert.equal((await installChromium(114)).version, browser.version);
});

for (const major of [999, 104]) {
  test(`installing chromium@${major}, which npm does not ship, lists the available majors`, async () => {
    await assert.rejects(installChromium(major), (err: unknown) => {
      assert.ok(err instanceof UsageError);
      assert.match(err.message, new RegExp(`chromium@${major}`));
      assert.match(err.message, /available majors: 92, 103, 106, .*\b114\b/);
      return true;
    });
  });
}

test('the CLI exits 2 with a one-line message for a bad install argument', async () => {
  await assert.rejects(pushbench('browsers', 'install', 'firefox'), (err: { code?: number; stderr?: string }) => {
    assert.equal(err.code, 2);
    assert.match(err.stderr ?? '', /chromium@<major>/);
    return true;
  });
});
