// Did the network of a load look like its profile? Compared on the one figure every browser load
// measures cleanly: the TCP connect time of a fresh connection, which on an emulated link is one
// RTT. Tolerance: ±max(15% of the RTT, 5 ms) — wide enough for a busy 2-core machine and for the
// browser's timestamp granularity, narrow enough to catch a link that is not shaped at all or
// shaped twice. Pure.
import type { NetworkProfile } from '../config/profile.ts';
import type { ShaperName } from './shaper.ts';

export const CHECK_RELATIVE_TOLERANCE = 0.15;
export const CHECK_ABSOLUTE_TOLERANCE_MS = 5;

export function checkShaping(profile: NetworkProfile, shaper: ShaperName, measured: { tcpConnectMs?: number }): string {
  if (shaper === 'none' || profile.name === 'none') return 'n/a';
  const connect = measured.tcpConnectMs;
  if (connect === undefined || !Number.isFinite(connect) || connect <= 0) return 'unmeasured';
  const tolerance = Math.max(CHECK_RELATIVE_TOLERANCE * profile.rttMs, CHECK_ABSOLUTE_TOLERANCE_MS);
  if (Math.abs(connect - profile.rttMs) <= tolerance) return 'ok';
  return `off:${Math.round(connect * 10) / 10} vs ${profile.rttMs}`;
}
