// A site with second origins (its _origins/ folder) and what cannot go with it: Firefox, which cannot
// map a host name, and a config host of the same name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEnvOverrides, resolveBenchmark } from '../../harness/config/benchmark.ts';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';
import { UsageError } from '../../harness/shared/usage-error.ts';
import defaults from '../../pushbench.config.ts';

const resolveWith = (env: Record<string, string>) => resolveBenchmark(applyEnvOverrides(defaults, env), PROJECT_ROOT);
const usage = (pattern: RegExp) => (err: unknown) => err instanceof UsageError && pattern.test(err.message);

test('a site with second origins runs in Chromium; Firefox is a UsageError naming the fix', () => {
  assert.equal(resolveWith({ PUSHBENCH_SITE: 'sites/blog-cdn', PUSHBENCH_BROWSERS: 'chromium,chromium-103' }).siteDir, `${PROJECT_ROOT}/sites/blog-cdn`);
  assert.throws(() => resolveWith({ PUSHBENCH_SITE: 'sites/blog-cdn', PUSHBENCH_BROWSERS: 'chromium,firefox' }),
    usage(/PUSHBENCH_BROWSERS.*second origins \(fonts\.pushbench\.test.*Firefox cannot map a host name.*drop firefox/));
  assert.doesNotThrow(() => resolveWith({ PUSHBENCH_SITE: 'sites/blog', PUSHBENCH_BROWSERS: 'firefox' }), 'no second origins: Firefox is fine');
});

test('a config host may not name a second origin of the site', () => {
  assert.throws(() => resolveWith({ PUSHBENCH_SITE: 'sites/blog-cdn', PUSHBENCH_BROWSERS: 'chromium', PUSHBENCH_HOSTS: 'fonts.pushbench.test=127.0.0.1:4100' }),
    usage(/PUSHBENCH_HOSTS.*fonts\.pushbench\.test is a second origin of the site.*drop it from hosts/));
  assert.doesNotThrow(() => resolveWith({ PUSHBENCH_SITE: 'sites/blog-cdn', PUSHBENCH_BROWSERS: 'chromium', PUSHBENCH_HOSTS: 'img.example.test=127.0.0.1:4100' }));
});
