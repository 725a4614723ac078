// Reads the scheduling signals out of the bytes a client sends on an HTTP/2 connection (after TLS):
// the priority block of HEADERS frames and PRIORITY frames (RFC 7540 §5.3, §6.2, §6.3),
// PRIORITY_UPDATE frames (RFC 9218 §7.1), and the flow-control window the client grants (SETTINGS
// INITIAL_WINDOW_SIZE, WINDOW_UPDATE: §6.5.2, §6.9). Node's http2 module consumes these frames
// itself and exposes none of them, so the server taps the decrypted byte stream on its way to Node.
// Everything else is skipped by length; the reader never changes the bytes.

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
const FRAME_HEADER = 9;

const TYPE_HEADERS = 0x1;
const TYPE_PRIORITY = 0x2;
const TYPE_SETTINGS = 0x4;
const TYPE_WINDOW_UPDATE = 0x8;
const TYPE_PRIORITY_UPDATE = 0x10;
const SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
const FLAG_ACK = 0x1;
const FLAG_PADDED = 0x8;
const FLAG_PRIORITY = 0x20;

/** An RFC 7540 priority block: the parent stream, the weight (1–256) and the exclusive bit. */
export interface FramePriority {
  dependsOn: number;
  weight: number;
  exclusive: boolean;
}

export type ClientFrameSignal =
  /** A request's HEADERS frame, with its priority block when the PRIORITY flag was set. */
  | { kind: 'headers'; stream: number; priority: FramePriority | null }
  | { kind: 'priority'; stream: number; priority: FramePriority }
  /** RFC 9218 PRIORITY_UPDATE: `value` is the Priority Field Value (`u=1, i`). */
  | { kind: 'priority-update'; stream: number; value: string }
  /** SETTINGS_INITIAL_WINDOW_SIZE: the send window of every stream, present and future. */
  | { kind: 'initial-window'; bytes: number }
  /** WINDOW_UPDATE; stream 0 is the connection's window. */
  | { kind: 'window-update'; stream: number; increment: number };

function readPriority(buf: Buffer, at: number): FramePriority {
  const word = buf.readUInt32BE(at);
  return { exclusive: (word & 0x80000000) !== 0, dependsOn: word & 0x7fffffff, weight: buf[at + 4]! + 1 };
}

/** Decodes one frame's payload into a signal, or null for frames that carry none. */
function signalOf(type: number, flags: number, stream: number, payload: Buffer): ClientFrameSignal | null {
  if (type === TYPE_HEADERS) {
    const padLength = flags & FLAG_PADDED ? 1 : 0;
    const hasPriority = (flags & FLAG_PRIORITY) !== 0 && payload.length >= padLength + 5;
    return { kind: 'headers', stream, priority: hasPriority ? readPriority(payload, padLength) : null };
  }
  if (type === TYPE_PRIORITY && payload.length === 5) return { kind: 'priority', stream, priority: readPriority(payload, 0) };
  if (type === TYPE_PRIORITY_UPDATE && stream === 0 && payload.length >= 4) {
    return { kind: 'priority-update', stream: payload.readUInt32BE(0) & 0x7fffffff, value: payload.subarray(4).toString('latin1') };
  }
  if (type === TYPE_WINDOW_UPDATE && payload.length === 4) {
    return { kind: 'window-update', stream, increment: payload.readUInt32BE(0) & 0x7fffffff };
  }
  if (type === TYPE_SETTINGS && !(flags & FLAG_ACK)) {
    let bytes: number | null = null; // the last value wins (§6.5.3)
    for (let at = 0; at + 6 <= payload.length; at += 6) {
      if (payload.readUInt16BE(at) === SETTINGS_INITIAL_WINDOW_SIZE) bytes = payload.readUInt32BE(at + 2);
    }
    return bytes === null ? null : { kind: 'initial-window', bytes };
  }
  return null;
}

/**
 * Feed it the client's bytes in order, in chunks of any size; it calls `onSignal` for every
 * priority signal. A stream that is not HTTP/2 (no preface) makes it stop reading silently.
 */
export class ClientFrameReader {
  private pending: Buffer = Buffer.alloc(0);
  private prefaceSeen = false;
  private stopped = false;

  constructor(private readonly onSignal: (signal: ClientFrameSignal) => void) {}

  feed(chunk: Buffer): void {
    if (this.stopped) return;
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    if (!this.prefaceSeen) {
      if (this.pending.length < PREFACE.length) return;
      if (!this.pending.subarray(0, PREFACE.length).equals(PREFACE)) {
        this.stopped = true;
        return;
      }
      this.prefaceSeen = true;
      this.pending = this.pending.subarray(PREFACE.length);
    }
    let at = 0;
    while (this.pending.length - at >= FRAME_HEADER) {
      const length = this.pending.readUIntBE(at, 3);
      if (this.pending.length - at < FRAME_HEADER + length) break;
      const type = this.pending[at + 3]!;
      const flags = this.pending[at + 4]!;
      const stream = this.pending.readUInt32BE(at + 5) & 0x7fffffff;
      const signal = signalOf(type, flags, stream, this.pending.subarray(at + FRAME_HEADER, at + FRAME_HEADER + length));
      at += FRAME_HEADER + length;
      if (signal) this.onSignal(signal);
    }
    // Keep only the unread tail (copied, so a large earlier chunk is not retained).
    this.pending = at === this.pending.length ? Buffer.alloc(0) : Buffer.from(this.pending.subarray(at));
  }
}
