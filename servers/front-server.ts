// The browser-facing TLS server of every variant and topology: HTTP/1.1 (https) or HTTP/2 (ALPN h2
// only), the run's certificate, key logging, connection tracking, and a prompt close().
import { appendFileSync } from 'node:fs';
import { createSecureServer } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import { UsageError } from '../harness/cli/errors.ts';
import { loadManifest, resourcesForPage } from '../sites/manifest.ts';
import type { CriticalResource } from '../sites/manifest-types.ts';
import { trackConnections } from './connections.ts';
import { handleExchange, type PageBackend } from './exchange.ts';
import { assertAllowedHost, assertPort, listen, originOf } from './listen.ts';
import { loadSite, type StaticSite } from './static-handler.ts';
import { createTlsMaterial } from './tls.ts';
import type { RunningServer, ServerOptions, TlsMaterial } from './types.ts';
import { VARIANT_NAMES } from './types.ts';
import { VARIANTS, type Variant } from './variants/index.ts';
import { createWireLog, type WireLog } from './wire-log.ts';

/** Options checked and defaults applied. */
export interface ResolvedOptions extends Required<Omit<ServerOptions, 'wireLogPath' | 'keyLogPath'>> {
  wireLogPath?: string;
  keyLogPath?: string;
}

export async function resolveOptions(options: ServerOptions): Promise<ResolvedOptions> {
  if (!(VARIANT_NAMES as readonly string[]).includes(options.variant)) {
    throw new UsageError(`--variant ${options.variant}: unknown variant; valid variants: ${VARIANT_NAMES.join(', ')}`);
  }
  const host = options.host ?? '127.0.0.1';
  assertAllowedHost(host);
  const port = options.port ?? 0;
  assertPort(port);
  const thinkMs = options.thinkMs ?? 0;
  if (!Number.isFinite(thinkMs) || thinkMs < 0) throw new UsageError(`--think-ms ${thinkMs}: must be a number of milliseconds ≥ 0`);
  const topology = options.topology ?? 'direct';
  if (topology !== 'direct' && topology !== 'edge') throw new UsageError(`--topology ${topology}: must be direct or edge`);
  return { ...options, host, port, thinkMs, topology, tls: options.tls ?? (await createTlsMaterial([host])) };
}

/** A variant's view of the site: the files (HTML rewritten if the variant does so) and the manifest. */
export interface VariantSite {
  variant: Variant;
  site: StaticSite;
  resourcesFor(page: string): CriticalResource[];
}

export async function loadVariantSite(options: ResolvedOptions): Promise<VariantSite> {
  const variant = VARIANTS[options.variant];
  const manifest = await loadManifest(options.siteDir); // throws a UsageError for a missing site
  const resourcesFor = (page: string): CriticalResource[] => resourcesForPage(manifest, page);
  const transform = variant.transformHtml;
  const site = await loadSite(options.siteDir, {
    transformHtml: transform ? (html, page) => transform(html, resourcesFor(page)) : undefined,
  });
  return { variant, site, resourcesFor };
}

export interface FrontServerSpec extends VariantSite {
  options: ResolvedOptions;
  pageBackend: PageBackend;
  /** Also closed by RunningServer.close() (the edge's origin). */
  closeAlso?: () => Promise<void>;
}

function createTlsServer(protocol: 'h1' | 'h2', tls: TlsMaterial) {
  const credentials = { key: tls.keyPem, cert: tls.certPem };
  return protocol === 'h2'
    ? createSecureServer({ ...credentials, allowHTTP1: false })
    : createHttpsServer({ ...credentials, ALPNProtocols: ['http/1.1'] });
}

export async function startFrontServer(spec: FrontServerSpec): Promise<RunningServer> {
  const { options, variant } = spec;
  const log: WireLog = createWireLog({ variant: variant.name, path: options.wireLogPath });
  const server = createTlsServer(variant.protocol, options.tls);
  const connections = trackConnections(server, log);
  const context = { ...spec, log, connections };
  server.on('request', (req, res) => void handleExchange(context, req, res));
  server.on('sessionError', (err: Error) => log.log({ type: 'error', conn: 0, message: `session error: ${err.message}` }));
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
    variant: variant.name,
    topology: options.topology,
    origin: originOf(options.host, port),
    host: options.host,
    port,
    protocol: variant.protocol,
    spkiSha256: options.tls.spkiSha256,
    wireLogPath: options.wireLogPath,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await connections.destroyAll();
      await closed;
      await spec.closeAlso?.();
      log.close();
    },
  };
}
