// One `stream-end` event per response stream, whichever way it ends (finished, reset, connection gone).
import type { EventEmitter } from 'node:events';
import { nowMs, type WireLog } from './wire-log.ts';

export interface StreamEndWatch {
  log: WireLog;
  conn: number;
  stream: number;
  path: string;
  pushed: boolean;
  startedAt: number;
  /** Emits 'close' once when the stream is over. */
  emitter: EventEmitter;
  /** Body bytes written to the stream (set once the body is written). */
  bodyBytes: () => number;
  /** Bytes still queued in the stream when it closed (unsent on a reset). */
  queuedBytes: () => number;
  /** RST_STREAM code (HTTP/2); null for HTTP/1.1 or a stream that closed normally. */
  rstCode: () => number | null;
  /** Called after `stream-end` is logged (e.g. to log a push reset). */
  onEnd?: (rstCode: number | null) => void;
}

export function watchStreamEnd(watch: StreamEndWatch): void {
  watch.emitter.once('close', () => {
    const rstCode = watch.rstCode();
    watch.log.log({
      type: 'stream-end',
      conn: watch.conn,
      stream: watch.stream,
      path: watch.path,
      bytes: Math.max(0, watch.bodyBytes() - watch.queuedBytes()),
      pushed: watch.pushed,
      durationMs: nowMs() - watch.startedAt,
      rstCode,
    });
    watch.onEnd?.(rstCode);
  });
}

/** Node reports rstCode 0 (NO_ERROR) for streams that ended normally; only other codes are resets. */
export function resetCode(rstCode: number | undefined): number | null {
  return rstCode === undefined || rstCode === 0 ? null : rstCode;
}
