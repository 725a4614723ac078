// A shallow kernel send queue per server socket: TCP_NOTSENT_LOWAT (Linux). With it the kernel
// keeps at most about `bytes` of not-yet-sent data for the socket (plus what is in flight on the
// network), so the server's scheduler still holds the rest and can send a newly requested urgent
// response next, instead of queueing it behind everything written before (the deep-buffer problem
// of Pat Meenan's and Andy Davies' HTTP/2 prioritization tests). `unlimited` is Linux's default
// (4294967295: a new network namespace starts with it), i.e. what a server without the setting does.
// Node has no setsockopt, so the call goes through koffi (already used by the TUN emulator).
import koffi from 'koffi';
import type { Socket } from 'node:net';

export type SendQueue = number | 'unlimited';
export const DEFAULT_SEND_QUEUE: SendQueue = 16_384;

const IPPROTO_TCP = 6;
const TCP_NOTSENT_LOWAT = 25;
const UNLIMITED = 0xffffffff;

interface SockoptCalls {
  setsockopt(fd: number, level: number, name: number, value: Buffer, length: number): number;
  getsockopt(fd: number, level: number, name: number, value: Buffer, length: Buffer): number;
  errno(): number;
}

let calls: SockoptCalls | undefined;
function sockopt(): SockoptCalls {
  if (calls) return calls;
  const lib = koffi.load('libc.so.6');
  calls = {
    setsockopt: lib.func('int setsockopt(int fd, int level, int name, const void *value, unsigned int length)'),
    getsockopt: lib.func('int getsockopt(int fd, int level, int name, void *value, void *length)'),
    errno: () => koffi.errno(),
  };
  return calls;
}

/** The socket's file descriptor (a TCP socket accepted by a Node server on Linux). */
function fdOf(socket: Socket): number {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) throw new Error('send queue: the socket has no file descriptor');
  return fd;
}

/** Sets TCP_NOTSENT_LOWAT on an accepted TCP socket; throws with errno if the kernel refuses. */
export function setSendQueue(socket: Socket, queue: SendQueue): void {
  const value = Buffer.alloc(4);
  value.writeUInt32LE(queue === 'unlimited' ? UNLIMITED : queue);
  if (sockopt().setsockopt(fdOf(socket), IPPROTO_TCP, TCP_NOTSENT_LOWAT, value, 4) !== 0) {
    throw new Error(`send queue: setsockopt(TCP_NOTSENT_LOWAT) failed, errno ${sockopt().errno()}`);
  }
}

/** Reads TCP_NOTSENT_LOWAT back (for tests and the wire log). */
export function getSendQueue(socket: Socket): SendQueue {
  const value = Buffer.alloc(4);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(4);
  if (sockopt().getsockopt(fdOf(socket), IPPROTO_TCP, TCP_NOTSENT_LOWAT, value, length) !== 0) {
    throw new Error(`send queue: getsockopt(TCP_NOTSENT_LOWAT) failed, errno ${sockopt().errno()}`);
  }
  const bytes = value.readUInt32LE();
  return bytes === UNLIMITED ? 'unlimited' : bytes;
}

/** Parses a `--send-queue` / `sendQueue` value: bytes (≥ 1) or `unlimited`. */
export function parseSendQueue(raw: string | number): SendQueue | null {
  if (raw === 'unlimited') return 'unlimited';
  const n = typeof raw === 'number' ? raw : /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  return Number.isInteger(n) && n >= 1 && n < UNLIMITED ? n : null;
}
