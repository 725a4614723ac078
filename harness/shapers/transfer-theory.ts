// The one TCP model of pushbench: what an ideal link of a profile should give. `pushbench
// calibrate` (calibration.ts) compares shapers with it, and the physics bound
// (harness/compute/bound.ts) delivers a page's responses through it, so the two cannot disagree.
//
// Model (pure; times in ms, rates in kbit/s = bits per ms; 0 = unlimited):
// - Every packet is serialised at the link rate (packet bytes * 8 / rate) and then delayed rtt/2.
//   A full data segment carries MSS = 1448 payload bytes in 1500 wire bytes (IP 20 + TCP 20 +
//   timestamps 12), so goodput = rate * 1448/1500; a shorter segment still carries all 52 header
//   bytes.
// - Connect: SYN (60 B) up, SYN-ACK (60 B) down: rtt + their serialisation.
// - The request (its bytes + 52 B headers) leaves as soon as the connect completes: + its
//   serialisation up + rtt/2.
// - Responses follow TCP slow start without loss (`deliver`): an initial window of 10 segments,
//   then each ACK (52 B, one per segment, back after rtt/2 + its serialisation up) releases two
//   segments (cwnd + 1 per ACK, i.e. doubling per RTT), with the link rate as the cap (segments
//   queue behind each other). The receive window is assumed never to limit.
//   `deliver` runs this a window (round trip) at a time, which is the same thing: a window's
//   segments leave back to back, their ACKs return one segment time apart and each releases two
//   segments, so the next window (twice as large) starts when the first ACK is back, or when the
//   link has sent this one, whichever is later, and then keeps the link busy.
// - Several responses share the connection's byte stream (HTTP/2 frames of several streams share
//   a segment): a window carries the ready bytes highest priority first, chosen when it starts.
//   A window the ready bytes do not fill does not grow (a sender that is not cwnd-limited does
//   not grow cwnd: RFC 7661, Linux's tcp_is_cwnd_limited); the next one starts when its bytes
//   are through, or when more bytes are ready, with the same size. That start does not wait for
//   the ACKs of the bytes still in flight: optimistic, and never reached by one transfer alone.

export const MSS = 1448;
export const HEADER_BYTES = 52;
export const SYN_BYTES = 60;
export const INITIAL_WINDOW = 10;

/**
 * What a transport puts in each packet and how it starts. TCP: Linux's defaults above. QUIC:
 * quic-go 0.29 (Caddy 2.6.2), read from its source: 1252-byte UDP payloads over IPv4 (1280 on the
 * wire with IP 20 + UDP 8), of which about 1220 are stream data (short header with a 4-byte
 * connection id, packet number, a STREAM frame header, 16-byte AEAD tag); NewReno with HyStart;
 * initial window 32 packets; paced at 1.25 × cwnd/RTT after a burst of 10 packets; the handshake
 * is one round trip (TCP's connect and TLS 1.3's are two). Not modelled: the receiver's ACK
 * policy (Chromium acknowledges QUIC packets in batches, with up to 25 ms of delay) and HyStart.
 */
export interface TransportModel {
  name: 'tcp' | 'quic';
  /** Payload bytes of a full packet. */
  mss: number;
  /** Bytes of a packet beyond its payload, as the link carries them. */
  headerBytes: number;
  /** Initial congestion window, packets. */
  initialWindow: number;
  /** Round trips before the first request can leave (TCP + TLS 1.3: 2; QUIC: 1). */
  handshakeRtts: number;
  /**
   * Pacing: after a burst of `burst` packets, the window's packets leave `rtt / (gain × window)`
   * apart (quic-go: gain 1.25, burst 10, from its first RTT sample on, i.e. from the handshake);
   * absent: unpaced (Linux TCP with CUBIC and no fq qdisc, as here).
   */
  pacing?: { gain: number; burst: number };
}

export const TCP: TransportModel = { name: 'tcp', mss: MSS, headerBytes: HEADER_BYTES, initialWindow: INITIAL_WINDOW, handshakeRtts: 2 };
export const QUIC: TransportModel = { name: 'quic', mss: 1220, headerBytes: 60, initialWindow: 32, handshakeRtts: 1, pacing: { gain: 1.25, burst: 10 } };
/** A full QUIC datagram on the link: 1252 bytes of UDP payload + IP 20 + UDP 8. */
export const QUIC_DATAGRAM_WIRE_BYTES = QUIC.mss + QUIC.headerBytes;

export interface LinkRates {
  rttMs: number;
  /** 0 = unlimited */
  downKbps: number;
  upKbps: number;
}

export const serialise = (bytes: number, kbps: number): number => (kbps > 0 ? (bytes * 8) / kbps : 0);

/** One response on a connection, for `deliver`. */
export interface Flow {
  name: string;
  /** Payload bytes. */
  bytes: number;
  /** Among flows ready when a segment leaves, the lower number goes first. */
  priority: number;
  /**
   * When the sender may start sending this flow (the absolute clock `deliver` returns finish
   * times on), given the finish times known so far; undefined while it depends on a flow that
   * has not finished.
   */
  readyAt(finished: ReadonlyMap<string, number>): number | undefined;
}

/** The direction the responses take: `rateKbps` carries the data, `ackKbps` the ACKs back. */
export interface TcpPath {
  rttMs: number;
  rateKbps: number;
  ackKbps: number;
  /** TCP unless said otherwise. */
  transport?: TransportModel;
}

/**
 * Sends the flows over one connection's slow-starting congestion window (see the model above);
 * returns each flow's finish time: its last byte's arrival at the receiver. A flow whose
 * readiness never resolves is left out.
 */
