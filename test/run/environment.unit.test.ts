// What a link must carry for the arms of a run: QUIC is UDP, and the SOCKS proxy carries TCP only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertCarries } from '../../harness/run/environment.ts';
import { SHAPERS } from '../../harness/shapers/index.ts';
import { UsageError } from '../../harness/shared/usage-error.ts';

test('an HTTP/3 arm through the proxy shaper is a UsageError naming shapers that carry UDP', () => {
  const arms = [{ server: 'caddy' as const, variant: 'h2' as const, thinkMs: 0 }, { server: 'caddy' as const, variant: 'h3-early-hints' as const, thinkMs: 0 }];
  assert.throws(() => assertCarries(SHAPERS.proxy, arms), (err: unknown) =>
    err instanceof UsageError && /proxy carries TCP only/.test(err.message) && /h3-early-hints@caddy/.test(err.message) && /\btun\b/.test(err.message));
  assert.doesNotThrow(() => assertCarries(SHAPERS.tun, arms));
  assert.doesNotThrow(() => assertCarries(SHAPERS.proxy, [arms[0]!]), 'TCP arms only: the proxy will do');
});
