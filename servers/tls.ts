// A fresh self-signed certificate per run, generated in memory: no private key ever lands in the repo.
// Browsers are told to trust it by pinning its SubjectPublicKeyInfo hash
// (`--ignore-certificate-errors-spki-list`), never by disabling certificate checks.
import { createHash, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { generate } from 'selfsigned';
import type { TlsMaterial } from './types.ts';

const DEFAULT_HOSTS = ['localhost', 'blog.test', '127.0.0.1', '::1'];

/** base64 sha256 of the certificate's SPKI (DER), the form Chromium's SPKI pin list expects. */
export function spkiSha256(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/**
 * Certificate valid for localhost, blog.test, 127.0.0.1, ::1 and any extra `hosts` (names or IPs);
 * `only`: for `hosts` alone (a second origin's certificate names its own host name and nothing else).
 */
export async function createTlsMaterial(hosts: string[] = [], { only = false }: { only?: boolean } = {}): Promise<TlsMaterial> {
  const names = [...new Set([...(only ? [] : DEFAULT_HOSTS), ...hosts])];
  const altNames = names.map((name) => (isIP(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name }));
  const notBeforeDate = new Date(Date.now() - 60_000); // tolerate small clock differences
  const pems = await generate([{ name: 'commonName', value: 'pushbench' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 7 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { certPem: pems.cert, keyPem: pems.private, spkiSha256: spkiSha256(pems.cert) };
}
