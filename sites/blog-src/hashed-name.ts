// Content-hashed file names: "site.css" + bytes -> "site.<first 8 hex of sha256>.css".
// Shared by the build and the tests that check every name matches its content.
import { createHash } from 'node:crypto';
import path from 'node:path';

export const HASH_LENGTH = 8;

export function contentHash(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, HASH_LENGTH);
}

export function hashedName(baseName: string, bytes: Buffer | string): string {
  const ext = path.extname(baseName);
  return `${baseName.slice(0, -ext.length)}.${contentHash(bytes)}${ext}`;
}

/** "site.3f9a1c2e.css" -> { base: "site.css", hash: "3f9a1c2e" }; null when the name carries no hash. */
export function parseHashedName(name: string): { base: string; hash: string } | null {
  const m = new RegExp(`^(.+)\\.([0-9a-f]{${HASH_LENGTH}})(\\.[a-z0-9]+)$`).exec(name);
  return m ? { base: m[1]! + m[3]!, hash: m[2]! } : null;
}
