// DevTools throttling: the browser's own request-level emulation, applied to every page before
// navigation (Chromium: Network.emulateNetworkConditions, by gather/engines/chromium.ts). No
// packets are shaped: latency is added per request, not per round trip, so TCP/TLS handshakes and
// slow start are not modelled (Lighthouse's "devtools" throttling has the same limits). Loopback
// servers, no prefixes. Only Chromium can apply it; the Firefox engine refuses such a link.
import type { NetworkProfile } from '../config/profile.ts';
import { LOOPBACK_ENDS, type DevtoolsConditions, type Shaper, type ShapedLink } from './shaper.ts';

/** The conditions for a profile: latency = RTT; trace profiles use their mean rate (the profile's kbit/s). */
export function devtoolsConditions(profile: Pick<NetworkProfile, 'rttMs' | 'downKbps' | 'upKbps' | 'lossPct'>): DevtoolsConditions {
  return { latencyMs: profile.rttMs, downloadKbps: profile.downKbps, uploadKbps: profile.upKbps, lossPct: profile.lossPct };
}

export const devtoolsShaper: Shaper = {
  name: 'devtools',
  carriesUdp: true,
  async start(profile): Promise<ShapedLink> {
    return {
      profile,
      info: { shaper: 'devtools', congestionControl: '', queueBytes: 0 },
      ...LOOPBACK_ENDS,
      devtoolsConditions: devtoolsConditions(profile),
      async stop() { /* throttling ends with the page */ },
    };
  },
};
