// topology "edge": a CDN-like HTTP/2 (or HTTP/1.1) TLS edge in front of a plain HTTP/1.1 origin.
// The origin is the dynamic backend: pushbench's own, which has the think time, or the user's running
// server (ServerOptions.origin), whose time is its own and whose files the edge holds as a copy. The edge serves static files from its
// own copy of the site and decides push / Early Hints / preload from the manifest, as a CDN does,
// while each page's HTML is proxied from the origin (http2-proxy). The wire log is the edge's.
//
// The edge asks the origin for identity-encoded HTML and compresses it itself: HTML equal to a page
// of the site gets that page's prepared copies (the browser receives the same bytes as in "direct");
// other HTML (a dynamic page) is compressed in the request (servers/representations.ts, dynamic).
import { createServer, type IncomingMessage, type RequestOptions } from 'node:http';
import { buffer } from 'node:stream/consumers';
import proxy from 'http2-proxy';
import { trackConnections } from './connections.ts';
import { handleExchange, thinkingBackend, type AnyRequest, type AnyResponse, type PageBackend } from './exchange.ts';
import { loadVariantSite, startFrontServer, type ResolvedOptions, type VariantSite } from './front-server.ts';
import { listen } from './listen.ts';
import { loadSite, type StaticResponse } from './static-handler.ts';
import type { OriginRoute, RunningServer, ServerOptions } from './types.ts';
import { readOriginCopyRecord, type OriginCopyRecord } from '../sites/origin-copy.ts';
import { variantOf } from './variants/index.ts';
import { plainVariant } from '../harness/shared/variants.ts';
import { createWireLog } from './wire-log.ts';

export interface Origin {
  port: number;
  close(): Promise<void>;
}

/** The origin: the shared exchange with the baseline variant and the think time, over plain HTTP/1.1. */
export async function startOrigin(options: ResolvedOptions): Promise<Origin> {
  const server = createServer();
  const origin = variantOf(plainVariant('none', 'h1'));
  const log = createWireLog({ variant: origin.name }); // the browser never sees the origin: no file
  const connections = trackConnections(server, log);
  const context = {
    variant: origin,
    site: await loadSite(options.siteDir),
    log,
    connections,
    resourcesFor: () => [],
    pageBackend: thinkingBackend(options.thinkMs),
    delivery: options.delivery, // plain HTTP/1.1 on loopback: no scheduler, and its socket keeps the kernel default
  };
  server.on('request', (req, res) => void handleExchange(context, req, res));
  const port = await listen(server, options.host, 0);
  return {
    port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await connections.destroyAll();
      await closed;
    },
  };
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) and the length the edge sets itself: never passed on. */
const NOT_PASSED = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'content-length']);

/** The origin's answer as it is: its status and end-to-end headers (a redirect's location, cookies, vary…). */
function passThrough(status: number, headers: IncomingMessage['headers'], body: Buffer, originMs: number): StaticResponse {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_PASSED.has(name)) continue;
    // Set-Cookie may not be joined into one line: the first is kept (cookies on what the copy lacks are rare).
    kept[name] = Array.isArray(value) ? (name === 'set-cookie' ? value[0]! : value.join(', ')) : value;
  }
  kept['content-type'] ??= 'text/plain; charset=utf-8';
  kept['content-length'] = String(body.length);
  return { status, headers: kept, body, path: null, isPage: false, contentEncoding: 'identity', originMs };
}

/** Where the edge's origin is: pushbench's own (a port on the edge's host) or the user's server. */
interface OriginTarget {
  hostname: string;
  port: number;
  /** Sent as Host: the user's server sees the address it was given, not the edge's. */
  host?: string;
  socketPath?: string;
}

function targetOf(route: OriginRoute): OriginTarget {
  const url = new URL(route.url);
  return { hostname: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80), host: url.host, socketPath: route.socketPath };
}

/**
 * Asks the origin for the request (identity-encoded, unconditional: the edge builds its own
 * response) and hands `onBody` the status, headers and whole body, with the time it took.
 */
