// The pure model of one direction of an emulated link, used by the TUN emulator (and unit-tested
// without any device). A packet offered at time t goes through, in order:
//   random loss -> drop-tail queue (bytes) -> serialisation at the link rate, or at the delivery
//   opportunities of a mahimahi trace -> propagation delay of rtt/2
// and leaves with a delivery time. Times are milliseconds on any monotonic clock.
// Deliveries come out in offer order (FIFO), so the caller can keep a plain array per direction.

/** Mahimahi's trace unit: each line of a trace is one opportunity to deliver this many bytes. */
import { seededRandom } from '../shared/rng.ts';
export const TRACE_OPPORTUNITY_BYTES = 1500;

export interface LinkDirectionOptions {
  /** Link rate in kbit/s; 0 = unlimited (ignored when `traceMs` is given). */
  rateKbps: number;
  /** One-way propagation delay (rtt/2), ms. */
  delayMs: number;
  /** Random loss per packet, percent. */
  lossPct: number;
  /** Drop-tail queue, bytes (packets waiting for or in serialisation). 0 = unlimited. */
  queueBytes: number;
  /** Mahimahi trace: sorted delivery-opportunity timestamps (ms), looping with period = last one. */
  traceMs?: number[];
  /** Seed of the loss RNG, so runs are reproducible. */
  seed?: number;
}

export interface LinkCounters {
  offered: number;
  delivered: number;
  droppedLoss: number;
  droppedQueue: number;
  bytesOffered: number;
}

/** The project's one seeded PRNG (mulberry32), shared with the statistics module. */
export { seededRandom };

/** Parse a mahimahi trace: one integer millisecond timestamp per line, non-decreasing. */
export function parseTrace(text: string): number[] {
  const times = text.split('\n').map((l) => l.trim()).filter((l) => l !== '').map(Number);
  if (times.length === 0) throw new Error('trace is empty');
  times.forEach((t, i) => {
    if (!Number.isFinite(t) || t < 0) throw new Error(`trace line ${i + 1}: "${t}" is not a timestamp in ms`);
    if (i > 0 && t < times[i - 1]!) throw new Error(`trace line ${i + 1}: timestamps must not decrease`);
  });
  if (times[times.length - 1]! <= 0) throw new Error('trace must end after 0 ms (its last timestamp is its period)');
  return times;
}

export class LinkDirection {
  readonly counters: LinkCounters = { offered: 0, delivered: 0, droppedLoss: 0, droppedQueue: 0, bytesOffered: 0 };
  private readonly random: () => number;
  /** Packets accepted but not fully serialised yet: their serialisation end time and size. */
  private readonly inService: { endMs: number; bytes: number }[] = [];
  private queuedBytes = 0;
  /** Rate mode: when the link finishes serialising everything accepted so far. */
  private busyUntilMs = -Infinity;
  /** Trace mode: the current opportunity (absolute index over the looped trace) and bytes left in it. */
  private opportunity = -1;
  private opportunityBytesLeft = 0;
  /** Trace mode: time origin of the trace (the first offer). */
  private traceOriginMs: number | undefined;

  private readonly opts: LinkDirectionOptions;

  constructor(opts: LinkDirectionOptions) {
    this.opts = { ...opts };
    this.random = seededRandom(opts.seed ?? 1);
  }

  /** Bytes currently in the queue (including the packet being serialised). */
  queueOccupancy(nowMs: number): number {
    while (this.inService.length > 0 && this.inService[0]!.endMs <= nowMs) {
      this.queuedBytes -= this.inService.shift()!.bytes;
    }
    return this.queuedBytes;
  }

  /**
   * Changes the one-way delay from now on (the tun shaper takes its own path's measured latency
   * off the configured delay once the link is up).
   */
  setDelayMs(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`delay ${ms} ms: must be a number ≥ 0`);
    this.opts.delayMs = ms;
  }

  /** Offer a packet of `bytes` at `nowMs`; returns its delivery time, or null when dropped. */
  offer(nowMs: number, bytes: number): number | null {
    this.counters.offered++;
    this.counters.bytesOffered += bytes;
    if (this.opts.lossPct > 0 && this.random() * 100 < this.opts.lossPct) {
      this.counters.droppedLoss++;
      return null;
    }
    const queued = this.queueOccupancy(nowMs);
    if (this.opts.queueBytes > 0 && queued + bytes > this.opts.queueBytes) {
      this.counters.droppedQueue++;
      return null;
    }
    const endMs = this.opts.traceMs ? this.serialiseOnTrace(nowMs, bytes) : this.serialiseAtRate(nowMs, bytes);
    if (endMs > nowMs) {
      this.inService.push({ endMs, bytes });
      this.queuedBytes += bytes;
    }
    this.counters.delivered++;
    return endMs + this.opts.delayMs;
  }

  private serialiseAtRate(nowMs: number, bytes: number): number {
    if (this.opts.rateKbps <= 0) return nowMs;
    const start = Math.max(nowMs, this.busyUntilMs);
    // kbit/s = bits per ms, so bytes*8 / rateKbps is the serialisation time in ms.
    this.busyUntilMs = start + (bytes * 8) / this.opts.rateKbps;
    return this.busyUntilMs;
  }

  /** Time of opportunity `index` of the looped trace. */
  private opportunityTime(index: number): number {
    const trace = this.opts.traceMs!;
    const period = trace[trace.length - 1]!;
    const loop = Math.floor(index / trace.length);
    return this.traceOriginMs! + loop * period + trace[index % trace.length]!;
  }

  /**
   * Mahimahi semantics: each opportunity carries up to 1500 bytes; a packet may span several
   * opportunities and leaves at the one carrying its last byte; opportunities that pass while
   * the queue is empty are lost.
   */
  private serialiseOnTrace(nowMs: number, bytes: number): number {
    this.traceOriginMs ??= nowMs;
    if (this.opportunity < 0 || this.opportunityTime(this.opportunity) < nowMs) {
      // Link idle: skip to the first opportunity at or after now (binary search over loops is
      // overkill for traces of a few thousand lines; advance loop-wise, then line-wise).
      const trace = this.opts.traceMs!;
      const period = trace[trace.length - 1]!;
      let index = Math.max(0, Math.floor((nowMs - this.traceOriginMs) / period) - 1) * trace.length;
      while (this.opportunityTime(index) < nowMs) index++;
      this.opportunity = index;
      this.opportunityBytesLeft = TRACE_OPPORTUNITY_BYTES;
    }
    let remaining = bytes;
    while (remaining > this.opportunityBytesLeft) {
      remaining -= this.opportunityBytesLeft;
      this.opportunity++;
      this.opportunityBytesLeft = TRACE_OPPORTUNITY_BYTES;
    }
    this.opportunityBytesLeft -= remaining;
    return this.opportunityTime(this.opportunity);
  }
}
