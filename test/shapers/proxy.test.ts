// Through the unprivileged SOCKS5 proxy shaper (no root needed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../harness/shared/usage-error.ts';
import { resolveProfile } from '../../harness/config/profiles.ts';
import { measureThroughLink } from '../../harness/shapers/calibration.ts';
import { median } from '../../harness/stats/describe.ts';
import { proxyShaper } from '../../harness/shapers/proxy.ts';
import { clientCommandPrefix } from '../../harness/shapers/shaper.ts';
import { freshFetchTheoryMs } from '../../harness/shapers/transfer-theory.ts';

test('proxy link: connect ≈ RTT and a fresh 100 KB ≈ slow-start theory', async () => {
  const profile = resolveProfile('custom:rtt=100,down=5000,up=2000');
  const link = await proxyShaper.start(profile, { slot: 0 });
  try {
    assert.equal(link.serverHost, '127.0.0.1');
    assert.equal(link.socksProxy?.host, '127.0.0.1', 'the link describes its SOCKS5 proxy');
    assert.ok(link.socksProxy.port > 0);
    assert.deepEqual(clientCommandPrefix(link), [], 'the browser runs here');
    const { result } = await measureThroughLink(link, { connects: 5, pings: 0, fetchSizes: [100_000], fetchRepeats: 3, downBytes: 0, upBytes: 0 });
    const connect = median(result.connectMs);
    assert.ok(connect >= 85 && connect <= 130, `connect ${connect} ms at 100 ms RTT`);
    const fetch = median(result.fetchMs[100_000]!);
    const theory = freshFetchTheoryMs(profile, 100_000);
    assert.ok(Math.abs(fetch - theory) <= 0.25 * theory, `100 KB in ${fetch} ms, theory ${theory}`);
  } finally {
    await link.stop();
  }
});

test('proxy refuses what it cannot model', async () => {
  await assert.rejects(proxyShaper.start(resolveProfile('custom:rtt=50,down=1000,up=1000,loss=1'), { slot: 0 }),
    (err: unknown) => err instanceof UsageError && err.message.includes('lossPct') && err.message.includes('--shaper tun'));
});
