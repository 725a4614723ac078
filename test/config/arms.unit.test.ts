// Arms: which (server, variant) pairs a benchmark measures, and the errors before any browser starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { armLabel, armsOf } from '../../harness/config/arms.ts';
import { resolveBenchmark, applyEnvOverrides } from '../../harness/config/benchmark.ts';
import { UsageError } from '../../harness/shared/usage-error.ts';

const none = { thinkMs: { default: 0, byVariant: {} }, topology: 'direct' as const };

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
  const think = { thinkMs: { default: 0, byVariant: { 'early-hints': 200 } }, topology: 'direct' as const };
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
