// DevTools throttling: Chromium's own request-level emulation (Network.emulateNetworkConditions)
// applied to every page before navigation. No packets are shaped: latency is added per request,
// not per round trip, so TCP/TLS handshakes and slow start are not modelled (Lighthouse's
// "devtools" throttling has the same limits). Loopback servers, no prefixes.
import type { CdpLike, Shaper, ShapedLink } from './shaper.ts';

/** The CDP parameters for a profile: latency = RTT (ms), throughputs in bytes/s (-1 = off). */
export function emulateNetworkParams(profile: { rttMs: number; downKbps: number; upKbps: number; lossPct: number }): Record<string, unknown> {
  const bytesPerSecond = (kbps: number): number => (kbps > 0 ? (kbps * 1000) / 8 : -1);
  const params: Record<string, unknown> = {
    offline: false,
    latency: profile.rttMs,
    downloadThroughput: bytesPerSecond(profile.downKbps),
    uploadThroughput: bytesPerSecond(profile.upKbps),
  };
  // Chromium ≥ 125 understands packetLoss; older ones ignore unknown fields only if absent.
  if (profile.lossPct > 0) params.packetLoss = profile.lossPct;
  return params;
}

export const devtoolsShaper: Shaper = {
  name: 'devtools',
  async start(profile): Promise<ShapedLink> {
    const params = emulateNetworkParams(profile);
    return {
      profile,
      info: { shaper: 'devtools', congestionControl: '', queueBytes: 0 },
      serverHost: '127.0.0.1',
      serverCommandPrefix: [],
      browserCommandPrefix: [],
      browserArgs: [],
      async preparePage(cdp: CdpLike | undefined) {
        if (!cdp) throw new Error('the devtools shaper needs a Chromium CDP session (use --shaper tun or proxy for other browsers)');
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', params);
      },
      async stop() { /* throttling ends with the page */ },
    };
  },
};