function askOrigin(
  target: OriginTarget,
  req: AnyRequest,
  res: AnyResponse,
  /** "page": GET, identity, unconditional (the edge builds the response); "as-is": the request as the browser made it, identity. */
  how: 'page' | 'as-is',
  onBody: (status: number, headers: IncomingMessage['headers'], body: Buffer, originMs: number) => Promise<StaticResponse>,
): Promise<StaticResponse> {
  return new Promise<StaticResponse>((resolve, reject) => {
    let settled = false;
    const sentAt = performance.now();
    const options = {
      hostname: target.hostname,
      port: target.port,
      proxyTimeout: ORIGIN_TIMEOUT_MS,
      onReq: async (_req: unknown, outgoing: RequestOptions) => {
        const headers: Record<string, unknown> = { ...(outgoing.headers as Record<string, unknown>), 'accept-encoding': 'identity' };
        if (how === 'page') {
          delete headers['if-none-match'];
          delete headers['if-modified-since'];
          outgoing.method = 'GET';
        }
        if (target.host) headers.host = target.host;
        outgoing.headers = headers as RequestOptions['headers'];
        if (target.socketPath) outgoing.socketPath = target.socketPath;
      },
      onRes: async (_req: unknown, _res: unknown, proxyRes: IncomingMessage) => {
        const body = await buffer(proxyRes);
        settled = true;
        onBody(proxyRes.statusCode ?? 502, proxyRes.headers, body, performance.now() - sentAt).then(resolve, reject);
      },
    };
    // http2-proxy's typings split HTTP/1 and HTTP/2 into overloads; the runtime handles both.
    (proxy.web as (req: unknown, res: unknown, options: unknown) => Promise<void>)(req, res, options).catch((err: Error) => {
      if (!settled) reject(new Error(`origin: ${err.message}`));
    });
  });
}

/** Pages: the origin's HTML, rewritten by the variant when it does so, served as the site's own. */
function proxyingBackend(target: OriginTarget, { site, rewriteHtml }: VariantSite): PageBackend {
  return (request, fromSite, req, res) =>
    askOrigin(target, req, res, 'page', async (status, headers, body, originMs) => {
      if (status !== 200 || fromSite.path === null) return passThrough(status, headers, body, originMs);
      const page = fromSite.path;
      const rewritten = rewriteHtml ? Buffer.from(rewriteHtml(body.toString('utf8'), page)) : body;
      return { ...(await site.respondWithBody(request, page, rewritten)), originMs };
    });
}

/** The user's origin: what the edge's copy lacks (a chunk a script loads later, an API call, a POST) is the origin's answer, as is. */
function missingFileBackend(target: OriginTarget): PageBackend {
  return (_request, _fromSite, req, res) => askOrigin(target, req, res, 'as-is', async (status, headers, body, originMs) => passThrough(status, headers, body, originMs));
}

/** A path no copy has (dotfiles are never served): a request the copy must not answer goes to the origin. */
const NOT_COPIED = '/.pushbench-not-copied';

/**
 * The site path a request target is served from, for a copy of the user's server: "/about" is
 * stored as "/about.html" (aliases); a path copied with one query ("?w=640") answers only that
 * query, any other goes to the server (queries).
 */
export function copyTarget(record: Pick<OriginCopyRecord, 'aliases' | 'queries'>): (target: string) => string {
  return (target) => {
    const cut = target.search(/[?#]/);
    const path = cut === -1 ? target : target.slice(0, cut);
    const query = cut === -1 ? '' : target.slice(cut).split('#')[0]!;
    let decoded: string;
    try { decoded = decodeURIComponent(path); } catch { return target; }
    const copiedQuery = record.queries[decoded];
    if (copiedQuery !== undefined && copiedQuery !== query) return NOT_COPIED;
    const alias = Object.hasOwn(record.aliases, decoded) ? record.aliases[decoded] : undefined;
    return alias === undefined ? target : encodeURI(alias) + (cut === -1 ? '' : target.slice(cut));
  };
}

/** How long the edge waits for its origin's answer (a page, or a file the copy lacks). */
const ORIGIN_TIMEOUT_MS = 60_000;

export async function startEdgeServer(options: ResolvedOptions & Pick<ServerOptions, 'share'>): Promise<RunningServer> {
  const variantSite = await loadVariantSite(options);
  if (options.origin) {
    // The user's running server: its pages, and what the copy lacks, come from it.
    const target = targetOf(options.origin);
    const record = readOriginCopyRecord(options.siteDir);
    if (!record) throw new Error(`edge: ${options.siteDir} is not a copy of ${options.origin.url} (no record); copy it first (sites/origin-copy.ts)`);
    return startFrontServer({
      ...variantSite,
      options,
      pageBackend: proxyingBackend(target, variantSite),
      missBackend: missingFileBackend(target),
      siteTarget: copyTarget(record),
    });
  }
  const origin = await startOrigin(options);
  return startFrontServer({
    ...variantSite,
    options,
    pageBackend: proxyingBackend({ hostname: options.host, port: origin.port }, variantSite),
    closeAlso: origin.close,
  });
}
