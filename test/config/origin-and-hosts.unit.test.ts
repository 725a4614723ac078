// Config `origin` (your running server behind the edge) and `hosts` (names mapped to local servers):
// what they turn into, and one clear line for each thing that cannot go with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEnvOverrides, resolveBenchmark } from '../../harness/config/benchmark.ts';
import { parseHostsEnv, resolveHosts } from '../../harness/config/hosts.ts';
import { UsageError } from '../../harness/shared/usage-error.ts';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';
import defaults from '../../pushbench.config.ts';

const resolveWith = (env: Record<string, string>) => resolveBenchmark(applyEnvOverrides(defaults, env), PROJECT_ROOT);
const usage = (pattern: RegExp) => (err: unknown) => err instanceof UsageError && pattern.test(err.message);

test('PUSHBENCH_ORIGIN: topology edge; the site is the run\'s own copy of the server, made when the run opens', () => {
  const b = resolveWith({ PUSHBENCH_ORIGIN: 'http://127.0.0.1:3000/' });
  assert.equal(b.origin, 'http://127.0.0.1:3000');
  assert.equal(b.topology, 'edge');
  assert.equal(b.siteDir, '', 'decided per run: <run>/origin-copy (run-context.ts)');
});

test('an origin refuses what cannot go with it, naming the fix', () => {
  assert.throws(() => resolveWith({ PUSHBENCH_ORIGIN: 'http://192.168.1.5:3000' }), usage(/PUSHBENCH_ORIGIN.*not on this machine's loopback/));
  assert.throws(() => resolveWith({ PUSHBENCH_ORIGIN: 'http://127.0.0.1:3000', PUSHBENCH_THINK_MS: '100' }), usage(/think time is your server's own; set it to 0/));
  assert.throws(() => resolveWith({ PUSHBENCH_ORIGIN: 'http://127.0.0.1:3000', PUSHBENCH_SERVERS: 'pushbench,caddy' }), usage(/only pushbench's edge/));
});

test('PUSHBENCH_HOSTS maps names to loopback servers; anything else is a clear error', () => {
  assert.deepEqual(parseHostsEnv('fonts.example.test=127.0.0.1:4100, img.example.test=localhost:4200'), { 'fonts.example.test': '127.0.0.1:4100', 'img.example.test': 'localhost:4200' });
  assert.deepEqual(resolveHosts({ 'Fonts.Example.Test': 'localhost:4100' }), { 'fonts.example.test': '127.0.0.1:4100' });
  assert.deepEqual(resolveWith({ PUSHBENCH_HOSTS: 'fonts.example.test=127.0.0.1:4100', PUSHBENCH_BROWSERS: 'chromium' }).hosts, { 'fonts.example.test': '127.0.0.1:4100' });
  assert.throws(() => parseHostsEnv('fonts.example.test'), usage(/PUSHBENCH_HOSTS: "fonts.example.test" must be name=127.0.0.1:PORT/));
  assert.throws(() => resolveHosts({ 'fonts.example.test': '8.8.8.8:443' }), usage(/must be a server on this machine's loopback with its port/));
  assert.throws(() => resolveHosts({ 'fonts.example.test': '127.0.0.1' }), usage(/with its port/));
  assert.throws(() => resolveHosts({ '10.0.0.1': '127.0.0.1:4100' }), usage(/not a host name to map/));
  assert.throws(() => resolveWith({ PUSHBENCH_HOSTS: 'fonts.example.test=127.0.0.1:4100', PUSHBENCH_BROWSERS: 'chromium,firefox' }), usage(/Firefox cannot map a host name/));
});

test('a mapped host\'s server must be a real loopback address', () => {
  assert.throws(() => resolveHosts({ 'a.example.test': '127.999.0.1:4100' }), usage(/loopback/), 'not an address: it would be looked up as a name');
  assert.deepEqual(resolveHosts({ 'a.example.test': '[::1]:4100' }), { 'a.example.test': '[::1]:4100' });
});
