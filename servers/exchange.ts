// The request path every server shares, HTTP/1.1 or HTTP/2, direct or behind the edge:
// log the request → static handler → for a page: variant hook (push/103), then the backend's
// page response (think time, or the origin) → variant page headers → write → log.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import type { CriticalResource } from '../sites/manifest-types.ts';
import type { ConnectionTracker } from './connections.ts';
import { connectionOf, type H2Connection } from './delivery/h2-connection.ts';
import type { StaticRequest, StaticResponse, StaticSite } from './static-handler.ts';
import { resetCode, watchStreamEnd } from './stream-end.ts';
import type { Delivery } from './types.ts';
import type { Variant } from './variants/index.ts';
import { LOGGED_REQUEST_HEADERS, nowMs, type LoggedRequestHeaders, type WireLog } from './wire-log.ts';

export type AnyRequest = IncomingMessage | Http2ServerRequest;
export type AnyResponse = ServerResponse | Http2ServerResponse;

/** Produces the final page response, after the backend's think time. */
export type PageBackend = (request: StaticRequest, fromSite: StaticResponse, req: AnyRequest, res: AnyResponse) => Promise<StaticResponse>;

export interface ExchangeContext {
  variant: Variant;
  site: StaticSite;
  log: WireLog;
  connections: ConnectionTracker;
  resourcesFor(page: string): CriticalResource[];
  pageBackend: PageBackend;
  delivery: Delivery;
  /** The user's own origin behind the edge: the site path a request target is served from ("/about" → "/about.html"). */
  siteTarget?: (target: string) => string;
  /** The user's own origin behind the edge: what to answer for a file the edge's copy lacks (asked from the origin). */
  missBackend?: PageBackend;
}

/** The direct topology's backend: the page is the static file, sent after `thinkMs`. */
export function thinkingBackend(thinkMs: number): PageBackend {
  return async (_request, fromSite) => {
    if (thinkMs > 0) await new Promise((resolve) => setTimeout(resolve, thinkMs));
    return fromSite;
  };
}

function loggedHeaders(headers: StaticRequest['headers']): LoggedRequestHeaders {
  const picked: LoggedRequestHeaders = {};
  for (const name of LOGGED_REQUEST_HEADERS) {
    const value = headers[name];
    if (value !== undefined) picked[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return picked;
}

/** For logs: the target without its query, cut short if absurdly long. */
function logPath(target: string): string {
  const path = target.split('?', 1)[0] ?? target;
  return path.length > 300 ? `${path.slice(0, 300)}…` : path;
}

function streamOf(res: AnyResponse): { writableLength: number; rstCode: number | null } {
  if ('stream' in res) return { writableLength: res.stream.writableLength, rstCode: resetCode(res.stream.rstCode) };
  return { writableLength: res.writableFinished ? 0 : res.writableLength, rstCode: null };
}

/** The HTTP/2 connection's scheduler, when the request came over one (HTTP/1.1 has none). */
function h2ConnectionOf(res: AnyResponse): H2Connection | undefined {
  return 'stream' in res && res.stream.session ? connectionOf(res.stream.session) : undefined;
}

/** Writes the body: through the connection's scheduler over HTTP/2, straight to the socket over HTTP/1.1. */
function writeBody(res: AnyResponse, h2: H2Connection | undefined, body: Buffer): void {
  if (h2 && 'stream' in res) h2.send(res.stream, body);
  else res.end(body);
}

export async function handleExchange(ctx: ExchangeContext, req: AnyRequest, res: AnyResponse): Promise<void> {
  const startedAt = nowMs();
  const { conn, stream } = ctx.connections.idsFor(req);
  const { log, site, variant } = ctx;
  const target = req.url ?? '';
  const request: StaticRequest = { method: req.method ?? 'GET', target: ctx.siteTarget ? ctx.siteTarget(target) : target, headers: req.headers };
  const path = logPath(target);
  const h2 = h2ConnectionOf(res);
  const header = req.headers.priority;
  const priority = h2?.requestPriority(stream, Array.isArray(header) ? header.join(', ') : header);
  log.log({ type: 'request', conn, stream, method: request.method, path, headers: loggedHeaders(req.headers), ...(priority ? { priority } : {}) });

  let bodyBytes = 0;
  watchStreamEnd({
    log, conn, stream, path, pushed: false, startedAt, emitter: res,
    bodyBytes: () => bodyBytes,
    queuedBytes: () => streamOf(res).writableLength,
    rstCode: () => streamOf(res).rstCode,
  });

  try {
    let response = site.respond(request);
    if (response.isPage && response.path !== null) {
      const resources = ctx.resourcesFor(response.path);
      variant.onPageRequest?.({ page: response.path, resources, request, res, conn, stream, site, log, h2, delivery: ctx.delivery });
      response = await ctx.pageBackend(request, response, req, res);
      if (variant.pageHeaders && response.isPage) response = { ...response, headers: { ...response.headers, ...variant.pageHeaders(resources, request) } };
    } else if ((response.status === 404 || response.status === 405) && ctx.missBackend) {
      // Not in the edge's copy, or not a GET (an API call): the user's server answers it.
      response = await ctx.missBackend(request, response, req, res);
    }
    if (res.writableEnded || ('stream' in res ? res.stream.destroyed : res.destroyed)) return; // client went away while we thought
    res.writeHead(response.status, response.headers);
    bodyBytes = response.body.length;
    writeBody(res, h2, response.body);
    log.log({
      type: 'response', conn, stream, status: response.status, path, contentEncoding: response.headers['content-encoding'] ?? null,
      bodyBytes, pushed: false, ...(response.originMs === undefined ? {} : { originMs: response.originMs }),
    });
  } catch (err) {
    log.log({ type: 'error', conn, stream, message: (err as Error).message });
    if (!res.headersSent && !res.writableEnded) {
      res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('502 Bad Gateway\n');
    } else if ('stream' in res) {
      res.stream.destroy();
    } else {
      res.destroy();
    }
  }
}
