// Firefox has no SPKI pin flag. Instead the run's certificate is made a trust anchor of the load's
// own profile (certutil from Debian's libnss3-tools writes it into <profile>/cert9.db), so
// certificate verification stays on and nothing outside that profile trusts it.
//
// The harness knows the certificate only by its SPKI hash (the server process announces it), so
// the certificate itself is read from the server's TLS handshake — through the shaper's command
// prefix, since the server may only be reachable from inside the browser's namespace — and is
// imported only if its SPKI hash equals the announced one.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { spkiSha256 } from '../../../servers/tls.ts';

const run = promisify(execFile);

// Prints the server's leaf certificate (PEM). Plain JS so it starts fast under `ip netns exec`.
const FETCH_SCRIPT = `
const tls = require('node:tls');
const [host, port, servername] = process.argv.slice(1);
const s = tls.connect({ host, port: Number(port), servername: servername || undefined, rejectUnauthorized: false, ALPNProtocols: ['h2', 'http/1.1'] }, () => {
  const der = s.getPeerCertificate().raw;
  process.stdout.write('-----BEGIN CERTIFICATE-----\\n' + der.toString('base64').match(/.{1,64}/g).join('\\n') + '\\n-----END CERTIFICATE-----\\n');
  s.end();
});
s.setTimeout(10000, () => { console.error('timeout'); process.exit(1); });
s.on('error', (e) => { console.error(e.message); process.exit(1); });
`;

const fetched = new Map<string, Promise<string>>();

/** The PEM certificate served at `url`'s origin, checked against the pinned SPKI hash (cached per origin). */
export function pinnedCertificate(url: string, spki: string, commandPrefix: readonly string[]): Promise<string> {
  const u = new URL(url);
  const key = `${u.host}\0${spki}\0${commandPrefix.join(' ')}`;
  let pending = fetched.get(key);
  if (!pending) {
    pending = fetchCertificate(u, spki, commandPrefix);
    fetched.set(key, pending);
    pending.catch(() => fetched.delete(key));
  }
  return pending;
}

async function fetchCertificate(u: URL, spki: string, prefix: readonly string[]): Promise<string> {
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = u.port || '443';
  const servername = /^[\d.:]+$/.test(host) ? '' : host;
  const argv = [...prefix, process.execPath, '-e', FETCH_SCRIPT, host, port, servername];
  let stdout: string;
  try {
    ({ stdout } = await run(argv[0]!, argv.slice(1), { timeout: 15_000 }));
  } catch (err) {
    const why = String((err as { stderr?: string }).stderr ?? '').trim().split('\n')[0] || (err as Error).message.split('\n')[0];
    throw new Error(`network: could not read the server certificate of ${u.host}: ${why}`);
  }
  if (spkiSha256(stdout) !== spki) {
    throw new Error(`certificate: the server at ${u.host} presented a certificate whose SPKI hash is not the run's (${spki})`);
  }
  return stdout;
}

/** Creates the profile's NSS database and makes `certPem` a trusted TLS anchor in it. */
export async function trustInProfile(userDataDir: string, certPem: string): Promise<void> {
  const db = `sql:${userDataDir}`;
  const file = path.join(userDataDir, 'pushbench-run-cert.pem');
  fs.writeFileSync(file, certPem);
  try {
    if (!fs.existsSync(path.join(userDataDir, 'cert9.db'))) await run('certutil', ['-N', '-d', db, '--empty-password']);
    // "CT,,": trusted to issue TLS server certificates (and so to be one). Peer trust ("P,,") is
    // not enough for Firefox: it still reports MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT.
    await run('certutil', ['-A', '-d', db, '-n', 'pushbench run certificate', '-t', 'CT,,', '-a', '-i', file]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('certificate: Firefox needs `certutil` to trust the run certificate in its profile; install it with `apt-get install libnss3-tools`');
    }
    throw err;
  } finally {
    fs.rmSync(file, { force: true });
  }
}
