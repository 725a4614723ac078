// Public contract of servers/: what the harness and the `serve` command rely on.
// Each variant has one module in servers/variants/; they share one static-file handler.
import type { PushSet } from './delivery/push-set.ts';
import type { Priorities } from './delivery/scheduler.ts';
import type { SendQueue } from './delivery/send-queue.ts';

export const VARIANT_NAMES = [
  'h1', // HTTP/1.1 only (ALPN http/1.1)
  'h2', // HTTP/2 baseline
  'h2-push', // HTTP/2 + PUSH_PROMISE for the manifest when the client allows push
  'h2-push-cache-aware', // h2-push that skips what a CASPer cookie says the client has
  'early-hints', // HTTP/2 + 103 Early Hints with Link: rel=preload for the manifest
  'early-hints-h1', // the same over HTTP/1.1 (negative control: Chromium ignores it)
  'preload', // HTTP/2 + `Link: rel=preload` header on the HTML response
  'preload-html', // HTTP/2 + `<link rel=preload>` injected into the HTML <head>
] as const;
export type VariantName = (typeof VARIANT_NAMES)[number];

/** How a variant gets the critical resources to the browser early: the one place that says so. */
export type EarlyPath = 'none' | 'push' | 'hints' | 'link-header' | 'html-link';

export interface VariantTraits {
  /** What the browser-facing server speaks (ALPN h2 only, or http/1.1 only). */
  protocol: 'h1' | 'h2';
  early: EarlyPath;
  /** Push skips what the client's fingerprint cookie says it has (CASPer). */
  cacheAware: boolean;
}

/** What each variant does, for the servers and for everything that reads its rows. */
export const VARIANT_TRAITS: Record<VariantName, VariantTraits> = {
  h1: { protocol: 'h1', early: 'none', cacheAware: false },
  h2: { protocol: 'h2', early: 'none', cacheAware: false },
  'h2-push': { protocol: 'h2', early: 'push', cacheAware: false },
  'h2-push-cache-aware': { protocol: 'h2', early: 'push', cacheAware: true },
  'early-hints': { protocol: 'h2', early: 'hints', cacheAware: false },
  'early-hints-h1': { protocol: 'h1', early: 'hints', cacheAware: false },
  preload: { protocol: 'h2', early: 'link-header', cacheAware: false },
  'preload-html': { protocol: 'h2', early: 'html-link', cacheAware: false },
};

/** The variants whose traits match, in VARIANT_NAMES order. */
export function variantsWhere(test: (traits: VariantTraits) => boolean): VariantName[] {
  return VARIANT_NAMES.filter((name) => test(VARIANT_TRAITS[name]));
}

/** Variants that announce resources with preload links (a header or tags), not push or 103. */
export const PRELOAD_VARIANTS: readonly VariantName[] = variantsWhere((v) => v.early === 'link-header' || v.early === 'html-link');

export type Topology = 'direct' | 'edge';

export interface ServerOptions {
  variant: VariantName;
  /** Folder of the static site; nothing outside it is ever served. */
  siteDir: string;
  /** Listen address: 127.0.0.1 (default) or a 10.x address inside the project's own namespace. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Delay before the HTML response (a dynamic backend), ms. Default 0. */
  thinkMs?: number;
  /** direct (default), or an http2-proxy edge in front of an HTTP/1.1 origin that has the think time. */
  topology?: Topology;
  /** JSONL wire log path; every event is appended synchronously (a crash loses nothing). */
  wireLogPath?: string;
  /** TLS key log (NSS key log format) so a packet capture can be decrypted in Wireshark. */
  keyLogPath?: string;
  /** Certificate shared by all servers of a run; generated when omitted. */
  tls?: TlsMaterial;
  /** How responses are put on the wire (servers/delivery/); defaults in DEFAULT_DELIVERY. */
  delivery?: Partial<Delivery>;
}

/** How a server puts responses on the wire; recorded on every row. */
export interface Delivery {
  /** TCP_NOTSENT_LOWAT of every browser-facing socket, bytes, or `unlimited` (the kernel default). */
  sendQueue: SendQueue;
  /** `on`: HTTP/2 responses in the order the client's priority signals ask for; `off`: round-robin. */
  priorities: Priorities;
  /** What the push variants push. */
  push: PushSet;
}

export interface TlsMaterial {
  certPem: string;
  keyPem: string;
  /** base64 sha256 of the certificate's SubjectPublicKeyInfo (for --ignore-certificate-errors-spki-list). */
  spkiSha256: string;
}

export interface RunningServer {
  variant: VariantName;
  topology: Topology;
  /** e.g. "https://127.0.0.1:43211" (no trailing slash). */
  origin: string;
  host: string;
  port: number;
  /** "h1" or "h2": what the (edge) server speaks to the browser. */
  protocol: 'h1' | 'h2';
  spkiSha256: string;
  wireLogPath?: string;
  delivery: Delivery;
  close(): Promise<void>;
}

/**
 * `pushbench serve --json` prints one JSON line of this shape per server once it listens,
 * so the harness can run servers in a child process (e.g. inside a network namespace).
 */
export interface ServeReadyLine {
  type: 'ready';
  variant: VariantName;
  topology: Topology;
  origin: string;
  port: number;
  protocol: 'h1' | 'h2';
  spkiSha256: string;
  wireLogPath: string | null;
  delivery: Delivery;
}
