// What startCaddyServers refuses before it writes or starts anything, and the one-line hint when Caddy
// is not installed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../../harness/shared/usage-error.ts';
import { variantsWhere } from '../../../harness/shared/variants.ts';
import { caddyErrorLine, caddyExecutable } from '../../../servers/caddy/caddy-process.ts';
import { checkCaddyOptions, type CaddyServersOptions } from '../../../servers/caddy/options.ts';

const OPTIONS: CaddyServersOptions = {
  variants: ['h2'], siteDir: 'sites/blog', host: '127.0.0.1', tls: { certPem: '', keyPem: '', spkiSha256: '' },
  delivery: { sendQueue: 16384, priorities: 'on', push: 'all' }, topology: 'direct', thinkMs: 0,
  wireLogDir: '/nonexistent/logs', stateDir: '/nonexistent/state', port: 0,
};

const usageError = (pattern: RegExp) => (err: unknown) => err instanceof UsageError && pattern.test(err.message) && !err.message.includes('\n');

test('a variant Caddy does not implement: named, with the families that can and the variants Caddy can', () => {
  const pushbenchOnly = variantsWhere((v) => !v.families.includes('caddy'));
  assert.ok(pushbenchOnly.length > 0);
  for (const variant of pushbenchOnly) {
    assert.throws(() => checkCaddyOptions({ ...OPTIONS, variants: [variant] }), usageError(new RegExp(`${variant} is not implemented by caddy \\(only by pushbench\\)`)));
  }
});

test('a think time needs topology edge; per-variant think times are checked per variant', () => {
  assert.throws(() => checkCaddyOptions({ ...OPTIONS, thinkMs: 100 }), usageError(/without a think time; use topology edge/));
  assert.throws(() => checkCaddyOptions({ ...OPTIONS, variants: ['h1', 'h2'], thinkMs: (v) => (v === 'h2' ? 50 : 0) }), usageError(/think-ms 50 \(h2\)/));
  const edge = checkCaddyOptions({ ...OPTIONS, topology: 'edge', thinkMs: (v) => (v === 'h2' ? 50 : 0) });
  assert.equal(edge.thinkMsOf('h2'), 50);
  assert.equal(checkCaddyOptions(OPTIONS).thinkMsOf('h2'), 0);
});

test('host, port and variants list are checked', () => {
  assert.throws(() => checkCaddyOptions({ ...OPTIONS, host: '0.0.0.0' }), usageError(/--host 0\.0\.0\.0/));
  assert.throws(() => checkCaddyOptions({ ...OPTIONS, port: 70000 }), usageError(/--port 70000/));
  assert.throws(() => checkCaddyOptions({ ...OPTIONS, variants: ['h1', 'h2'], port: 65535 }), usageError(/--port 65536/));
  assert.throws(() => checkCaddyOptions({ ...OPTIONS, variants: [] }), usageError(/variants: none/));
  assert.throws(() => checkCaddyOptions({ ...OPTIONS, variants: ['h2', 'h2'] }), usageError(/listed twice/));
});

test('caddy not on PATH: a one-line UsageError saying how to install it', () => {
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    assert.throws(() => caddyExecutable(), usageError(/apt-get install -y caddy/));
  } finally {
    process.env.PATH = path;
  }
});

test("Caddy's own error line is what a failed start reports", () => {
  assert.equal(caddyErrorLine(['{"level":"info","msg":"x"}', 'Error: loading initial config: listen tcp: bind: address already in use']), 'Error: loading initial config: listen tcp: bind: address already in use');
  assert.equal(caddyErrorLine(['{"level":"info","msg":"x"}', '{"level":"error","msg":"setting up","error":"boom"}', '{"level":"info","msg":"y"}']), 'setting up: boom');
});

test('sites: one variant at several think times, each its own named site; checked per site', () => {
  const sweep = [{ variant: 'h2' as const, thinkMs: 0, name: 'h2+t0' }, { variant: 'h2' as const, thinkMs: 150, name: 'h2+t150' }];
  const edge = checkCaddyOptions({ ...OPTIONS, topology: 'edge', sites: sweep });
  assert.deepEqual(edge.sites, sweep);
  assert.deepEqual(checkCaddyOptions({ ...OPTIONS, variants: ['h1', 'h2'] }).sites.map((s) => s.name), ['h1', 'h2'], 'without sites: one per variant, named after it');
  assert.throws(() => checkCaddyOptions({ ...OPTIONS, sites: sweep }), usageError(/think-ms 150 \(h2\).*use topology edge/));
  assert.throws(() => checkCaddyOptions({ ...OPTIONS, topology: 'edge', sites: [sweep[0]!, sweep[0]!] }), usageError(/sites: h2\+t0 is named twice/));
  assert.throws(() => checkCaddyOptions({ ...OPTIONS, topology: 'edge', sites: [{ variant: 'h1', thinkMs: 0, name: 'h1' }] }), usageError(/sites: h1 serves h1, which variants does not list/));
  assert.throws(() => checkCaddyOptions({ ...OPTIONS, topology: 'edge', sites: sweep, port: 65535 }), usageError(/--port 65536/), 'a port per site');
});
