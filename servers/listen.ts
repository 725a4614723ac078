// Where servers may listen, and listening with errors a user can act on.
import { once } from 'node:events';
import type { Server } from 'node:net';
import { isIPv4 } from 'node:net';
import { UsageError } from '../harness/shared/usage-error.ts';

/** Loopback, or a 10.x address (which the project only assigns inside its own pb-* namespaces). */
export function isAllowedHost(host: string): boolean {
  if (host === '127.0.0.1' || host === '::1' || host === 'localhost') return true;
  return isIPv4(host) && host.startsWith('10.');
}

export function assertAllowedHost(host: string): void {
  if (!isAllowedHost(host)) {
    throw new UsageError(
      `--host ${host}: servers bind only to 127.0.0.1, ::1, localhost or a 10.x address inside a pb-* network namespace; use one of those`,
    );
  }
}

export function assertPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port ${port}: must be an integer from 0 to 65535 (0 picks a free port)`);
  }
}

/** Listens and resolves with the bound port; EADDRINUSE/EADDRNOTAVAIL become UsageErrors. */
export async function listen(server: Server, host: string, port: number): Promise<number> {
  server.listen({ host, port, exclusive: true });
  try {
    await once(server, 'listening');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${host} is in use; choose another with --port or use --port 0`);
    if (code === 'EADDRNOTAVAIL') throw new UsageError(`--host ${host}: no interface here has this address; start the server inside the namespace that owns it, or use 127.0.0.1`);
    throw err;
  }
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  return address.port;
}

export function originOf(host: string, port: number): string {
  return `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
