// CASPer-style cache-aware push (h2o's `http2-casper` is the model): a cookie carries a compact
// fingerprint of what this client has been sent, so a returning visitor is not pushed what it has.
// The fingerprint is a Golomb-coded set (Rice parameter 2^6) of 13-bit keys taken from the SHA-1 of
// each resource's path, base64url-encoded, as h2o does. Like h2o's, it cannot see evictions: a client
// that lost a resource from its cache is not pushed it again until the cookie expires.
import { createHash } from 'node:crypto';

export const CASPER_COOKIE = 'pb_casper';
/** Key space 2^13: with a dozen resources a false "has it" is about 1 in 700. */
export const CAPACITY_BITS = 13;
const RICE_BITS = 6;
/** A year, as h2o's far-future expiry. */
const MAX_AGE_S = 31_536_000;

export function casperKey(path: string): number {
  return createHash('sha1').update(path).digest().readUInt32BE(0) >>> (32 - CAPACITY_BITS);
}

export function encodeCasper(keys: Iterable<number>): string {
  const sorted = [...new Set(keys)].sort((a, b) => a - b);
  const bits: number[] = [];
  let previous = 0;
  for (const key of sorted) {
    const delta = key - previous;
    previous = key;
    for (let q = delta >> RICE_BITS; q > 0; q--) bits.push(1);
    bits.push(0);
    for (let b = RICE_BITS - 1; b >= 0; b--) bits.push((delta >> b) & 1);
  }
  const bytes = Buffer.alloc(Math.ceil(bits.length / 8));
  bits.forEach((bit, i) => { if (bit) bytes[i >> 3]! |= 0x80 >> (i & 7); });
  return bytes.toString('base64url');
}

/** The keys of a fingerprint; a malformed one is an empty set (the client then simply gets pushes). */
export function decodeCasper(value: string): Set<number> {
  const keys = new Set<number>();
  if (!/^[A-Za-z0-9_-]*$/.test(value)) return keys;
  const bytes = Buffer.from(value, 'base64url');
  const total = bytes.length * 8;
  const bit = (i: number) => (bytes[i >> 3]! >> (7 - (i & 7))) & 1;
  let at = 0;
  let previous = 0;
  while (total - at >= RICE_BITS + 1) {
    let q = 0;
    while (at < total && bit(at) === 1) { q++; at++; }
    if (total - at < RICE_BITS + 1) break; // padding
    at++; // the 0 that ends the quotient
    let r = 0;
    for (let b = 0; b < RICE_BITS; b++) r = (r << 1) | bit(at++);
    previous += (q << RICE_BITS) | r;
    if (previous >= 1 << CAPACITY_BITS) break;
    keys.add(previous);
  }
  return keys;
}

/** The fingerprint in a request's Cookie header(s), or an empty set. */
export function casperFromCookies(cookie: string | string[] | undefined): Set<number> {
  const all = Array.isArray(cookie) ? cookie.join('; ') : cookie ?? '';
  for (const part of all.split(/;\s*/)) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === CASPER_COOKIE) return decodeCasper(part.slice(eq + 1));
  }
  return new Set();
}

export function casperSetCookie(keys: Iterable<number>): string {
  return `${CASPER_COOKIE}=${encodeCasper(keys)}; Path=/; Max-Age=${MAX_AGE_S}; Secure; SameSite=Lax`;
}
