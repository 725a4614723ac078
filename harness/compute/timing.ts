// Paint and navigation milestones of one load, from the in-page scripts (ms from navigation start).

import type { CdpEvent, PageArtifacts } from '../gather/artifacts.ts';
import { pathOf } from './urls.ts';

export interface TimingMetrics {
  ttfbMs?: number;
  fcpMs?: number;
  lcpMs?: number;
  lcpElement: string;
  lcpUrl: string;
  dclMs?: number;
  loadMs?: number;
  protocol: string;
  /**
   * One round trip of the navigation's fresh connection handshake (TCP + TLS: half of it; QUIC: all
   * of it, the handshake packets' serialisation included); undefined when a connection was reused.
   */
  handshakeRttMs?: number;
  /** The navigation request's round trip: final response headers − requestStart (server think time included). */
  requestRttMs?: number;
}

/**
 * Time to the first byte of the FINAL response headers. With 103 Early Hints, responseStart is the
 * arrival of the 103 in Chromium; Chromium >= 133 exposes finalResponseHeadersStart. Older builds
 * only tell it through CDP: the document's receiveHeadersEnd, measured from the same send.
 */
export function finalTtfb(page: PageArtifacts | undefined, cdp: readonly CdpEvent[]): number | undefined {
  const nav = page?.navigation;
  if (!nav) return undefined;
  if (nav.finalResponseHeadersStart && nav.finalResponseHeadersStart > 0) return nav.finalResponseHeadersStart;
  const interim = nav.firstInterimResponseStart ?? 0;
  const doc = cdp.find((e) => e.method === 'Network.responseReceived' && e.params.type === 'Document');
  const t = doc?.params.response?.timing;
  if (t && typeof t.receiveHeadersEnd === 'number' && typeof t.sendStart === 'number' && t.sendStart >= 0) {
    const fromCdp = nav.requestStart + (t.receiveHeadersEnd - t.sendStart);
    // Only needed when the 103 may have moved responseStart; otherwise trust the page's own clock.
    if (interim > 0 || fromCdp - nav.responseStart > 5) return Math.max(nav.responseStart, fromCdp);
  }
  return nav.responseStart > 0 ? nav.responseStart : undefined;
}

export function computeTiming(page: PageArtifacts | undefined, cdp: readonly CdpEvent[] = []): TimingMetrics {
  const nav = page?.navigation ?? null;
  const fcp = page?.paint.find((p) => p.name === 'first-contentful-paint');
  const lcp = page?.lcp.candidates.at(-1);
  const positive = (v: number | undefined) => (v !== undefined && v > 0 ? v : undefined);
  let handshakeRttMs: number | undefined;
  if (nav && nav.connectEnd > nav.connectStart) {
    // TCP (1 RTT) + TLS 1.3 (1 RTT) when secure; plain TCP otherwise; QUIC's handshake is one RTT.
    const roundTrips = nav.nextHopProtocol === 'h3' ? 1 : nav.secureConnectionStart > 0 ? 2 : 1;
    handshakeRttMs = (nav.connectEnd - nav.connectStart) / roundTrips;
  }
  const ttfbMs = finalTtfb(page, cdp);
  return {
    ttfbMs,
    fcpMs: fcp?.startTime,
    lcpMs: lcp?.startTime,
    lcpElement: lcp?.element ?? '',
    lcpUrl: lcp?.url ? pathOf(lcp.url) : '',
    dclMs: positive(nav?.domContentLoadedEventEnd),
    loadMs: positive(nav?.loadEventEnd),
    protocol: nav?.nextHopProtocol ?? '',
    handshakeRttMs,
    requestRttMs: nav && ttfbMs !== undefined && nav.requestStart > 0 ? ttfbMs - nav.requestStart : undefined,
  };
}
