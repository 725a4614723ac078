// The browser-facing TLS server of every variant and topology: HTTP/1.1 (https) or HTTP/2 (ALPN h2
// only), the run's certificate, key logging, connection tracking, and a prompt close().
import { createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
import { createSecureServer, createServer as createH2Server, type Http2Session } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { UsageError } from '../harness/shared/usage-error.ts';
import { resourcesForPage } from '../sites/manifest.ts';
import { createSiteShare } from './site-share.ts';
import type { CriticalResource } from '../sites/manifest-types.ts';
import { trackConnections, type ConnectionTracker } from './connections.ts';
import { ClientFrameReader } from './delivery/client-frames.ts';
import { bindConnection, H2Connection } from './delivery/h2-connection.ts';
import { DEFAULT_PUSH_SET, PUSH_SETS } from './delivery/push-set.ts';
import { PRIORITIES } from './delivery/scheduler.ts';
import { DEFAULT_SEND_QUEUE, parseSendQueue } from './delivery/send-queue.ts';
import { TappedSocket } from './delivery/tapped-socket.ts';
import { handleExchange, type AnyRequest, type AnyResponse, type ExchangeContext, type PageBackend } from './exchange.ts';
import { assertAllowedHost, assertPort, listen, originOf } from './listen.ts';
import { loadSite, type StaticSite } from './static-handler.ts';
import { createTlsMaterial } from './tls.ts';
import type { Delivery, OriginRoute, RunningServer, ServerOptions, TlsMaterial } from './types.ts';
import { VARIANT_NAMES, VARIANT_TRAITS, type ServerFamily } from '../harness/shared/variants.ts';
import { variantOf, type Variant } from './variants/index.ts';
import { pageContexts } from './next-pages.ts';
import { createWireLog, type WireLog } from './wire-log.ts';

/** Options checked and defaults applied. */
export interface ResolvedOptions extends Required<Omit<ServerOptions, 'wireLogPath' | 'keyLogPath' | 'delivery' | 'share' | 'origin'>> {
  origin?: OriginRoute;
  wireLogPath?: string;
  keyLogPath?: string;
  delivery: Delivery;
}

/** Fills in and checks the delivery settings; a bad value names the flag and the valid values. */
export function resolveDelivery(input: Partial<Delivery> = {}): Delivery {
  const sendQueue = parseSendQueue(input.sendQueue ?? DEFAULT_SEND_QUEUE);
  if (sendQueue === null) throw new UsageError(`--send-queue ${input.sendQueue}: must be a number of bytes ≥ 1, or unlimited`);
  const priorities = input.priorities ?? 'on';
  if (!PRIORITIES.includes(priorities)) throw new UsageError(`--priorities ${priorities}: must be one of ${PRIORITIES.join(', ')}`);
  const push = input.push ?? DEFAULT_PUSH_SET;
  if (!PUSH_SETS.includes(push)) throw new UsageError(`--push ${push}: must be one of ${PUSH_SETS.join(', ')}`);
  return { sendQueue, priorities, push };
}

/** The server family these servers are, in the registry's terms (harness/shared/variants.ts). */
export const SERVER_FAMILY: ServerFamily = 'pushbench';
/** What rows record as server_version: pushbench's own version and the Node that runs it. */
export const SERVER_VERSION = `pushbench ${(createRequire(import.meta.url)('../package.json') as { version: string }).version} (node ${process.version})`;

export async function resolveOptions(options: ServerOptions): Promise<ResolvedOptions> {
  if (!(VARIANT_NAMES as readonly string[]).includes(options.variant)) {
    throw new UsageError(`--variant ${options.variant}: unknown variant; valid variants: ${VARIANT_NAMES.join(', ')}`);
  }
  const declared = VARIANT_TRAITS[options.variant];
  if (!declared.families.includes(SERVER_FAMILY) || declared.transport !== 'tcp') {
    throw new UsageError(`--variant ${options.variant}: the ${SERVER_FAMILY} servers do not implement it (it runs on ${declared.families.join(', ')} over ${declared.transport}); pick another variant or server family`);
  }
  const host = options.host ?? '127.0.0.1';
  assertAllowedHost(host);
  const port = options.port ?? 0;
  assertPort(port);
  const thinkMs = options.thinkMs ?? 0;
  if (!Number.isFinite(thinkMs) || thinkMs < 0) throw new UsageError(`--think-ms ${thinkMs}: must be a number of milliseconds ≥ 0`);
  const topology = options.topology ?? 'direct';
  if (topology !== 'direct' && topology !== 'edge') throw new UsageError(`--topology ${topology}: must be direct or edge`);
  const delivery = resolveDelivery(options.delivery);
  return { ...options, host, port, thinkMs, topology, delivery, nextPages: options.nextPages ?? {}, tls: options.tls ?? (await createTlsMaterial([host])) };
}

/** A variant's view of the site: the files (HTML rewritten if the variant does so) and the manifest. */
export interface VariantSite {
  variant: Variant;
  site: StaticSite;
  resourcesFor(page: string): CriticalResource[];
  /** The variant's rewrite of a page's HTML (by its path in the site): of the site's pages once, of each page the edge proxies; undefined when it rewrites none. */
  rewriteHtml: ((html: string, page: string) => string) | undefined;
}

export async function loadVariantSite(options: ResolvedOptions & Pick<ServerOptions, 'share'>): Promise<VariantSite> {
  const variant = variantOf(options.variant);
  const share = options.share ?? createSiteShare();
  const manifest = await share.manifest(options.siteDir); // throws a UsageError for a missing site
  const resourcesFor = (page: string): CriticalResource[] => resourcesForPage(manifest, page);
  const contextFor = pageContexts(manifest, options.nextPages); // a UsageError for a path that names no page
  const transform = variant.transformHtml;
  const rewriteHtml = transform && ((html: string, page: string) => transform(html, resourcesFor(page), contextFor(page)));
  const plain = await share.plainSite(options.siteDir);
  const site = rewriteHtml ? await loadSite(options.siteDir, { transformHtml: rewriteHtml, base: plain }) : plain;
  return { variant, site, resourcesFor, rewriteHtml };
}

export interface FrontServerSpec extends VariantSite, Pick<ExchangeContext, 'siteTarget' | 'missBackend'> {
  options: ResolvedOptions;
  pageBackend: PageBackend;
  /** Also closed by RunningServer.close() (the edge's origin). */
  closeAlso?: () => Promise<void>;
}

type RequestListener = (req: AnyRequest, res: AnyResponse) => void;

/**
 * HTTP/2: a TLS server (ALPN h2 only) whose decrypted connections are handed to Node's http2
 * module through a TappedSocket, so the client's priority frames reach the connection's scheduler.
 */
function createH2FrontServer(tls: TlsMaterial, delivery: Delivery, log: WireLog, onRequest: RequestListener) {
  const priorities = delivery.priorities;
  if (priorities === 'off') return createStockH2Server(tls, delivery, log, onRequest);
  const server = createTlsServer({ key: tls.keyPem, cert: tls.certPem, ALPNProtocols: ['h2'] });
  const connections = trackConnections(server, log, delivery.sendQueue);
  const h2 = createH2Server();
  h2.on('request', onRequest);
  h2.on('sessionError', (err: Error) => log.log({ type: 'error', conn: 0, message: `session error: ${err.message}` }));
  // Node's http2 module turns Nagle off on sockets it is handed directly; this one it is not.
  server.on('connection', (raw: Socket) => raw.setNoDelay(true));
  server.on('secureConnection', (socket: TLSSocket) => {
    const conn = connections.idOf(socket);
    const connection = new H2Connection(log, conn, priorities);
    const reader = new ClientFrameReader((signal) => connection.onSignal(signal));
    let session: Http2Session | undefined;
    const onSession = (s: Http2Session): void => { session = s; };
    h2.once('session', onSession); // emitted synchronously by 'connection'
    h2.emit('connection', new TappedSocket(socket, (chunk) => reader.feed(chunk)));
    h2.off('session', onSession);
    if (!session) {
      socket.destroy();
      return;
    }
    connections.bindSession(session, socket);
    bindConnection(session, connection);
  });
  return { server, connections };
}

/**
 * `priorities: off`: Node's own HTTP/2 server as it comes (what pushbench's servers were before they
 * had a scheduler): whole bodies handed to nghttp2, writes as Node makes them, 16 KB TLS records.
 * The client's priority frames are not observed (`priority_signals` is empty for such rows).
 */
function createStockH2Server(tls: TlsMaterial, delivery: Delivery, log: WireLog, onRequest: RequestListener) {
  const server = createSecureServer({ key: tls.keyPem, cert: tls.certPem, allowHTTP1: false });
  const connections = trackConnections(server, log, delivery.sendQueue);
  server.on('request', onRequest);
  server.on('sessionError', (err: Error) => log.log({ type: 'error', conn: 0, message: `session error: ${err.message}` }));
  return { server, connections };
}

function createH1FrontServer(tls: TlsMaterial, delivery: Delivery, log: WireLog, onRequest: RequestListener) {
  const server = createHttpsServer({ key: tls.keyPem, cert: tls.certPem, ALPNProtocols: ['http/1.1'] });
  const connections = trackConnections(server, log, delivery.sendQueue);
  server.on('request', onRequest);
  return { server, connections };
}

export async function startFrontServer(spec: FrontServerSpec): Promise<RunningServer> {
  const { options, variant } = spec;
  const log: WireLog = createWireLog({ variant: variant.name, path: options.wireLogPath });
  let connections: ConnectionTracker | undefined;
  const onRequest: RequestListener = (req, res) => void handleExchange({ ...spec, log, connections: connections!, delivery: options.delivery }, req, res);
  const protocol = VARIANT_TRAITS[variant.name].protocol;
  const created = (protocol === 'h2' ? createH2FrontServer : createH1FrontServer)(options.tls, options.delivery, log, onRequest);
  const server: TlsServer = created.server;
  connections = created.connections;
  server.on('tlsClientError', (err: Error) => log.log({ type: 'error', conn: 0, message: `TLS error: ${err.message}` }));
  const keyLogPath = options.keyLogPath;
  if (keyLogPath) server.on('keylog', (line: Buffer) => appendFileSync(keyLogPath, line));

  let port: number;
  try {
    port = await listen(server, options.host, options.port);
  } catch (err) {
    log.close();
    await spec.closeAlso?.();
    throw err;
  }
  return {
    server: SERVER_FAMILY,
    serverVersion: SERVER_VERSION,
    variant: variant.name,
    topology: options.topology,
    origin: originOf(options.host, port),
    host: options.host,
    port,
    protocol,
    spkiSha256: options.tls.spkiSha256,
    wireLogPath: options.wireLogPath,
    wireLogFormat: 'pushbench-wire',
    delivery: options.delivery,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await connections.destroyAll();
      await closed;
      await spec.closeAlso?.();
      log.close();
    },
  };
}
