// topology "edge": a CDN-like HTTP/2 (or HTTP/1.1) TLS edge in front of a plain HTTP/1.1 origin.
// The origin is the dynamic backend: it has the think time. The edge serves static files from its
// own copy of the site and decides push / Early Hints / preload from the manifest, as a CDN does,
// while each page's HTML is proxied from the origin (http2-proxy). The wire log is the edge's.
//
// The edge asks the origin for identity-encoded HTML and compresses it itself (cached by content,
// prewarmed with the site's own pages), so the browser receives the same bytes as in "direct".
import { createServer, type IncomingMessage, type RequestOptions } from 'node:http';
import { text } from 'node:stream/consumers';
import proxy from 'http2-proxy';
import { trackConnections } from './connections.ts';
import { handleExchange, thinkingBackend, type PageBackend } from './exchange.ts';
import { loadVariantSite, startFrontServer, type ResolvedOptions, type VariantSite } from './front-server.ts';
import { listen } from './listen.ts';
import { loadSite, type StaticResponse } from './static-handler.ts';
import type { RunningServer } from './types.ts';
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

function passThrough(status: number, contentType: string | undefined, body: string): StaticResponse {
  const bytes = Buffer.from(body);
  return {
    status,
    headers: { 'content-type': contentType ?? 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'content-length': String(bytes.length) },
    body: bytes,
    path: null,
    isPage: false,
    contentEncoding: 'identity',
  };
}

function proxyingBackend(host: string, originPort: number, { variant, site, resourcesFor }: VariantSite): PageBackend {
  return (request, fromSite, req, res) =>
    new Promise<StaticResponse>((resolve, reject) => {
      let settled = false;
      const options = {
        hostname: host,
        port: originPort,
        // The edge builds its own response (conditional, encoding): fetch the full identity page.
        onReq: async (_req: unknown, outgoing: RequestOptions) => {
          const headers: Record<string, unknown> = { ...(outgoing.headers as Record<string, unknown>), 'accept-encoding': 'identity' };
          delete headers['if-none-match'];
          outgoing.headers = headers as RequestOptions['headers'];
          outgoing.method = 'GET';
        },
        onRes: async (_req: unknown, _res: unknown, proxyRes: IncomingMessage) => {
          const html = await text(proxyRes);
          settled = true;
          const status = proxyRes.statusCode ?? 502;
          if (status !== 200 || fromSite.path === null) {
            resolve(passThrough(status, proxyRes.headers['content-type'], html));
            return;
          }
          const page = fromSite.path;
          const body = variant.transformHtml ? variant.transformHtml(html, resourcesFor(page)) : html;
          site.respondWithBody(request, page, Buffer.from(body)).then(resolve, reject);
        },
      };
      // http2-proxy's typings split HTTP/1 and HTTP/2 into overloads; the runtime handles both.
      (proxy.web as (req: unknown, res: unknown, options: unknown) => Promise<void>)(req, res, options).catch((err: Error) => {
        if (!settled) reject(new Error(`origin: ${err.message}`));
      });
    });
}

export async function startEdgeServer(options: ResolvedOptions): Promise<RunningServer> {
  const variantSite = await loadVariantSite(options);
  const origin = await startOrigin(options);
  return startFrontServer({
    ...variantSite,
    options,
    pageBackend: proxyingBackend(options.host, origin.port, variantSite),
    closeAlso: origin.close,
  });
}
