// The devtools shaper measured from a real Chromium page (calibration-devtools.ts): DevTools
// throttling adds its latency per request and paces the body, so a fresh 100 KB fetch takes about
// the theory's transfer time, but the TCP handshake is not delayed at all (the known error).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveProfile } from '../../harness/config/profiles.ts';
import { median } from '../../harness/stats/describe.ts';
import { launchCalibrationChromium, measureInBrowser, warmUp } from '../../harness/shapers/calibration-devtools.ts';
import { devtoolsShaper } from '../../harness/shapers/devtools.ts';
import { freshFetchTheoryMs, slowStartTransferMs } from '../../harness/shapers/transfer-theory.ts';

test('devtools at 150 ms / 1.6 Mbit/s: 100 KB ≈ theory transfer time, connect far below the RTT', { timeout: 30_000 }, async (ctx) => {
  const profile = resolveProfile('custom:rtt=150,down=1600,up=750');
  const link = await devtoolsShaper.start(profile, { slot: 240 });
  const { browser } = await launchCalibrationChromium(); // the registry's "chromium"
  try {
    await warmUp(browser);
    const r = await measureInBrowser(link, browser, { connects: 3, pings: 0, fetchSizes: [100_000], fetchRepeats: 3, downBytes: 0, upBytes: 0 });
    const fetchMs = median(r.fetchMs[100_000]!);
    const connectMs = median(r.connectMs);
    // Time from the first data segment's send to the last one's arrival under slow start (684 ms
    // here); DevTools gives latency + bytes / rate (≈ 650 ms). The full fresh-fetch theory adds
    // the handshake and request (911 ms), which DevTools does not model.
    const transferMs = slowStartTransferMs(100_000, profile.rttMs, profile.downKbps, profile.upKbps);
    ctx.diagnostic(`100 KB ${fetchMs.toFixed(0)} ms (transfer theory ${transferMs.toFixed(0)} ms, fresh-fetch theory ${freshFetchTheoryMs(profile, 100_000).toFixed(0)} ms); connect ${connectMs.toFixed(2)} ms; ${r.protocol}`);
    assert.ok(Math.abs(fetchMs - transferMs) <= 0.3 * transferMs, `100 KB took ${fetchMs} ms, theory transfer ${transferMs} ms`);
    assert.ok(connectMs < 0.1 * profile.rttMs, `connect ${connectMs} ms should be far below the ${profile.rttMs} ms RTT (DevTools does not delay handshakes)`);
  } finally {
    await browser.close();
    await link.stop();
  }
});
