// Caddy's JSON access log (one line per handled request, logger "http.log.access…") turned into
// the wire events the compute modules read (servers/wire-log.ts), so a Caddy load gets the same
// columns as one of pushbench's own servers wherever the log can tell. Pure.
//
// What the access log says and what it cannot (results/README.md, "Caddy rows"):
// - A line is written when a request has been handled: `ts` is its end, `duration` its length, so
//   the request arrived at ts − duration; the response's headers and its last byte are both put
//   at ts (for a static file they are microseconds apart).
// - `size` is the body bytes written; `request.proto` is "HTTP/1.1", "HTTP/2.0" or "HTTP/3.0".
// - Connections are told apart by the client's port (remote_port): one per TCP connection or
//   QUIC connection. When a connection opened is not logged: its event takes its first request's time.
// - Pushed responses run through Caddy's handlers like requests and are logged with the request
//   header `Caddy-Push: 1`: each is a push-promise plus a pushed response, not a client request.
// - Unknown to the log: stream resets (so whether the browser cancelled a push), the client's
//   priority signals, and 103 responses. The 103s are taken from the browser's own record: CDP
//   Network.responseReceivedEarlyHints where the browser has that event (Chromium 156), otherwise
//   the fetches Resource Timing says a 103 started (initiatorType "early-hints", Chromium 103): a
//   browser labels a fetch so only when a 103 reached it. Then the 103's links are the started
//   ones only (a hinted resource the browser did not fetch is not seen).

import type { CdpEvent, PageArtifacts } from '../gather/artifacts.ts';
import { LOGGED_REQUEST_HEADERS, type LoggedRequestHeaders, type WireEvent } from '../../servers/wire-log.ts';
import type { VariantName } from '../shared/variants.ts';
import type { WireLogFormat } from '../../servers/types.ts';

/** The fields of an access-log line pushbench reads. */
interface AccessLine {
  ts: number;
  msg?: string;
  duration: number;
  size: number;
  status: number;
  request: {
    remote_port?: string;
    proto?: string;
    method?: string;
    uri?: string;
    headers?: Record<string, string[]>;
    tls?: { resumed?: boolean; version?: number; proto?: string };
  };
}

/** What a server log can tell; the rest of the columns it feeds stay empty. */
export interface WireKnowledge {
  /** Whether stream resets (a cancelled push) are logged. */
  resets: boolean;
  /** Whether the priority signals are logged. */
  priorities: boolean;
  /**
   * Whether a response's end is when its last byte went to the kernel (pushbench's stream-end), not
   * when the handler returned (Caddy: Go's HTTP/2 server buffers the body and sends it later).
   */
  kernelTimes: boolean;
}

export const CADDY_ACCESS_KNOWS: WireKnowledge = { resets: false, priorities: false, kernelTimes: false };
export const PUSHBENCH_WIRE_KNOWS: WireKnowledge = { resets: true, priorities: true, kernelTimes: true };
/** What each kind of server log can tell. */
export const WIRE_KNOWS: Record<WireLogFormat, WireKnowledge> = { 'pushbench-wire': PUSHBENCH_WIRE_KNOWS, 'caddy-access': CADDY_ACCESS_KNOWS };

function parseLines(text: string): AccessLine[] {
  const out: AccessLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let entry: AccessLine;
    try {
      entry = JSON.parse(line) as AccessLine;
    } catch {
      continue; // a torn last line of a log still being written
    }
    if (entry.msg === 'handled request' && entry.request) out.push(entry);
  }
  return out;
}

const alpnOf = (proto: string | undefined): string | null =>
  proto === 'HTTP/3.0' ? 'h3' : proto === 'HTTP/2.0' ? 'h2' : proto === 'HTTP/1.1' ? 'http/1.1' : null;

