// $PUSHBENCH_CHROMIUM_PATH: `chromium` is the named binary, and a wrong path is an error naming the
// variable — never a silent fallback to another browser. No browser is launched: the fake binary's
// version probe is answered from the probe cache (keyed by path, size and mtime).
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { UsageError } from '../../harness/shared/usage-error.ts';
import { resolveBrowser } from '../../harness/browsers/registry.ts';
import { CHROMIUM_PATH_ENV, findSystemChromium } from '../../harness/browsers/system-browsers.ts';

const work = mkdtempSync(join(tmpdir(), 'pb-chromium-path-'));
const cacheDir = join(work, 'cache');
const fakeChrome = join(work, 'opt', 'chrome');
const saved = { cache: process.env.PUSHBENCH_CACHE_DIR, chromium: process.env[CHROMIUM_PATH_ENV] };

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

before(() => {
  process.env.PUSHBENCH_CACHE_DIR = cacheDir;
  mkdirSync(join(work, 'opt'), { recursive: true });
  writeFileSync(fakeChrome, '#!/bin/sh\necho "Google Chrome 131.0.6778.85"\n');
  chmodSync(fakeChrome, 0o755);
  const path = realpathSync(fakeChrome);
  const { size, mtimeMs } = statSync(path);
  mkdirSync(join(cacheDir, 'browsers'), { recursive: true });
  writeFileSync(
    join(cacheDir, 'browsers', 'system-probes.json'),
    JSON.stringify({ [path]: { version: '131.0.6778.85', product: 'HeadlessChrome/131.0.6778.85', major: 131, size, mtimeMs } }),
  );
});
afterEach(() => restore(CHROMIUM_PATH_ENV, saved.chromium));
after(() => {
  restore('PUSHBENCH_CACHE_DIR', saved.cache);
  rmSync(work, { recursive: true, force: true });
});

test(`${CHROMIUM_PATH_ENV} is the chromium binary, ahead of the search list`, async () => {
  process.env[CHROMIUM_PATH_ENV] = fakeChrome;
  const found = await findSystemChromium();
  assert.equal(found?.executablePath, realpathSync(fakeChrome));
  assert.equal(found?.version, '131.0.6778.85');

  const browser = await resolveBrowser('chromium');
  assert.deepEqual(
    { path: browser.executablePath, version: browser.version, major: browser.major, source: browser.source },
    { path: realpathSync(fakeChrome), version: '131.0.6778.85', major: 131, source: 'system' },
  );
});

test(`a missing or non-executable ${CHROMIUM_PATH_ENV} is a UsageError naming the variable and the fix`, async () => {
  const notExecutable = join(work, 'not-executable');
  writeFileSync(notExecutable, 'text');
  for (const path of [join(work, 'no-such-chrome'), notExecutable]) {
    process.env[CHROMIUM_PATH_ENV] = path;
    for (const attempt of [findSystemChromium, () => resolveBrowser('chromium')]) {
      await assert.rejects(attempt, (err: unknown) => {
        assert.ok(err instanceof UsageError, String(err));
        assert.match(err.message, new RegExp(`${CHROMIUM_PATH_ENV}="${path}" is not an executable file`));
        assert.match(err.message, /set it to a Chromium or Google Chrome binary .*or unset it/);
        return true;
      });
    }
  }
});
