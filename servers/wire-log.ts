// JSONL wire log: one event per happening on the browser-facing side of a server.
// Each line is appended with a synchronous write on a kept file descriptor, so a crash loses
// nothing that happened before it. The harness parses these lines (see `WireEvent`).
import { closeSync, openSync, writeSync } from 'node:fs';
import type { FramePriority } from './delivery/client-frames.ts';
import type { PriorityScheme } from './delivery/scheduler.ts';
import type { SendQueue } from './delivery/send-queue.ts';
import type { VariantName } from '../harness/shared/variants.ts';

/** The priority signals a request came with, as logged on its `request` event. */
export interface RequestPriority {
  /** The RFC 9218 `priority` request header, verbatim. */
  header: string | null;
  /** The RFC 7540 priority block of its HEADERS frame. */
  frame: FramePriority | null;
  /** The scheme the connection followed when the request arrived. */
  scheme: PriorityScheme;
}

interface EventBase {
  /** Epoch milliseconds with a sub-millisecond fraction (performance.timeOrigin + performance.now()). */
  t: number;
  variant: VariantName;
  /** Connection id, unique within one server. */
  conn: number;
}

/** For HTTP/1.1, `stream` is the request's 1-based position on its connection. */
interface StreamEventBase extends EventBase {
  stream: number;
}

export interface ConnectionEvent extends EventBase {
  type: 'connection';
  alpn: string | null;
  tlsVersion: string | null;
  /** The client resumed an earlier TLS session (ticket or session id); null without TLS. */
  tlsResumed: boolean | null;
  remoteAddress: string | null;
  remotePort: number | null;
  /** TCP_NOTSENT_LOWAT as read back from the socket. */
  sendQueue?: SendQueue;
}

/** The request headers that decide what a variant sends (caching, compression, push/preload intent). */
export interface LoggedRequestHeaders {
  'accept-encoding'?: string;
  'if-none-match'?: string;
  'cache-control'?: string;
  purpose?: string;
  'sec-purpose'?: string;
  'sec-fetch-dest'?: string;
  'user-agent'?: string;
}
export const LOGGED_REQUEST_HEADERS = [
  'accept-encoding', 'if-none-match', 'cache-control', 'purpose', 'sec-purpose', 'sec-fetch-dest', 'user-agent',
] as const satisfies readonly (keyof LoggedRequestHeaders)[];

export interface RequestEvent extends StreamEventBase {
  type: 'request';
  method: string;
  path: string;
  headers: LoggedRequestHeaders;
  /** HTTP/2: the priority the client signalled for this request, and the scheme the server followed. */
  priority?: RequestPriority;
}

/** An RFC 7540 PRIORITY frame from the client. */
export interface PriorityFrameEvent extends StreamEventBase, FramePriority {
  type: 'priority-frame';
}

/** An RFC 9218 PRIORITY_UPDATE frame from the client; `stream` is the prioritized stream. */
export interface PriorityUpdateEvent extends StreamEventBase {
  type: 'priority-update';
  value: string;
}

/** Cache-aware push: a resource not pushed because the client's fingerprint says it has it. */
export interface PushSkippedEvent extends StreamEventBase {
  type: 'push-skipped';
  path: string;
  reason: 'client has it';
}

export interface EarlyHintsEvent extends StreamEventBase {
  type: 'early-hints';
  links: string[];
}

export interface PushPromiseEvent extends StreamEventBase {
  type: 'push-promise';
  /** `stream` is the parent (page) stream; this is the promised stream. */
  pushedStream: number;
  path: string;
}

export interface PushRefusedEvent extends StreamEventBase {
  type: 'push-refused';
  reason: 'push refused by client';
  /** The paths that would have been pushed. */
  paths: string[];
}

export interface PushResetEvent extends StreamEventBase {
  type: 'push-reset';
  /** `stream` is the pushed stream. */
  path: string;
  /** RST_STREAM error code, e.g. 8 (CANCEL) when the browser already had the resource. */
  rstCode: number;
}

export interface ResponseEvent extends StreamEventBase {
  type: 'response';
  status: number;
  path: string;
  contentEncoding: string | null;
  /** Body bytes of the response as encoded on the wire (0 for HEAD and 304). */
  bodyBytes: number;
  pushed: boolean;
  /** topology edge: how long the origin took for it (request sent → whole body received), ms. */
  originMs?: number;
}

export interface StreamEndEvent extends StreamEventBase {
  type: 'stream-end';
  path: string;
  /** Body bytes handed to the connection before the stream ended (all of them unless reset). */
  bytes: number;
  pushed: boolean;
  durationMs: number;
  /** RST_STREAM code when the stream was reset (HTTP/2), else null. */
  rstCode: number | null;
}

export interface ConnectionCloseEvent extends EventBase {
  type: 'connection-close';
  /** TLS record bytes read from / written to the TCP connection. */
  bytesRead: number;
  bytesWritten: number;
}

export interface ErrorEvent extends EventBase {
  type: 'error';
  stream?: number;
  message: string;
}

export type WireEvent =
  | ConnectionEvent
  | RequestEvent
  | EarlyHintsEvent
  | PushPromiseEvent
  | PushRefusedEvent
  | PushResetEvent
  | PushSkippedEvent
  | PriorityFrameEvent
  | PriorityUpdateEvent
  | ResponseEvent
  | StreamEndEvent
  | ConnectionCloseEvent
  | ErrorEvent;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** What a caller passes to `log`: everything but the time and variant, which the log adds. */
export type WireEventInput = DistributiveOmit<WireEvent, 't' | 'variant'>;

export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export interface WireLog {
  log(event: WireEventInput): void;
  /** Events logged so far, kept in memory only when the log was created with `keepInMemory`. */
  readonly events: readonly WireEvent[];
  close(): void;
}

export interface WireLogOptions {
  variant: VariantName;
  /** JSONL file to append to; omitted → no file. */
  path?: string;
  /** Keep events in memory too (tests). */
  keepInMemory?: boolean;
}

export function createWireLog(options: WireLogOptions): WireLog {
  let fd = options.path ? openSync(options.path, 'a') : null;
  const events: WireEvent[] = [];
  return {
    events,
    log(input) {
      const event = { t: nowMs(), variant: options.variant, ...input } as WireEvent;
      if (options.keepInMemory) events.push(event);
      if (fd !== null) writeSync(fd, JSON.stringify(event) + '\n');
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

/**
 * Parse a wire log file's text (the harness side), the one parser of wire logs. Blank lines are
 * ignored. A last line without its newline that does not parse is a write torn by a crash and is
 * dropped; any other line that does not parse is damage, and throws naming its line.
 */
export function parseWireLog(text: string): WireEvent[] {
  const lines = text.split('\n');
  const events: WireEvent[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      events.push(JSON.parse(line) as WireEvent);
    } catch (err) {
      if (i === lines.length - 1) return; // unterminated last line: torn
      throw new Error(`wire log line ${i + 1}: ${(err as Error).message}`);
    }
  });
  return events;
}
