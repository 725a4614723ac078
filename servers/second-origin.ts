// The server of one of a site's second origins (sites/site-origins.ts): the folder
// `<site>/_origins/<host>` served as `https://<host>/`, as a font service or a CDN serves a page's
// files from a host name of its own. It is a third party's server, so it is the same in every arm
// (Caddy's too): plain HTTP/2 (the baseline variant's behaviour, no push, no hints) with the run's
// delivery settings, and
//   - its own certificate, for its host name only, pinned as the run's is;
//   - `Access-Control-Allow-Origin: *` and `Timing-Allow-Origin: *` on every response, as font
//     services send them: a font is a CORS fetch, and Resource Timing then shows its phases;
//   - files cached a year, immutable, as the site's hashed assets are;
//   - only requests for its own host name answered: another :authority (a connection the browser
//     reused for another name, a wrong mapping) gets 421 Misdirected Request (RFC 9110 §15.5.20),
//     on which a browser retries on a connection of its own;
//   - its own wire log.
import { plainVariant } from '../harness/shared/variants.ts';
import { thinkingBackend } from './exchange.ts';
import { resolveOptions, SERVER_VERSION, startFrontServer } from './front-server.ts';
import { errorResponse, IMMUTABLE_CACHE_CONTROL, loadSite, type StaticRequest, type StaticSite } from './static-handler.ts';
import { createTlsMaterial } from './tls.ts';
import type { Delivery } from './types.ts';
import { variantOf } from './variants/index.ts';

export interface SecondOriginOptions {
  /** The host name it is served as, "fonts.pushbench.test". */
  hostName: string;
  /** The folder it serves: <site>/_origins/<host>. */
  dir: string;
  /** Listen address: the arms' (127.0.0.1, or the server namespace's 10.x address). */
  listenHost: string;
  /** 0 (default) picks a free port. */
  port?: number;
  wireLogPath?: string;
  keyLogPath?: string;
  delivery?: Partial<Delivery>;
}

export interface RunningSecondOrigin {
  hostName: string;
  /** "https://fonts.pushbench.test": what the manifest's resources name. */
  origin: string;
  listenHost: string;
  port: number;
  /** Of its own certificate. */
  spkiSha256: string;
  wireLogPath?: string;
  serverVersion: string;
  close(): Promise<void>;
}

/** Headers every response of a second origin carries: any page may read its files and their timings. */
export const SECOND_ORIGIN_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'timing-allow-origin': '*',
};

export async function startSecondOrigin(opts: SecondOriginOptions): Promise<RunningSecondOrigin> {
  const variant = variantOf(plainVariant('none', 'h2'));
  const options = await resolveOptions({
    variant: variant.name,
    siteDir: opts.dir,
    host: opts.listenHost,
    port: opts.port ?? 0,
    ...(opts.wireLogPath ? { wireLogPath: opts.wireLogPath } : {}),
    ...(opts.keyLogPath ? { keyLogPath: opts.keyLogPath } : {}),
    delivery: opts.delivery,
    tls: await createTlsMaterial([opts.hostName], { only: true }),
  });
  const site = secondOriginSite(opts.hostName, await loadSite(opts.dir));
  const server = await startFrontServer({
    variant, site, options, resourcesFor: () => [], rewriteHtml: undefined, pageBackend: thinkingBackend(0),
  });
  return {
    hostName: opts.hostName,
    origin: `https://${opts.hostName}`,
    listenHost: server.host,
    port: server.port,
    spkiSha256: server.spkiSha256,
    ...(server.wireLogPath ? { wireLogPath: server.wireLogPath } : {}),
    serverVersion: SERVER_VERSION,
    close: () => server.close(),
  };
}

/** The folder's files as a second origin answers them: for its own host name only, with its headers. */
export function secondOriginSite(hostName: string, files: StaticSite): StaticSite {
  return {
    ...files,
    respond(request) {
      const asked = authorityHost(request);
      if (asked !== hostName) {
        return withHeaders(errorResponse(421, `Misdirected Request: this server answers for ${hostName} only, not ${asked ?? '(no host)'}`));
      }
      const response = files.respond(request);
      const cached = response.path !== null && !response.isPage && (response.status === 200 || response.status === 304);
      return withHeaders(cached ? { ...response, headers: { ...response.headers, 'cache-control': IMMUTABLE_CACHE_CONTROL } } : response);
    },
  };
}

function withHeaders<R extends { headers: Record<string, string> }>(response: R): R {
  return { ...response, headers: { ...response.headers, ...SECOND_ORIGIN_HEADERS } };
}

/** The host name a request asks for (HTTP/2 :authority, else Host), lower-cased, without its port; null when it names none. */
export function authorityHost(request: StaticRequest): string | null {
  const raw = request.headers[':authority'] ?? request.headers.host;
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return null;
  try {
    return new URL(`https://${value}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}
