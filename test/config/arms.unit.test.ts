// Arms: which (server, variant, think time) arms a benchmark measures, and the errors before any browser starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { armLabel, armsOf } from '../../harness/config/arms.ts';
import { resolveBenchmark, applyEnvOverrides } from '../../harness/config/benchmark.ts';
import { UsageError } from '../../harness/shared/usage-error.ts';
import { parseThinkSpec } from '../../harness/config/think-time.ts';

const usageErr = (pattern: RegExp) => (err: unknown) => err instanceof UsageError && pattern.test(err.message);

const none = { thinkMs: { values: [0], byVariant: {} }, topology: 'direct' as const };

test('each variant runs on every listed server that has it; the rest are left out, not errors', () => {
  const { arms, leftOut } = armsOf(['pushbench', 'caddy'], ['h2', 'h3', 'h2-push-cache-aware'], none);
  assert.deepEqual(arms.map(armLabel), ['h2', 'h2@caddy', 'h3@caddy', 'h2-push-cache-aware']);
  assert.deepEqual(leftOut.map(armLabel), ['h3', 'h2-push-cache-aware@caddy']);
});

test('a variant no listed server implements is a UsageError naming the server to add', () => {
  assert.throws(() => armsOf(['pushbench'], ['h2', 'h3-early-hints'], none), (err: unknown) =>
    err instanceof UsageError && /h3-early-hints runs on caddy only/.test(err.message) && /PUSHBENCH_SERVERS=pushbench,caddy/.test(err.message));
});

test('Caddy cannot think by itself: a think time with topology direct is an error that names edge', () => {
  const think = { thinkMs: { values: [0], byVariant: { 'early-hints': 200 } }, topology: 'direct' as const };
  assert.throws(() => armsOf(['caddy'], ['h2', 'early-hints'], think), /caddy serves files.*early-hints@caddy.*topology edge/);
  assert.doesNotThrow(() => armsOf(['pushbench'], ['early-hints'], think));
  assert.doesNotThrow(() => armsOf(['caddy'], ['early-hints'], { ...think, topology: 'edge' }));
});

test('PUSHBENCH_SERVERS narrows the config, and an unknown server lists the valid ones', () => {
  const bench = resolveBenchmark(applyEnvOverrides({}, { PUSHBENCH_SERVERS: 'pushbench,caddy', PUSHBENCH_VARIANTS: 'h2,h3' }), process.cwd());
  assert.deepEqual(bench.servers, ['pushbench', 'caddy']);
  assert.deepEqual(bench.arms.map(armLabel), ['h2', 'h2@caddy', 'h3@caddy']);
  assert.deepEqual(resolveBenchmark({}, process.cwd()).servers, ['pushbench'], 'pushbench alone by default');
  assert.throws(() => resolveBenchmark(applyEnvOverrides({}, { PUSHBENCH_SERVERS: 'nginx' }), process.cwd()), /servers.*PUSHBENCH_SERVERS.*"nginx" is not valid; valid values are pushbench, caddy/);
});

const spec = (text: string) => parseThinkSpec(text, 'thinkMs');

test('one think time: one arm per server × variant, labelled as before sweeps (also with a variant slowed on purpose)', () => {
  const { arms } = armsOf(['pushbench', 'caddy'], ['h2', 'early-hints'], { thinkMs: spec('50,early-hints:200'), topology: 'edge' });
  assert.deepEqual(arms.map(armLabel), ['h2', 'h2@caddy', 'early-hints', 'early-hints@caddy']);
  assert.deepEqual(arms.map((a) => a.thinkMs), [50, 50, 200, 200]);
  assert.ok(arms.every((a) => !a.swept));
});

test('a sweep expands each server × variant over its think times; labels name the think time and never collide', () => {
  const { arms, leftOut } = armsOf(['pushbench', 'caddy'], ['h2', 'h3', 'h2-push-cache-aware'], { thinkMs: spec('0,150,h2-push-cache-aware:200'), topology: 'edge' });
  assert.deepEqual(arms.map(armLabel), ['h2+t0', 'h2+t150', 'h2@caddy+t0', 'h2@caddy+t150', 'h3@caddy+t0', 'h3@caddy+t150', 'h2-push-cache-aware+t200']);
  assert.deepEqual(arms.map((a) => a.thinkMs), [0, 150, 0, 150, 0, 150, 200]);
  assert.equal(new Set(arms.map(armLabel)).size, arms.length);
  assert.ok(arms.every((a) => a.swept));
  assert.deepEqual(leftOut.map(armLabel), ['h3', 'h2-push-cache-aware@caddy'], 'a pair no server has is said once, not per think time');
  // "+t" is in no variant or server name: a label splits back at its last "+t" and its "@".
  for (const arm of arms) {
    const [name, think] = armLabel(arm).split('+t');
    assert.equal(Number(think), arm.thinkMs);
    assert.equal(name!.split('@')[0], arm.variant);
  }
});

test('a sweep whose every variant has its own think time sweeps nothing: labels as before', () => {
  const { arms } = armsOf(['pushbench'], ['h2'], { thinkMs: spec('0,150,h2:20'), topology: 'direct' });
  assert.deepEqual(arms.map(armLabel), ['h2']);
  assert.equal(arms[0]!.thinkMs, 20);
});

test('Caddy cannot think by itself, per arm: the arm with a think time is named', () => {
  assert.throws(() => armsOf(['caddy'], ['h2'], { thinkMs: spec('0,150'), topology: 'direct' }), usageErr(/caddy serves files and cannot think for 150 ms itself \(h2@caddy\+t150\).*topology edge/));
  assert.doesNotThrow(() => armsOf(['pushbench'], ['h2'], { thinkMs: spec('0,150'), topology: 'direct' }));
  assert.doesNotThrow(() => armsOf(['caddy'], ['h2'], { thinkMs: spec('0,150'), topology: 'edge' }));
  assert.doesNotThrow(() => armsOf(['caddy'], ['h2', 'early-hints'], { thinkMs: spec('0,early-hints:0'), topology: 'direct' }));
});

test('PUSHBENCH_THINK_MS=0,50,150 makes every arm of the benchmark a sweep', () => {
  const bench = resolveBenchmark(applyEnvOverrides({}, { PUSHBENCH_VARIANTS: 'h2,early-hints', PUSHBENCH_THINK_MS: '0,50,150' }), process.cwd());
  assert.deepEqual(bench.thinkMs, { values: [0, 50, 150], byVariant: {} });
  assert.deepEqual(bench.arms.map(armLabel), ['h2+t0', 'h2+t50', 'h2+t150', 'early-hints+t0', 'early-hints+t50', 'early-hints+t150']);
  assert.deepEqual(resolveBenchmark(applyEnvOverrides({}, { PUSHBENCH_VARIANTS: 'h2', PUSHBENCH_THINK_MS: '150' }), process.cwd()).arms.map(armLabel), ['h2']);
  assert.throws(() => resolveBenchmark(applyEnvOverrides({}, { PUSHBENCH_ORIGIN: 'http://127.0.0.1:3000', PUSHBENCH_THINK_MS: '0,50' }), process.cwd()), usageErr(/with origin .* the think time is your server's own/));
});
