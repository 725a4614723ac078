// A Duplex in front of a TLS socket, for Node's http2 module:
// - reads: every decrypted byte the client sends is shown to a reader before Node consumes it (Node
//   keeps the frames' priority and flow-control fields to itself);
// - writes: coalesced into as few TLS records (and TCP segments) as possible, as h2o and nginx do.
//   Node's http2 module hands a JS stream each frame header and payload as separate buffers, one
//   batch per event-loop turn; written one by one, each would be its own TLS record and, with
//   Nagle off, its own TCP segment, and ten tiny SETTINGS / PUSH_PROMISE / HEADERS segments use up a
//   new connection's whole initial congestion window (10 segments), holding the HTML back a round
//   trip. So writes are gathered while more keep coming (each turn of the event loop that adds
//   bytes waits one more), up to COALESCE_BYTES, then written at once.
//   A write is acknowledged at once while the socket keeps up, so Node can produce its next batch
//   into the same record; once the socket has a write pending (the kernel's send queue is full) the
//   acknowledgement waits for it, which is what keeps the queue above the kernel shallow.
// - TLS records: small (one TCP segment each) for a connection's first SMALL_RECORDS_BYTES, as h2o
//   and nginx's dynamic record sizing do. A browser can use none of a record's bytes before the whole
//   record has arrived, and a 16 KB record does not fit in what a new connection's first flight has
//   left after the handshake: with it, even the response's HEADERS wait one more round trip.
import { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';

/**
 * Write at once when this much is gathered: one scheduler chunk (16 KB) with its frame header goes
 * out alone, while a short body and the empty DATA frame that ends it (Node always ends a stream with
 * one) go out together.
 */
export const COALESCE_BYTES = 16_384;

/** Turns of the event loop without new bytes before gathered bytes are written (about 0.05 ms each when idle). */
export const QUIET_TURNS = 4;

/** Plaintext bytes per TLS record at first: a record plus its 22 bytes of TLS 1.3 overhead fits one 1448-byte segment. */
export const SMALL_RECORD_BYTES = 1400;
/** Bytes written in small records before records grow to TLS's 16 KB maximum. */
export const SMALL_RECORDS_BYTES = 65_536;

type Callback = (err?: Error | null) => void;

export class TappedSocket extends Duplex {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private flushScheduled = false;
  private sizeAtLastTurn = 0;
  private writesInFlight = 0;
  private waiting: Callback[] = [];
  private written = 0;

  constructor(private readonly socket: TLSSocket, onClientBytes: (chunk: Buffer) => void) {
    super();
    socket.setMaxSendFragment(SMALL_RECORD_BYTES);
    socket.on('data', (chunk: Buffer) => {
      onClientBytes(chunk);
      if (!this.push(chunk)) socket.pause();
    });
    socket.once('end', () => this.push(null));
    socket.once('close', () => this.destroy());
    socket.on('error', (err) => this.destroy(err));
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: Callback): void {
    this.gather([chunk], callback);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: Callback): void {
    this.gather(chunks.map((c) => c.chunk), callback);
  }

  override _final(callback: Callback): void {
    this.flush();
    this.socket.end(callback);
  }

  override _destroy(err: Error | null, callback: Callback): void {
    this.releaseWaiting();
    this.socket.destroy();
    callback(err);
  }

  private gather(chunks: Buffer[], callback: Callback): void {
    if (this.socket.destroyed) {
      callback();
      return;
    }
    for (const chunk of chunks) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
    }
    if (this.writesInFlight > 0) this.waiting.push(callback);
    else callback();
    if (this.pendingBytes >= COALESCE_BYTES) this.flush();
    else this.scheduleFlush();
  }

  /**
   * Writes once QUIET_TURNS turns of the event loop in a row have added nothing. One is not enough:
   * Node's http2 module needs a few turns to go from one batch of frames to the next (the write's
   * completion, then the session's next send), and a stream's closing frame comes a few turns after
   * its last data.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.sizeAtLastTurn = this.pendingBytes;
    let quiet = 0;
    const turn = (): void => {
      if (this.pendingBytes !== this.sizeAtLastTurn) {
        this.sizeAtLastTurn = this.pendingBytes;
        quiet = 0;
      } else quiet += 1;
      if (quiet < QUIET_TURNS && this.pendingBytes > 0) {
        setImmediate(turn);
        return;
      }
      this.flushScheduled = false;
      this.flush();
    };
    setImmediate(turn);
  }

  private flush(): void {
    if (this.pendingBytes === 0 || this.socket.destroyed) return;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.sizeAtLastTurn = 0;
    if (this.written < SMALL_RECORDS_BYTES && this.written + data.length >= SMALL_RECORDS_BYTES) this.socket.setMaxSendFragment(16_384);
    this.written += data.length;
    this.writesInFlight += 1;
    this.socket.write(data, () => {
      this.writesInFlight -= 1;
      if (this.writesInFlight === 0) this.releaseWaiting();
    });
  }

  private releaseWaiting(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const callback of waiting) callback();
  }
}
