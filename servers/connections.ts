// Connection ids for the wire log, `connection`/`connection-close` events, and the list of open
// sockets so that closing a server does not wait for browsers' idle keep-alive connections.
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import type { Server as TlsServer, TLSSocket } from 'node:tls';
import type { Server as NetServer, Socket } from 'node:net';
import type { WireLog } from './wire-log.ts';

interface ConnectionInfo {
  id: number;
  /** HTTP/1.1 requests so far: the "stream" id of the next one. */
  requests: number;
}

export interface ConnectionTracker {
  /** The connection and stream ids of a request (HTTP/2 stream id, or HTTP/1.1 request counter). */
  idsFor(req: IncomingMessage | Http2ServerRequest): { conn: number; stream: number };
  /** Destroys every open connection; resolves once each has logged its `connection-close`. */
  destroyAll(): Promise<void>;
}

// Http2ServerRequest.socket is a proxy of the session's socket, not the socket itself, so
// connections are keyed by the peer's address and port (unique among live connections).
function peerKey(socket: { remoteAddress?: string; remotePort?: number }): string {
  return `${socket.remoteAddress}|${socket.remotePort}`;
}

export function trackConnections(server: TlsServer | NetServer, log: WireLog): ConnectionTracker {
  const open = new Map<string, ConnectionInfo>();
  const sockets = new Set<Socket>();
  let nextId = 1;
  const encrypted = 'addContext' in server;

  const onSocket = (socket: Socket | TLSSocket): void => {
    const info: ConnectionInfo = { id: nextId++, requests: 0 };
    const key = peerKey(socket);
    open.set(key, info);
    sockets.add(socket);
    const tls = encrypted ? (socket as TLSSocket) : null;
    log.log({
      type: 'connection',
      conn: info.id,
      alpn: tls ? tls.alpnProtocol || null : 'http/1.1',
      tlsVersion: tls ? tls.getProtocol() : null,
      tlsResumed: tls ? tls.isSessionReused() : null,
      remoteAddress: socket.remoteAddress ?? null,
      remotePort: socket.remotePort ?? null,
    });
    socket.once('close', () => {
      if (open.get(key) === info) open.delete(key);
      sockets.delete(socket);
      log.log({ type: 'connection-close', conn: info.id, bytesRead: socket.bytesRead, bytesWritten: socket.bytesWritten });
    });
  };
  server.on(encrypted ? 'secureConnection' : 'connection', onSocket);

  return {
    idsFor(req) {
      const info = open.get(peerKey(req.socket)) ?? { id: 0, requests: 0 };
      if ('stream' in req) return { conn: info.id, stream: req.stream.id ?? 0 };
      info.requests += 1;
      return { conn: info.id, stream: info.requests };
    },
    async destroyAll() {
      const closing = [...sockets].map((socket) => (socket.closed ? null : once(socket, 'close')));
      for (const socket of sockets) socket.destroy();
      await Promise.all(closing);
    },
  };
}
