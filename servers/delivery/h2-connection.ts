// One HTTP/2 connection's delivery: the client's priority signals (read from its frames) feed the
// connection's scheduler, and every response body and pushed body is written through it.
import type { Http2Session, ServerHttp2Stream } from 'node:http2';
import type { RequestPriority, WireLog } from '../wire-log.ts';
import type { ClientFrameSignal, FramePriority } from './client-frames.ts';
import { SendScheduler, type PriorityScheme, type SchedulerPriorities, type StreamSink } from './scheduler.ts';

/** What the wire log records of a request's priority. */

export class H2Connection {
  readonly scheduler: SendScheduler;
  private readonly framePriorities = new Map<number, FramePriority | null>();

  constructor(private readonly log: WireLog, private readonly conn: number, priorities: SchedulerPriorities) {
    this.scheduler = new SendScheduler({ priorities });
  }

  /** Called by the frame reader for each priority signal, in wire order. */
  onSignal(signal: ClientFrameSignal): void {
    switch (signal.kind) {
      case 'headers':
        if (signal.stream % 2 === 0) return; // only client-initiated (odd) streams carry requests
        this.framePriorities.set(signal.stream, signal.priority);
        this.scheduler.openRequest(signal.stream, signal.priority);
        return;
      case 'priority':
        this.log.log({ type: 'priority-frame', conn: this.conn, stream: signal.stream, ...signal.priority });
        this.scheduler.prioritize(signal.stream, signal.priority);
        return;
      case 'priority-update':
        this.log.log({ type: 'priority-update', conn: this.conn, stream: signal.stream, value: signal.value });
        this.scheduler.updateUrgency(signal.stream, signal.value);
        return;
      case 'initial-window':
        this.scheduler.setInitialWindow(signal.bytes);
        return;
      case 'window-update':
        this.scheduler.windowUpdate(signal.stream, signal.increment);
        return;
    }
  }

  /** The request's priority as signalled; applies its `priority` header to the scheduler. */
  requestPriority(stream: number, header: string | undefined): RequestPriority {
    if (header !== undefined) this.scheduler.setPriorityHeader(stream, header);
    return { header: header ?? null, frame: this.framePriorities.get(stream) ?? null, scheme: this.scheduler.scheme };
  }

  /** Writes a body through the scheduler; the stream ends after its last chunk. */
  send(stream: ServerHttp2Stream, body: Buffer): void {
    const id = stream.id ?? 0;
    stream.once('close', () => this.scheduler.close(id));
    if (body.length === 0) {
      stream.end();
      return;
    }
    this.scheduler.send(id, body, streamSink(stream));
  }
}

function streamSink(stream: ServerHttp2Stream): StreamSink {
  return {
    write(chunk, last, done) {
      let called = false;
      const once = (): void => {
        if (called) return;
        called = true;
        stream.off('close', once);
        done();
      };
      if (stream.destroyed) {
        once();
        return;
      }
      stream.once('close', once); // a reset stream may never call back
      // The last chunk counts as sent once the stream has ended (its END_STREAM handed to nghttp2),
      // so no other stream's chunk can slip in between a body and its end: the browser sees a
      // response complete only with END_STREAM, and an HTML page one round trip late otherwise.
      if (last) stream.end(chunk, once);
      else stream.write(chunk, once);
    },
  };
}

const connections = new WeakMap<Http2Session, H2Connection>();

export function bindConnection(session: Http2Session, connection: H2Connection): void {
  connections.set(session, connection);
}

export function connectionOf(session: Http2Session): H2Connection | undefined {
  return connections.get(session);
}
