// The TCP-level link model of the proxy shaper (no packets: byte streams between two sockets).
// Per direction, one shared link (rate, one-way delay); per connection and direction, a modelled
// TCP sender: segments of 1448 bytes, a congestion window starting at 10 segments and growing by
// one per emulated ACK (an ACK comes back rtt/2 after a segment's delivery), so a fresh
// connection ramps up like slow start instead of bursting at the link rate.
// Times are on a "virtual" clock: the next segment's send time is derived from the modelled ACK
// time, not from when a late timer actually fired, so timer lateness never lowers the rate.
import { HEADER_BYTES, INITIAL_WINDOW, MSS } from './transfer-theory.ts';

/** Runs callbacks at (approximately) given times; events with equal times keep insertion order. */
export interface Scheduler {
  now(): number;
  at(timeMs: number, fn: () => void): void;
}

export class SharedLink {
  /** Virtual time when the link finishes serialising what it has accepted. */
  freeAt = -Infinity;
  constructor(readonly rateKbps: number, readonly delayMs: number, readonly ackRateKbps: number) {}

  serialiseMs(bytes: number, rate = this.rateKbps): number {
    return rate > 0 ? (bytes * 8) / rate : 0;
  }
}

export interface FlowCounters { segments: number; bytes: number }

/** One direction of one proxied connection. */
export class PacedFlow {
  readonly counters: FlowCounters = { segments: 0, bytes: 0 };
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private cwnd = INITIAL_WINDOW;
  private inflight = 0;
  private undelivered = 0;
  private ended = false;

  constructor(
    private readonly link: SharedLink,
    private readonly scheduler: Scheduler,
    private readonly deliver: (data: Buffer) => void,
    private readonly onEnd: () => void,
  ) {}

  get bufferedBytes(): number { return this.pendingBytes; }

  push(data: Buffer): void {
    this.pending.push(data);
    this.pendingBytes += data.length;
    this.pump(this.scheduler.now());
  }

  /** The source finished: end the destination once everything has been delivered. */
  end(): void {
    this.ended = true;
    this.maybeEnd();
  }

  private takeSegment(): Buffer {
    let need = Math.min(MSS, this.pendingBytes);
    const parts: Buffer[] = [];
    while (need > 0) {
      const head = this.pending[0]!;
      if (head.length <= need) { parts.push(head); this.pending.shift(); need -= head.length; }
      else { parts.push(head.subarray(0, need)); this.pending[0] = head.subarray(need); need = 0; }
    }
    const seg = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    this.pendingBytes -= seg.length;
    return seg;
  }

  private pump(virtualNow: number): void {
    while (this.pendingBytes > 0 && this.inflight < this.cwnd) {
      const seg = this.takeSegment();
      const start = Math.max(virtualNow, this.link.freeAt);
      const sent = start + this.link.serialiseMs(seg.length + HEADER_BYTES);
      this.link.freeAt = sent;
      const deliverAt = sent + this.link.delayMs;
      const ackAt = deliverAt + this.link.delayMs + this.link.serialiseMs(HEADER_BYTES, this.link.ackRateKbps);
      this.inflight++;
      this.undelivered++;
      this.counters.segments++;
      this.counters.bytes += seg.length;
      this.scheduler.at(deliverAt, () => {
        this.deliver(seg);
        this.undelivered--;
        this.maybeEnd();
      });
      this.scheduler.at(ackAt, () => {
        this.inflight--;
        this.cwnd++; // slow start: +1 segment per ACK (no loss is modelled, so it never stops)
        this.pump(ackAt);
      });
    }
  }

  private maybeEnd(): void {
    if (this.ended && this.pendingBytes === 0 && this.undelivered === 0) {
      this.ended = false;
      this.onEnd();
    }
  }
}

/**
 * A Scheduler on the real clock: a binary heap of events and one timer. Timers more than ~1.5 ms
 * away use setTimeout (woken 1 ms early), closer ones setImmediate, so events run within a
 * fraction of a millisecond of their time without spinning while idle.
 */
export class RealTimeScheduler implements Scheduler {
  private heap: { t: number; seq: number; fn: () => void }[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;

  now(): number { return performance.now(); }

  at(timeMs: number, fn: () => void): void {
    this.pushHeap({ t: timeMs, seq: this.seq++, fn });
    this.arm();
  }

  private arm(): void {
    if (this.timer) { clearTimeout(this.timer as NodeJS.Timeout); clearImmediate(this.timer as NodeJS.Immediate); this.timer = undefined; }
    const next = this.heap[0];
    if (!next) return;
    const wait = next.t - this.now();
    this.timer = wait > 1.5 ? setTimeout(() => this.run(), wait - 1) : setImmediate(() => this.run());
  }

  private run(): void {
    this.timer = undefined;
    const now = this.now();
    while (this.heap.length > 0 && this.heap[0]!.t <= now) this.popHeap().fn();
    this.arm();
  }

  private less(a: { t: number; seq: number }, b: { t: number; seq: number }): boolean {
    return a.t < b.t || (a.t === b.t && a.seq < b.seq);
  }

  private pushHeap(e: { t: number; seq: number; fn: () => void }): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private popHeap(): { t: number; seq: number; fn: () => void } {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
