// Chromium's DevTools network emulation (Network.emulateNetworkConditions) for a link's devtools
// conditions (harness/shapers/devtools.ts). The one CDP translation of them, shared by the
// Chromium engine (harness/gather/engines/chromium.ts) and the devtools calibration
// (harness/shapers/calibration-devtools.ts), which both sit above this layer.

/** The part of a Playwright CDPSession used here (kept minimal so tests can fake it). */
export interface CdpLike {
  send(method: string, params?: Record<string, unknown>): Promise<unknown>;
}

/** Structurally the shapers' DevtoolsConditions: latency ms, rates kbit/s (0 = unlimited), loss %. */
export type NetworkConditions = { latencyMs: number; downloadKbps: number; uploadKbps: number; lossPct: number };

/** The CDP parameters: latency in ms, throughputs in bytes/s (-1 = off). */
export function emulateNetworkParams(conditions: NetworkConditions): Record<string, unknown> {
  const bytesPerSecond = (kbps: number): number => (kbps > 0 ? (kbps * 1000) / 8 : -1);
  const params: Record<string, unknown> = {
    offline: false,
    latency: conditions.latencyMs,
    downloadThroughput: bytesPerSecond(conditions.downloadKbps),
    uploadThroughput: bytesPerSecond(conditions.uploadKbps),
  };
  // Chromium ≥ 125 understands packetLoss; older ones ignore unknown fields only if absent.
  if (conditions.lossPct > 0) params.packetLoss = conditions.lossPct;
  return params;
}

/** Throttles the page behind `cdp`; call before its navigation. */
export async function emulateNetworkConditions(cdp: CdpLike, conditions: NetworkConditions): Promise<void> {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', emulateNetworkParams(conditions));
}
