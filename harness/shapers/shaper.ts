// One small interface for every way pushbench shapes the network (Playwright-style adapters).
// Backends: none, tun (packet-level emulator in network namespaces), netem, proxy, devtools.
// Each backend lives in its own module in this folder and is listed in ./index.ts.

import type { NetworkProfile } from '../config/profile.ts';

export type ShaperName = 'none' | 'tun' | 'netem' | 'proxy' | 'devtools';

/** What a row records about the network that produced it. */
export interface ShaperInfo {
  shaper: ShaperName;
  /** TCP congestion control used on the server side, e.g. "cubic"; "" when unknown. */
  congestionControl: string;
  /** Drop-tail queue size in bytes actually configured; 0 when not applicable. */
  queueBytes: number;
}

/** A link brought up for one profile; the benchmark runs its loads through it, then stops it. */
export interface ShapedLink {
  readonly profile: NetworkProfile;
  readonly info: ShaperInfo;
  /** Address the servers listen on: "127.0.0.1", or a 10.x address inside the project's namespace. */
  readonly serverHost: string;
  /** Prefix for the server process command (e.g. ["ip","netns","exec","pb-srv-0"]); [] runs it here. */
  readonly serverCommandPrefix: string[];
  /** Prefix for the browser process command; [] runs it here. */
  readonly browserCommandPrefix: string[];
  /** Extra browser command-line flags (e.g. a SOCKS proxy). */
  readonly browserArgs: string[];
  /**
   * Called on every new page before navigation, with a CDP session when the engine has one
   * (the devtools shaper applies Network.emulateNetworkConditions here). Optional.
   */
  preparePage?(cdp: CdpLike | undefined): Promise<void>;
  /** Tear everything down: processes, interfaces, namespaces. Idempotent. */
  stop(): Promise<void>;
}

/** The part of a Playwright CDPSession the shapers use (kept minimal so tests can fake it). */
export interface CdpLike {
  send(method: string, params?: Record<string, unknown>): Promise<unknown>;
}

export interface Shaper {
  readonly name: ShaperName;
  /**
   * Bring up a link for `profile`. `slot` separates parallel workers (distinct namespaces
   * and 10.x address ranges). Throws a UsageError with a clear line when the backend cannot
   * work on this machine (e.g. netem missing, no CAP_NET_ADMIN).
   */
  start(profile: NetworkProfile, opts: { slot: number }): Promise<ShapedLink>;
}
