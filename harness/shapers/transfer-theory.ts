// What an ideal link of a profile should give, used by `pushbench calibrate` and the tests.
//
// Model (pure; times in ms, rates in kbit/s = bits per ms):
// - Every packet is serialised at the link rate (packet bytes * 8 / rate) and then delayed rtt/2.
//   A full data segment carries MSS = 1448 payload bytes in 1500 wire bytes (IP 20 + TCP 20 +
//   timestamps 12), so goodput = rate * 1448/1500.
// - Connect: SYN (60 B) up, SYN-ACK (60 B) down: rtt + their serialisation.
// - The request (its bytes + 52 B headers) leaves as soon as the connect completes: + its
//   serialisation up + rtt/2.
// - The response follows TCP slow start without loss: an initial window of 10 segments, then each
//   ACK (52 B, one per segment, back after rtt/2 + its serialisation up) releases two segments
//   (cwnd + 1 per ACK, i.e. doubling per RTT), with the link rate as the cap (segments queue
//   behind each other). The receive window is assumed never to limit.
// The result is the time from the start of connect() to the last response byte at the client.

export const MSS = 1448;
export const HEADER_BYTES = 52;
export const SYN_BYTES = 60;
export const INITIAL_WINDOW = 10;

export interface LinkRates {
  rttMs: number;
  /** 0 = unlimited */
  downKbps: number;
  upKbps: number;
}

const serialise = (bytes: number, kbps: number): number => (kbps > 0 ? (bytes * 8) / kbps : 0);

/** connect() to "connected" at the client: one RTT plus the handshake packets' serialisation. */
export function connectTheoryMs(link: LinkRates): number {
  return link.rttMs + serialise(SYN_BYTES, link.upKbps) + serialise(SYN_BYTES, link.downKbps);
}

/**
 * Time for `responseBytes` to flow from a sender that starts at time 0 to the receiver, from the
 * first segment's send to the last one's arrival, under slow start capped by `rateKbps`.
 */
export function slowStartTransferMs(responseBytes: number, rttMs: number, rateKbps: number, ackKbps: number): number {
  const segments = Math.max(1, Math.ceil(responseBytes / MSS));
  const ackDelay = rttMs / 2 + serialise(HEADER_BYTES, ackKbps);
  const ackAt: number[] = [];
  let linkFree = 0;
  let lastDelivery = 0;
  for (let i = 0; i < segments; i++) {
    const released = i < INITIAL_WINDOW ? 0 : ackAt[Math.floor((i - INITIAL_WINDOW) / 2)]!;
    const payload = i === segments - 1 ? responseBytes - MSS * (segments - 1) : MSS;
    const start = Math.max(released, linkFree);
    linkFree = start + serialise(payload + HEADER_BYTES, rateKbps);
    lastDelivery = linkFree + rttMs / 2;
    ackAt.push(lastDelivery + ackDelay);
  }
  return lastDelivery;
}

/** connect + small request + `responseBytes` download on a fresh connection (see the model above). */
export function freshFetchTheoryMs(link: LinkRates, responseBytes: number, requestBytes = 16): number {
  const requestArrives = connectTheoryMs(link) + serialise(requestBytes + HEADER_BYTES, link.upKbps) + link.rttMs / 2;
  return requestArrives + slowStartTransferMs(responseBytes, link.rttMs, link.downKbps, link.upKbps);
}

/** A small request and a small reply on a warm connection. */
export function warmRequestTheoryMs(link: LinkRates, requestBytes = 2, replyBytes = 2): number {
  return link.rttMs + serialise(requestBytes + HEADER_BYTES, link.upKbps) + serialise(replyBytes + HEADER_BYTES, link.downKbps);
}

/** Payload throughput of a saturated link, kbit/s. */
export function goodputKbps(rateKbps: number): number {
  return (rateKbps * MSS) / (MSS + HEADER_BYTES);
}
