// Driving Debian's firefox-esr with Playwright through the BiDi shim.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchFirefox } from '../../harness/browsers/firefox.ts';
import { isNoOpMediaOverride } from '../../harness/browsers/firefox-bidi-shim.ts';
import { resolveBrowser } from '../../harness/browsers/registry.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'pb-firefox-test-'));
before(() => { process.env.PUSHBENCH_CACHE_DIR = cacheDir; });
after(() => rmSync(cacheDir, { recursive: true, force: true }));

test('only a media override that overrides nothing is answered by the shim', () => {
  const message = (features: Record<string, unknown>) => ({ id: 1, method: 'emulation.setMediaFeaturesOverride', params: { features } });
  assert.equal(isNoOpMediaOverride(message({ 'prefers-color-scheme': null })), true);
  assert.equal(isNoOpMediaOverride(message({})), true);
  assert.equal(isNoOpMediaOverride(message({ 'prefers-color-scheme': 'dark' })), false);
  assert.equal(isNoOpMediaOverride({ id: 2, method: 'browsingContext.navigate', params: {} }), false);
});

// Processes whose environment carries `marker`: ours only, whatever other Firefoxes run meanwhile.
function processesWithMarker(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(marker)) pids.push(Number(entry));
    } catch { /* exited meanwhile */ }
  }
  return pids;
}

test('Playwright opens a page in firefox-esr and the browser exits on close', async () => {
  const firefox = await resolveBrowser('firefox');
  const marker = `PB_FIREFOX_TEST_MARKER=${process.pid}-${Date.now()}`;
  const [key, value] = marker.split('=') as [string, string];
  const browser = await launchFirefox(firefox, { timeout: 60_000, env: { ...process.env, [key]: value } as Record<string, string> });
  assert.ok(processesWithMarker(marker).length >= 2, 'shim and Firefox are running');
  try {
    assert.equal(browser.version(), firefox.version.replace(/esr$/, ''));
    const page = await browser.newPage();
    await page.setContent('<p id="x">ok</p>');
    assert.equal(await page.textContent('#x'), 'ok');
    assert.match(await page.evaluate(() => navigator.userAgent), new RegExp(`Firefox/${firefox.major}\\.`));
  } finally {
    await browser.close();
  }
  for (let i = 0; i < 50 && processesWithMarker(marker).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(processesWithMarker(marker), [], 'neither the shim nor Firefox is left running');
});

test('a real colour-scheme override still reaches Firefox and fails honestly', async () => {
  const browser = await launchFirefox(await resolveBrowser('firefox'), { timeout: 60_000 });
  try {
    await assert.rejects(browser.newContext({ colorScheme: 'dark' }), /setMediaFeaturesOverride/);
  } finally {
    await browser.close();
  }
});