function headersOf(raw: Record<string, string[]> | undefined): LoggedRequestHeaders {
  const out: LoggedRequestHeaders = {};
  const lower = new Map(Object.entries(raw ?? {}).map(([k, v]) => [k.toLowerCase(), v.join(', ')]));
  for (const name of LOGGED_REQUEST_HEADERS) {
    const value = lower.get(name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

const pathOfUri = (uri: string | undefined) => (uri ?? '/').split('?')[0]!;

/** Splits a Link header value into its link-values ("<a>; rel=preload, <b>; …" → two). */
function splitLinks(value: string): string[] {
  return value.split(/,\s*(?=<)/).map((v) => v.trim()).filter(Boolean);
}

/** The 103s the browser received for this page, as early-hints events on its page request. */
function earlyHintsSeenByBrowser(cdp: readonly CdpEvent[], page: PageArtifacts | undefined, pageRequest: { t: number; conn: number; stream: number } | undefined, variant: VariantName): WireEvent[] {
  if (!pageRequest) return [];
  const at = { t: pageRequest.t, variant, conn: pageRequest.conn, stream: pageRequest.stream };
  const reported = cdp.filter((e) => e.method === 'Network.responseReceivedEarlyHints');
  if (reported.length) {
    return reported.map((e) => {
      const headers = (e.params.headers ?? {}) as Record<string, string>;
      const link = Object.entries(headers).find(([k]) => k.toLowerCase() === 'link')?.[1] ?? '';
      return { type: 'early-hints' as const, ...at, links: splitLinks(link) };
    });
  }
  const started = (page?.resources ?? []).filter((r) => r.initiatorType === 'early-hints');
  if (started.length === 0) return [];
  return [{ type: 'early-hints' as const, ...at, links: started.map((r) => `<${new URL(r.name).pathname}>`) }];
}

/** The wire events of one load's slice of a Caddy access log; `pagePath` finds the page request for its 103s. */
export function wireFromCaddyAccess(text: string, variant: VariantName, pagePath: string, cdp: readonly CdpEvent[], page?: PageArtifacts): WireEvent[] {
  const events: WireEvent[] = [];
  const conns = new Map<string, { id: number; streams: number }>();
  let pageRequest: { t: number; conn: number; stream: number } | undefined;
  const lines = parseLines(text).sort((a, b) => (a.ts - a.duration) - (b.ts - b.duration));
  for (const line of lines) {
    const r = line.request;
    const start = (line.ts - line.duration) * 1000;
    const end = line.ts * 1000;
    const key = r.remote_port ?? '?';
    let conn = conns.get(key);
    if (!conn) {
      conn = { id: conns.size + 1, streams: 0 };
      conns.set(key, conn);
      const alpn = alpnOf(r.proto);
      events.push({
        type: 'connection', t: start, variant, conn: conn.id, alpn,
        // quic-go 0.29 reports an empty TLS state for HTTP/3 requests: resumption is unknown there.
        tlsVersion: r.tls?.version ? `0x${r.tls.version.toString(16)}` : null,
        tlsResumed: alpn === 'h3' ? null : (r.tls?.resumed ?? null),
        remoteAddress: null,
        remotePort: Number(key) || null,
      });
    }
    const stream = ++conn.streams;
    const path = pathOfUri(r.uri);
    const pushed = Object.entries(r.headers ?? {}).some(([k, v]) => k.toLowerCase() === 'caddy-push' && v.includes('1'));
    const encoding = null; // the access log does not say which representation was sent
    if (pushed) {
      events.push({ type: 'push-promise', t: start, variant, conn: conn.id, stream: 0, pushedStream: stream, path });
    } else {
      events.push({ type: 'request', t: start, variant, conn: conn.id, stream, method: r.method ?? 'GET', path, headers: headersOf(r.headers) });
      if (!pageRequest && (path === pagePath || (pagePath.endsWith('/') && path === `${pagePath}index.html`))) pageRequest = { t: start, conn: conn.id, stream };
    }
    events.push({ type: 'response', t: end, variant, conn: conn.id, stream, status: line.status, path, contentEncoding: encoding, bodyBytes: line.size, pushed });
    events.push({ type: 'stream-end', t: end, variant, conn: conn.id, stream, path, bytes: line.size, pushed, durationMs: line.duration * 1000, rstCode: null });
  }
  events.push(...earlyHintsSeenByBrowser(cdp, page, pageRequest, variant));
  return events.sort((a, b) => a.t - b.t);
}
