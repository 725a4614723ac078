// The benchmark config: defaults, shell overrides, and one clear line for each bad value.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { applyEnvOverrides, resolveBenchmark } from '../../harness/config/benchmark.ts';
import { UsageError } from '../../harness/shared/usage-error.ts';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';
import { planLoads, rotate } from '../../harness/run/plan.ts';
import defaults from '../../pushbench.config.ts';
import { thinkMsFor } from '../../harness/config/think-time.ts';

const resolveWith = (env: Record<string, string>) => resolveBenchmark(applyEnvOverrides(defaults, env), PROJECT_ROOT);

test('the default matrix: five variants, two browsers, cold and warm, three repetitions, a fast and a slow profile', () => {
  const b = resolveWith({});
  assert.deepEqual(b.variants, ['h1', 'h2', 'h2-push', 'early-hints', 'preload']);
  assert.deepEqual(b.browsers, ['chromium', 'chromium-103']);
  assert.deepEqual(b.cache, ['cold', 'warm']);
  assert.ok(b.repeat >= 3);
  assert.equal(b.workers, 1);
  const rtts = b.profiles.map((p) => p.rttMs).sort((x, y) => x - y);
  assert.ok(rtts.length === 2 && rtts[1]! > rtts[0]!, `one fast and one slow profile: ${rtts}`);
});

test('shell variables narrow every dimension', () => {
  const b = resolveWith({
    PUSHBENCH_VARIANTS: 'h2,h2-push', PUSHBENCH_PROFILES: 'none', PUSHBENCH_CACHE: 'cold',
    PUSHBENCH_REPEAT: '2', PUSHBENCH_BROWSERS: 'chromium-103', PUSHBENCH_THINK_MS: '50', PUSHBENCH_RESUME: '1',
  });
  assert.deepEqual(b.variants, ['h2', 'h2-push']);
  assert.deepEqual(b.profiles.map((p) => p.name), ['none']);
  assert.deepEqual(b.cache, ['cold']);
  assert.equal(b.repeat, 2);
  assert.deepEqual(b.browsers, ['chromium-103']);
  assert.equal(thinkMsFor(b.thinkMs, 'h2'), 50);
  assert.equal(b.resume, true);
});

test('think time can slow one variant on purpose', () => {
  const b = resolveWith({ PUSHBENCH_THINK_MS: '50,h2-push:200' });
  assert.equal(thinkMsFor(b.thinkMs, 'h2'), 50);
  assert.equal(thinkMsFor(b.thinkMs, 'h2-push'), 200);
});

test('a bad value names the dimension and lists the valid values', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PUSHBENCH_VARIANTS: 'h2,h4' }, /variants.*PUSHBENCH_VARIANTS.*valid values are h1, h2, h2-push/],
    [{ PUSHBENCH_VARIANTS: 'h2,h3' }, /variants.*PUSHBENCH_VARIANTS.*h3 runs on caddy only/],
    [{ PUSHBENCH_CACHE: 'hot' }, /cache.*PUSHBENCH_CACHE.*valid values are cold, warm, warm-conn/],
    [{ PUSHBENCH_REPEAT: 'three' }, /PUSHBENCH_REPEAT="three" must be a whole number/],
    [{ PUSHBENCH_REPEAT: '0' }, /repeat.*PUSHBENCH_REPEAT/],
    [{ PUSHBENCH_BROWSERS: 'netscape' }, /unknown browser "netscape"; valid names are chromium/],
    [{ PUSHBENCH_PROFILES: 'moon' }, /profiles.*PUSHBENCH_PROFILES.*presets are/],
    [{ PUSHBENCH_SHAPER: 'wire' }, /shaper.*valid values are auto, none, tun/],
    [{ PUSHBENCH_THINK_MS: 'h4:200' }, /PUSHBENCH_THINK_MS.*unknown variant "h4"/],
    [{ PUSHBENCH_THINK_MS: 'soon' }, /PUSHBENCH_THINK_MS.*"soon" must be a whole number/],
  ];
  for (const [env, pattern] of cases) {
    assert.throws(() => resolveWith(env), (err: unknown) => err instanceof UsageError && pattern.test(err.message), JSON.stringify(env));
  }
});

test('npx playwright test with a bad value exits 2 with one line, before any browser starts', () => {
  const res = spawnSync('npx', ['playwright', 'test'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PUSHBENCH_CACHE: 'hot', PUSHBENCH_OUT: '/tmp/pushbench-never-written' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(res.status, 2, res.stderr + res.stdout);
  assert.match(res.stderr, /^pushbench: cache .*valid values are cold, warm, warm-conn$/m);
});

test('variants are interleaved within a repetition and their order rotates between repetitions', () => {
  assert.deepEqual(rotate(['a', 'b', 'c'], 1), ['b', 'c', 'a']);
  const b = resolveWith({ PUSHBENCH_VARIANTS: 'h1,h2,h2-push', PUSHBENCH_PROFILES: 'none', PUSHBENCH_CACHE: 'cold', PUSHBENCH_REPEAT: '3' });
  const loads = planLoads(b);
  assert.equal(loads.length, 9);
  const firstOfRep = [1, 2, 3].map((r) => loads.find((l) => l.repetition === r)!.variant);
  assert.deepEqual(firstOfRep, ['h1', 'h2', 'h2-push'], 'each variant goes first once');
  for (const v of ['h1', 'h2', 'h2-push']) {
    const orders = loads.filter((l) => l.variant === v).map((l) => l.order).sort();
    assert.deepEqual(orders, [1, 2, 3], `${v} takes every position once`);
  }
});