export function deliver(flows: readonly Flow[], path: TcpPath): Map<string, number> {
  const finished = new Map<string, number>();
  const left = new Map(flows.map((f) => [f.name, f.bytes]));
  const { mss, headerBytes, initialWindow, pacing } = path.transport ?? TCP;
  const ackDelay = path.rttMs / 2 + serialise(headerBytes, path.ackKbps);
  let window = initialWindow;
  let linkFree = -Infinity;
  let t = -Infinity; // when the next window may start
  // Each window either finishes a flow, doubles or jumps to the next ready time, so the loop
  // ends; the cap only guards against a flow whose dependency never finishes.
  for (let round = 0; finished.size < flows.length && round < 10_000; round++) {
    const pending = flows
      .filter((f) => !finished.has(f.name))
      .map((f) => ({ f, at: f.readyAt(finished) }))
      .filter((p): p is { f: Flow; at: number } => p.at !== undefined);
    const ready = pending.filter((p) => p.at <= t).sort((a, b) => a.f.priority - b.f.priority || a.at - b.at);
    if (ready.length === 0) {
      const next = Math.min(...pending.map((p) => p.at));
      if (!Number.isFinite(next)) break;
      t = next;
      continue;
    }
    // The window's segments: the ready bytes in priority order, cut into MSS-sized pieces (a
    // response of 0 bytes rides along; alone, it is a segment of headers only).
    const segments: { payload: number; done: string[] }[] = [];
    let segment = { payload: 0, done: [] as string[] };
    for (const { f } of ready) {
      for (let rest = left.get(f.name)!; ; ) {
        const n = Math.min(rest, mss - segment.payload);
        segment.payload += n;
        rest -= n;
        left.set(f.name, rest);
        if (rest === 0) segment.done.push(f.name);
        if (segment.payload < mss && rest === 0) break;
        segments.push(segment);
        segment = { payload: 0, done: [] };
        if (segments.length === window || rest === 0) break;
      }
      if (segments.length === window) break;
    }
    if (segment.payload > 0 || segment.done.length > 0) segments.push(segment);
    let firstAck = Infinity;
    const gap = pacing ? path.rttMs / (pacing.gain * window) : 0;
    let pacedAt = t;
    for (const [i, { payload, done }] of segments.entries()) {
      const start = Math.max(t, linkFree, i < (pacing?.burst ?? Infinity) ? t : pacedAt);
      pacedAt = start + gap;
      linkFree = start + serialise(payload + headerBytes, path.rateKbps);
      const delivered = linkFree + path.rttMs / 2;
      for (const name of done) finished.set(name, delivered);
      firstAck = Math.min(firstAck, delivered + ackDelay);
    }
    if (segments.length === window && segments.at(-1)!.payload === mss) {
      t = Math.max(firstAck, linkFree); // full: the next, twice as large, leaves on the ACK clock
      window *= 2;
    } else {
      t = linkFree; // ran out of ready bytes: the link idles until more are ready
    }
  }
  return finished;
}

/** connect() to "connected" at the client: one RTT plus the handshake packets' serialisation. */
export function connectTheoryMs(link: LinkRates): number {
  return link.rttMs + serialise(SYN_BYTES, link.upKbps) + serialise(SYN_BYTES, link.downKbps);
}

/**
 * Time for `responseBytes` to flow from a sender that starts at time 0 to the receiver, from the
 * first segment's send to the last one's arrival, under slow start capped by `rateKbps`.
 */
export function slowStartTransferMs(responseBytes: number, rttMs: number, rateKbps: number, ackKbps: number, transport: TransportModel = TCP): number {
  const done = deliver([{ name: 'response', bytes: responseBytes, priority: 0, readyAt: () => 0 }], { rttMs, rateKbps, ackKbps, transport });
  return done.get('response')!;
}

/** When a small request sent on a fresh connection has reached the server, from the start of connect(). */
export function requestArrivesMs(link: LinkRates, requestBytes = 16): number {
  return connectTheoryMs(link) + serialise(requestBytes + HEADER_BYTES, link.upKbps) + link.rttMs / 2;
}

/** connect + small request + `responseBytes` download on a fresh connection (see the model above). */
export function freshFetchTheoryMs(link: LinkRates, responseBytes: number, requestBytes = 16): number {
  return requestArrivesMs(link, requestBytes) + slowStartTransferMs(responseBytes, link.rttMs, link.downKbps, link.upKbps);
}

/** A small request and a small reply on a warm connection. */
export function warmRequestTheoryMs(link: LinkRates, requestBytes = 2, replyBytes = 2): number {
  return link.rttMs + serialise(requestBytes + HEADER_BYTES, link.upKbps) + serialise(replyBytes + HEADER_BYTES, link.downKbps);
}

/** Payload throughput of a saturated link, kbit/s. */
export function goodputKbps(rateKbps: number): number {
  return (rateKbps * MSS) / (MSS + HEADER_BYTES);
}

/** QUIC: a handshake taking `handshakeMs`, a small request, then `responseBytes` on the fresh connection. */
export function quicFreshFetchTheoryMs(link: LinkRates, handshakeMs: number, responseBytes: number, requestBytes = 16): number {
  const requestArrives = handshakeMs + serialise(requestBytes + QUIC.headerBytes, link.upKbps) + link.rttMs / 2;
  return requestArrives + slowStartTransferMs(responseBytes, link.rttMs, link.downKbps, link.upKbps, QUIC);
}
