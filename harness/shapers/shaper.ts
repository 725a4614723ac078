// One small interface for every way pushbench shapes the network (Playwright-style adapters).
// Backends: none, tun (packet-level emulator in network namespaces), netem, proxy, devtools.
// Each backend lives in its own module in this folder and is listed in ./index.ts.
//
// A shaper describes the link; it speaks no browser's language. Each engine adapter
// (harness/gather/engines/) translates the client side of the description into what its browser
// understands: Chromium flags and CDP calls, Firefox preferences, a launcher behind a command prefix.

import type { NetworkProfile } from '../config/profile.ts';

export type ShaperName = 'none' | 'tun' | 'netem' | 'proxy' | 'devtools';

/** What a row records about the network that produced it. */
export interface ShaperInfo {
  shaper: ShaperName;
  /** TCP congestion control used on the server side, e.g. "cubic"; "" when unknown. */
  congestionControl: string;
  /** Drop-tail queue size in bytes actually configured; 0 when not applicable. */
  queueBytes: number;
  /**
   * tun: round-trip time the link's own path was measured to add at start, and taken off the
   * emulated delay (half per direction), ms; 0 when not compensated; absent for other shapers.
   */
  pathCompensationMs?: number;
  /** tun: why the path latency was not (fully) compensated, when it was not (meta.json only). */
  pathCompensationNote?: string;
}

/** A network namespace the project created, and the command prefix that runs a process in it. */
export interface LinkNamespace {
  /** e.g. "pb-c0" */
  readonly name: string;
  /** e.g. ["ip","netns","exec","pb-c0"] */
  readonly commandPrefix: readonly string[];
}

/** Request-level throttling a browser applies to every page itself (DevTools network emulation). */
export interface DevtoolsConditions {
  /** Added to every request (not to handshakes), ms. */
  readonly latencyMs: number;
  /** Body throughput caps, kbit/s; 0 = unlimited. */
  readonly downloadKbps: number;
  readonly uploadKbps: number;
  /** Share of requests failed at random, percent; 0 = none. */
  readonly lossPct: number;
}

/**
 * The client side of a link, in no browser's syntax: where the browser (or any client, such as
 * calibrate's or conformance's) runs and how its connections must travel. Absent fields: nothing to do.
 */
export interface ClientLink {
  /** The namespace the browser must run in (the client end of tun and netem); absent: here. */
  readonly clientNamespace?: LinkNamespace;
  /** A SOCKS5 proxy every connection goes through, loopback included (the proxy shaper). */
  readonly socksProxy?: { readonly host: string; readonly port: number };
  /** Throttling the browser applies to each page before navigation (the devtools shaper). */
  readonly devtoolsConditions?: DevtoolsConditions;
}

/** A link brought up for one profile; the benchmark runs its loads through it, then stops it. */
export interface ShapedLink extends ClientLink {
  readonly profile: NetworkProfile;
  readonly info: ShaperInfo;
  /** Address the servers listen on: "127.0.0.1", or a 10.x address inside the project's namespace. */
  readonly serverHost: string;
  /** Prefix for the server process command (e.g. ["ip","netns","exec","pb-s0"]); [] runs it here. */
  readonly serverCommandPrefix: readonly string[];
  /**
   * For a link that resolves host names itself (the proxy's SOCKS5 server; absent elsewhere): maps
   * more names to "address:port", for servers that come up after the link (a site's second origins).
   */
  mapHosts?(hosts: Readonly<Record<string, string>>): Promise<void>;
  /** Tear everything down: processes, interfaces, namespaces. Idempotent. */
  stop(): Promise<void>;
}

/** The command prefix that puts a client on the link's client side; [] runs it here. */
export function clientCommandPrefix(link: ClientLink): readonly string[] {
  return link.clientNamespace?.commandPrefix ?? [];
}

/** Both ends on this machine's loopback (none, proxy, devtools). */
export const LOOPBACK_ENDS = { serverHost: '127.0.0.1', serverCommandPrefix: [] } as const satisfies Pick<ShapedLink, 'serverHost' | 'serverCommandPrefix'>;

export interface Shaper {
  readonly name: ShaperName;
  /** Whether UDP (QUIC, HTTP/3) goes through the link like TCP does; a SOCKS proxy carries TCP only. */
  readonly carriesUdp: boolean;
  /**
   * Bring up a link for `profile`. `slot` separates parallel workers (distinct namespaces
   * and 10.x address ranges). Throws a UsageError with a clear line when the backend cannot
   * work on this machine (e.g. netem missing, no CAP_NET_ADMIN). `hosts` (config hosts: name →
   * "127.0.0.1:PORT") is for a shaper that resolves names itself (the proxy's SOCKS5 server).
   */
  start(profile: NetworkProfile, opts: { slot: number; hosts?: Readonly<Record<string, string>> }): Promise<ShapedLink>;
}
