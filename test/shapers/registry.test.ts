import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../harness/shared/usage-error.ts';
import { resolveProfile } from '../../harness/config/profiles.ts';
import { defaultShaperName, getShaper, SHAPERS } from '../../harness/shapers/index.ts';
import { netemAvailable } from '../../harness/shapers/netem.ts';
import { listNamespaces } from '../../harness/shapers/namespaces.ts';
import { clientCommandPrefix } from '../../harness/shapers/shaper.ts';

test('getShaper knows every backend and rejects unknown names with the list', () => {
  for (const name of Object.keys(SHAPERS)) assert.equal(getShaper(name).name, name);
  assert.throws(() => getShaper('tc'), (err: unknown) =>
    err instanceof UsageError && err.message.includes('"tc"') && ['none', 'tun', 'netem', 'proxy', 'devtools'].every((n) => err.message.includes(n)));
});

test('default shaper is tun for root with /dev/net/tun, else proxy', () => {
  assert.equal(defaultShaperName(), process.getuid?.() === 0 ? 'tun' : 'proxy');
});

test('none: loopback, no prefixes', async () => {
  const link = await getShaper('none').start(resolveProfile('none'), { slot: 0 });
  assert.equal(link.serverHost, '127.0.0.1');
  assert.deepEqual([link.serverCommandPrefix, clientCommandPrefix(link), link.socksProxy, link.devtoolsConditions], [[], [], undefined, undefined]);
  await link.stop();
  await link.stop(); // idempotent
});

test('devtools: loopback, no prefixes, the throttling described (engines apply it: test/gather/engines/link.unit.test.ts)', async () => {
  const link = await getShaper('devtools').start(resolveProfile('3g'), { slot: 0 });
  assert.deepEqual([link.serverHost, link.serverCommandPrefix, clientCommandPrefix(link), link.socksProxy], ['127.0.0.1', [], [], undefined]);
  assert.deepEqual(link.devtoolsConditions, { latencyMs: 300, downloadKbps: 1600, uploadKbps: 768, lossPct: 0 });
  await link.stop();
});

test('netem fails fast with one clear line when the kernel lacks it', async (t) => {
  if (netemAvailable('pb-c239')) {
    t.diagnostic('this kernel has netem: the fail-fast path does not apply');
    return;
  }
  const started = performance.now();
  await assert.rejects(getShaper('netem').start(resolveProfile('slow-4g'), { slot: 239 }), (err: unknown) =>
    err instanceof UsageError && /no netem/.test(err.message) && err.message.includes('--shaper tun') && !err.message.includes('\n'));
  assert.ok(performance.now() - started < 5000);
  assert.ok(!listNamespaces().includes('pb-c239'), 'the probe namespace is removed');
});

test('calibrate: bad flags are UsageErrors naming the flag', async () => {
  const { run } = await import('../../harness/cli/calibrate.ts');
  await assert.rejects(run(['--shaper', 'fast']), (err: unknown) => err instanceof UsageError && err.message.includes('--shaper'));
  await assert.rejects(run(['--shaper', 'devtools', '--profile', 'slow-5g']), (err: unknown) => err instanceof UsageError && err.message.includes('slow-5g'));
  await assert.rejects(run(['--shaper', 'none', '--queue', '12']), (err: unknown) => err instanceof UsageError && err.message.includes('--queue'));
  await assert.rejects(run(['--shaper', 'none', '--profile', 'slow-5g']), (err: unknown) => err instanceof UsageError && err.message.includes('slow-5g'));
  await assert.rejects(run(['--bogus']), (err: unknown) => err instanceof UsageError && err.message.includes('--bogus'));
});

test('calibrate --shaper devtools takes its Chromium from the browser registry', async () => {
  const { launchCalibrationChromium } = await import('../../harness/shapers/calibration-devtools.ts');
  // An unknown name is the registry's UsageError, raised before anything is launched.
  await assert.rejects(launchCalibrationChromium('chromium-7'), (err: unknown) =>
    err instanceof UsageError && err.message.includes('unknown browser "chromium-7"'));
});
