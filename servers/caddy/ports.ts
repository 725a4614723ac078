// Ports for Caddy's sites, checked before Caddy starts. Caddy 2.6 listens with SO_REUSEPORT, so a
// port another Caddy already holds would not fail its start (the two would silently share it): a
// port is only handed to Caddy after pushbench itself could bind it exclusively. A QUIC site needs
// the UDP port of the same number free too (Caddy binds both).
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { once } from 'node:events';
import { createServer, isIPv6, type Server } from 'node:net';
import { UsageError } from '../../harness/shared/usage-error.ts';
import { listen } from '../listen.ts';

export interface PortNeed {
  /** Also the UDP port of the same number (QUIC). */
  udp: boolean;
}

interface Held {
  port: number;
  release(): Promise<void>;
}

async function bindUdp(host: string, port: number): Promise<UdpSocket | null> {
  const socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', reuseAddr: false });
  socket.bind({ address: host, port, exclusive: true });
  try {
    await Promise.race([once(socket, 'listening'), once(socket, 'error').then(([err]) => Promise.reject(err))]);
    return socket;
  } catch (err) {
    socket.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') return null;
    throw err;
  }
}

function closeTcp(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Binds TCP (and UDP) on `port` (0: any free one); null when the UDP half is taken. */
async function hold(host: string, port: number, need: PortNeed): Promise<Held | null> {
  const server = createServer();
  const bound = await listen(server, host, port); // EADDRINUSE: a UsageError naming the port
  const udp = need.udp ? await bindUdp(host, bound) : undefined;
  if (udp === null) {
    await closeTcp(server);
    return null;
  }
  return {
    port: bound,
    release: async () => {
      udp?.close();
      await closeTcp(server);
    },
  };
}

const ATTEMPTS = 50;

/**
 * One port per need: `first` 0 picks free ones, N gives N, N+1, … (each must be free). All are held
 * at once while choosing, so no two needs get the same port, and released before returning.
 */
export async function choosePorts(host: string, first: number, needs: readonly PortNeed[]): Promise<number[]> {
  const held: Held[] = [];
  try {
    for (const [i, need] of needs.entries()) {
      let got: Held | null = null;
      for (let attempt = 0; got === null && attempt < (first === 0 ? ATTEMPTS : 1); attempt++) {
        got = await hold(host, first === 0 ? 0 : first + i, need);
      }
      if (got === null) {
        if (first !== 0) throw new UsageError(`port ${first + i}/udp on ${host} is in use (an HTTP/3 site needs it); choose another with --port or use --port 0`);
        throw new Error(`no port on ${host} with both TCP and UDP free after ${ATTEMPTS} tries`);
      }
      held.push(got);
    }
    return held.map((h) => h.port);
  } finally {
    await Promise.all(held.map((h) => h.release()));
  }
}
