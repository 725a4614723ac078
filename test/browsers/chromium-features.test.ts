// pushbench's --disable-features (browsers/chromium-args.ts): it repeats Playwright's own list (a
// second --disable-features replaces the first, Chromium keeping the last value), and with it a
// new context of a running Chromium creates no omnibox-popup WebUI renderer. Checked by the
// processes' command lines, not by timing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { chromiumBaseArgs, PLAYWRIGHT_DISABLED_FEATURES, PUSHBENCH_DISABLED_FEATURES, resolveBrowser } from '../../harness/browsers/registry.ts';

/** Command lines of the live processes of this executable (Chromium's children rewrite theirs into one string). */
function commandLines(executable: string): string[] {
  const out: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const line = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (line.startsWith(executable)) out.push(line);
    } catch { /* gone */ }
  }
  return out;
}

/** The value of the last --disable-features on the browser process's command line. */
function disabledFeatures(lines: string[]): string[] {
  const browser = lines.find((l) => !/ --type=/.test(l))!;
  const values = [...browser.matchAll(/--disable-features=(\S*)/g)].map((m) => m[1]!);
  return (values.at(-1) ?? '').split(',').filter(Boolean);
}

async function withBrowser<T>(args: string[], use: (b: Browser, executable: string) => Promise<T>): Promise<T> {
  const resolved = await resolveBrowser('chromium');
  const browser = await chromium.launch({ executablePath: resolved.executablePath, args, headless: true, env: resolved.env });
  try {
    return await use(browser, resolved.executablePath);
  } finally {
    await browser.close();
  }
}

test("our --disable-features keeps all of Playwright's and adds ours", async () => {
  const playwrights = await withBrowser(['--no-sandbox'], async (_b, exe) => disabledFeatures(commandLines(exe)));
  assert.ok(playwrights.includes('PaintHolding'), `Playwright's own list: ${playwrights.join(',')}`);
  assert.deepEqual([...PLAYWRIGHT_DISABLED_FEATURES].sort(), [...playwrights].sort(), 'PLAYWRIGHT_DISABLED_FEATURES is out of date with the installed Playwright');
  const ours = await withBrowser(chromiumBaseArgs(), async (_b, exe) => disabledFeatures(commandLines(exe)));
  for (const f of [...playwrights, ...PUSHBENCH_DISABLED_FEATURES]) assert.ok(ours.includes(f), f);
});

test('a new context of a running Chromium starts no omnibox WebUI renderer', async () => {
  const webuiRenderers = (args: string[]) => withBrowser(args, async (b, exe) => {
    for (let i = 0; i < 2; i++) {
      const context = await b.newContext();
      await context.newPage();
      await new Promise((r) => setTimeout(r, 300));
      await context.close();
    }
    const context = await b.newContext();
    await context.newPage();
    await new Promise((r) => setTimeout(r, 500));
    const n = commandLines(exe).filter((l) => l.includes('--type=renderer') && l.includes('--top-chrome-webui')).length;
    await context.close();
    return n;
  });
  // Without the flags the renderer appears (so this test can tell); with them it does not.
  assert.ok((await webuiRenderers(['--no-sandbox'])) > 0, 'Playwright alone: an omnibox WebUI renderer per window');
  assert.equal(await webuiRenderers(chromiumBaseArgs()), 0);
});
