// Connection ids for the wire log, `connection`/`connection-close` events, and the list of open
// sockets so that closing a server does not wait for browsers' idle keep-alive connections.
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest, Http2Session } from 'node:http2';
import type { Server as TlsServer, TLSSocket } from 'node:tls';
import type { Server as NetServer, Socket } from 'node:net';
import { getSendQueue, setSendQueue, type SendQueue } from './delivery/send-queue.ts';
import type { WireLog } from './wire-log.ts';

interface ConnectionInfo {
  id: number;
  /** HTTP/1.1 requests so far: the "stream" id of the next one. */
  requests: number;
}

export interface ConnectionTracker {
  /** The connection and stream ids of a request (HTTP/2 stream id, or HTTP/1.1 request counter). */
  idsFor(req: IncomingMessage | Http2ServerRequest): { conn: number; stream: number };
  /** The connection id of a socket the server accepted (0 if unknown). */
  idOf(socket: Socket): number;
  /** An HTTP/2 session runs over this accepted socket (its requests get the socket's id). */
  bindSession(session: Http2Session, socket: Socket): void;
  /** Destroys every open connection; resolves once each has logged its `connection-close`. */
  destroyAll(): Promise<void>;
}

// Http2ServerRequest.socket is a proxy of the session's socket, not the socket itself, so
// HTTP/1.1 connections are keyed by the peer's address and port (unique among live connections)
// and HTTP/2 ones by their session.
function peerKey(socket: { remoteAddress?: string; remotePort?: number }): string {
  return `${socket.remoteAddress}|${socket.remotePort}`;
}

/**
 * Tracks the server's connections. `sendQueue` (browser-facing servers) is set on every accepted
 * TCP socket before the TLS handshake and read back into the `connection` event.
 */
export function trackConnections(server: TlsServer | NetServer, log: WireLog, sendQueue?: SendQueue): ConnectionTracker {
  const open = new Map<string, ConnectionInfo>();
  const sessions = new WeakMap<Http2Session, ConnectionInfo>();
  const bySocket = new WeakMap<Socket, ConnectionInfo>();
  const sockets = new Set<Socket>();
  let nextId = 1;
  const encrypted = 'addContext' in server;

  // Set on the accepted TCP socket before the TLS handshake; what the kernel then reports is logged
  // with the connection (keyed by peer, which the TLS socket built on it shares).
  const sendQueueOf = new Map<string, SendQueue>();
  if (sendQueue !== undefined) {
    server.on('connection', (raw: Socket) => {
      setSendQueue(raw, sendQueue);
      sendQueueOf.set(peerKey(raw), getSendQueue(raw));
    });
  }

  const onSocket = (socket: Socket | TLSSocket): void => {
    const info: ConnectionInfo = { id: nextId++, requests: 0 };
    const key = peerKey(socket);
    open.set(key, info);
    bySocket.set(socket, info);
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
      ...(sendQueueOf.has(key) ? { sendQueue: sendQueueOf.get(key)! } : {}),
    });
    sendQueueOf.delete(key);
    socket.once('close', () => {
      if (open.get(key) === info) open.delete(key);
      sockets.delete(socket);
      log.log({ type: 'connection-close', conn: info.id, bytesRead: socket.bytesRead, bytesWritten: socket.bytesWritten });
    });
  };
  server.on(encrypted ? 'secureConnection' : 'connection', onSocket);

  return {
    idsFor(req) {
      if ('stream' in req) {
        const info = sessions.get(req.stream.session!) ?? open.get(peerKey(req.socket)); // a stock http2 server's session is not bound
        return { conn: info?.id ?? 0, stream: req.stream.id ?? 0 };
      }
      const info = open.get(peerKey(req.socket)) ?? { id: 0, requests: 0 };
      info.requests += 1;
      return { conn: info.id, stream: info.requests };
    },
    idOf(socket) {
      return bySocket.get(socket)?.id ?? 0;
    },
    bindSession(session, socket) {
      const info = bySocket.get(socket);
      if (info) sessions.set(session, info);
    },
    async destroyAll() {
      const closing = [...sockets].map((socket) => (socket.closed ? null : once(socket, 'close')));
      for (const socket of sockets) socket.destroy();
      await Promise.all(closing);
    },
  };
}
