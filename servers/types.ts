// Public contract of servers/: what the harness and the `serve` command rely on.
// What each variant does is declared in harness/shared/variants.ts; servers/variants/ holds the
// hooks that do it. All variants share one static-file handler.
import type { SiteShare } from './site-share.ts';
import type { PushSet } from './delivery/push-set.ts';
import type { Priorities } from './delivery/scheduler.ts';
import type { SendQueue } from './delivery/send-queue.ts';
import type { Protocol, ServerFamily, VariantName } from '../harness/shared/variants.ts';

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
  /** The manifest and files the servers of one set share (site-share.ts); each loads its own without. */
  share?: SiteShare;
  /**
   * topology edge: the user's own running server as the origin (instead of pushbench's thinking
   * one); `siteDir` is then the copy of it (sites/origin-copy.ts).
   */
  origin?: OriginRoute;
  /**
   * Page path → the paths of the pages a visitor is likely to open next ({ "/": ["/posts/a.html"] },
   * from the config's journeys): what the prefetch variant prefetches (servers/next-pages.ts). A page
   * with no entry gets no prefetch; a path that names no page of the site is an error.
   */
  nextPages?: Record<string, string[]>;
}

/** How the edge reaches the user's server. */
export interface OriginRoute {
  /** "http://127.0.0.1:3000": also the Host the server is asked with. */
  url: string;
  /** A Unix socket that leads there, when the edge runs in a namespace that cannot reach the loopback it listens on. */
  socketPath?: string;
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
  /** Which implementation serves it: pushbench's own Node servers or Caddy. */
  server: ServerFamily;
  /** e.g. "pushbench 0.4.0 (node v20.19.2)" or "caddy 2.6.2". */
  serverVersion: string;
  variant: VariantName;
  topology: Topology;
  /** e.g. "https://127.0.0.1:43211" (no trailing slash). */
  origin: string;
  host: string;
  port: number;
  /** What the (edge) server offers the browser: h1, h2, or h3 (QUIC, with h1/h2 on TCP beside it). */
  protocol: Protocol;
  spkiSha256: string;
  wireLogPath?: string;
  wireLogFormat: WireLogFormat;
  /**
   * How it puts responses on the wire, as far as pushbench's settings describe it: all of it for
   * pushbench's servers; for Caddy what holds (its TCP sockets keep the kernel's unlimited send
   * queue, `push` decides what it pushes) and no `priorities` (Go's and quic-go's own schedulers).
   */
  delivery: Partial<Delivery>;
  /** The sender's congestion control where the server runs its own (QUIC in user space); absent: the kernel's TCP. */
  congestionControl?: string;
  close(): Promise<void>;
}

/**
 * `pushbench serve --json` prints one JSON line of this shape per server once it listens,
 * so the harness can run servers in a child process (e.g. inside a network namespace).
 */
export interface ServeReadyLine {
  type: 'ready';
  /** The arm this server is: its label (harness/config/arms.ts armLabel: "h2", "h2@caddy", "h2+t150"). */
  arm: string;
  server: ServerFamily;
  serverVersion: string;
  variant: VariantName;
  /** Its think time before each page, ms. */
  thinkMs: number;
  topology: Topology;
  origin: string;
  port: number;
  protocol: Protocol;
  spkiSha256: string;
  /** pushbench: its JSONL wire log; caddy: its JSON access log (wireLogFormat says which). */
  wireLogPath: string | null;
  wireLogFormat: WireLogFormat;
  delivery: Partial<Delivery>;
  congestionControl?: string;
}

/** What a server's log file holds: pushbench's wire events (servers/wire-log.ts) or Caddy's JSON access log. */
export type WireLogFormat = 'pushbench-wire' | 'caddy-access';

/**
 * One of the site's second origins as the server child serves it (servers/second-origin.ts): printed
 * beside the ServeReadyLines, before them, one per second origin. The browser reaches `host` at the
 * arms' address and `port`, and pins `spkiSha256` (its own certificate) beside the run's.
 */
export interface OriginReadyLine {
  type: 'origin';
  /** The host name it is served as, "fonts.pushbench.test". */
  host: string;
  /** "https://fonts.pushbench.test": what the manifest's resources name. */
  origin: string;
  port: number;
  spkiSha256: string;
  /** Its own JSONL wire log (<wireLogDir>/origin-<host>.jsonl), or null for none. */
  wireLogPath: string | null;
  serverVersion: string;
}
