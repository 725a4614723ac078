// What makes one server variant differ from another: its hooks (what it does is declared once, in
// harness/shared/variants.ts, and servers/variants/index.ts picks the hooks from that). Everything else (file serving, caching, compression,
// think time, logging, TLS) is shared, so a variant is only the hooks it needs.
import type { Http2ServerResponse } from 'node:http2';
import type { ServerResponse } from 'node:http';
import type { CriticalResource } from '../../sites/manifest-types.ts';
import type { H2Connection } from '../delivery/h2-connection.ts';
import type { StaticRequest, StaticSite } from '../static-handler.ts';
import type { PageContext } from '../next-pages.ts';
import type { Delivery } from '../types.ts';
import type { VariantName } from '../../harness/shared/variants.ts';
import type { WireLog } from '../wire-log.ts';

/** A page (HTML) request as it arrives, before the backend's think time. */
export interface PageRequest {
  /** Canonical page path ("/", "/posts/a.html"). */
  page: string;
  resources: CriticalResource[];
  request: StaticRequest;
  res: ServerResponse | Http2ServerResponse;
  conn: number;
  stream: number;
  site: StaticSite;
  log: WireLog;
  /** The HTTP/2 connection's scheduler (undefined over HTTP/1.1): pushed bodies go through it. */
  h2: H2Connection | undefined;
  delivery: Delivery;
}

export interface VariantHooks {
  /** Runs as soon as a page request arrives, during the server's idle think time (push, 103). */
  onPageRequest?(page: PageRequest): void;
  /** Extra headers on the page response (preload `Link`, the cache-aware push cookie). */
  pageHeaders?(resources: CriticalResource[], request: StaticRequest): Record<string, string>;
  /**
   * Rewrites a page's HTML (once, at load time; or per proxied page at the edge), knowing its critical
   * resources and what `context` says (the pages likely opened next).
   */
  transformHtml?(html: string, resources: CriticalResource[], context: PageContext): string;
}

/** A variant as a server runs it: its registry name and the hooks its declaration calls for. */
export interface Variant extends VariantHooks {
  name: VariantName;
}
