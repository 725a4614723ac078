// Did the network of a load look like its profile? Compared on the handshake RTT of the load's
// fresh connection: Navigation Timing's connectStart → connectEnd spans the TCP handshake and the
// TLS 1.3 handshake, two round trips, so half of it is one RTT. (The split at
// secureConnectionStart is not reliable: Chromium 156 was seen to report 30 ms TCP + 45 ms TLS on
// a 40 ms link.) Tolerance: ±max(15% of the RTT, 5 ms) — wide enough for a busy 2-core machine and for the
// browser's timestamp granularity, narrow enough to catch a link that is not shaped at all or
// shaped twice. Pure.
import type { NetworkProfile } from '../config/profile.ts';
import type { ShaperName } from './shaper.ts';
import { QUIC_DATAGRAM_WIRE_BYTES, serialise } from './transfer-theory.ts';

export const CHECK_RELATIVE_TOLERANCE = 0.15;
export const CHECK_ABSOLUTE_TOLERANCE_MS = 5;

// DevTools throttling does not delay handshakes (calibration: a connect takes ~0 ms), it delays
// each request by the RTT: for `devtools` the figure is the navigation request's round trip
// (final response headers − requestStart − server think time).
//
// QUIC (protocol h3): the one-RTT handshake carries the client's Initial datagrams, padded to
// 1200+ bytes, up, and the server's first flight down, and at profile rates their serialisation is
// a large share of the figure (slow-4g: 14 ms up per datagram). The smallest such exchange, one
// 1280-byte datagram each way, is taken off before comparing. (Chromium 156's ClientHello with its
// ML-KEM key share takes two datagrams: about 14 ms more at 750 kbit/s, inside the tolerance.)

export function checkShaping(profile: NetworkProfile, shaper: ShaperName, measured: { handshakeRttMs?: number; requestRttMs?: number; protocol?: string }): string {
  if (shaper === 'none' || profile.name === 'none') return 'n/a';
  const quicPackets = measured.protocol === 'h3' && measured.handshakeRttMs !== undefined
    ? serialise(QUIC_DATAGRAM_WIRE_BYTES, profile.upKbps) + serialise(QUIC_DATAGRAM_WIRE_BYTES, profile.downKbps)
    : 0;
  const connect = shaper === 'devtools' ? measured.requestRttMs : measured.handshakeRttMs === undefined ? undefined : measured.handshakeRttMs - quicPackets;
  if (connect === undefined || !Number.isFinite(connect) || connect <= 0) return 'unmeasured';
  const tolerance = Math.max(CHECK_RELATIVE_TOLERANCE * profile.rttMs, CHECK_ABSOLUTE_TOLERANCE_MS);
  if (Math.abs(connect - profile.rttMs) <= tolerance) return 'ok';
  return `off:${Math.round(connect * 10) / 10} vs ${profile.rttMs}`;
}
