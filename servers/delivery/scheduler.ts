// The response scheduler of one HTTP/2 connection: which stream's bytes go to the socket next.
//
// Node's http2 module hands every byte it is given to the socket at once, so a server that writes
// whole bodies lets the kernel, not the client, decide the order. This scheduler keeps the bodies
// itself and releases one chunk at a time, and only when the previous chunk has left the process
// (with a shallow kernel send queue, see send-queue.ts, that is when the link is about to need it).
// The next chunk belongs to the stream the client asked for first:
//
// - RFC 9218 (`priority` header, PRIORITY_UPDATE): lowest urgency first; within an urgency the
//   non-incremental responses one after another in stream order, then the incremental ones in turn.
//   A connection switches to this scheme at the first RFC 9218 signal it sees.
// - RFC 7540 otherwise (HEADERS priority block, PRIORITY frames): the dependency tree. A stream with
//   data goes before its dependants; siblings share by weight (weighted fair queuing on bytes).
// - `round-robin`: every stream with data gets a chunk in turn, whatever the client said.
// (`priorities: off` bypasses this scheduler altogether: Node's stock server, front-server.ts.)
// A stream or connection out of flow-control window (RFC 7540 §6.9) waits without holding up the
// others; the windows come from the client's SETTINGS and WINDOW_UPDATE frames.
//
// Pushed streams (h2o is the model): a *critical* push (CSS, JS, fonts) is pinned right behind
// the page that promised it: it yields to the page's own bytes and goes before everything else,
// in promise order, whatever the client says (h2o puts such pushes at the root with its weight 257,
// which also beats the page; here the page's bytes come first). Other pushes get the protocol's
// default: a weight-16 dependant of the page (RFC 7540 §5.3.5), urgency 3 under RFC 9218.
import type { FramePriority } from './client-frames.ts';
import { DEFAULT_URGENCY, parseUrgency, type Urgency } from './urgency.ts';

export const PRIORITIES = ['on', 'round-robin', 'off'] as const;
/**
 * `on`: the order the client signalled; `round-robin`: this scheduler, every stream with data in
 * turn; `off`: Node's own HTTP/2 server as it comes, what the servers were before this scheduler:
 * every body handed whole to nghttp2 the moment it is ready, writes as Node makes them, 16 KB TLS
 * records (front-server.ts).
 */
export type Priorities = (typeof PRIORITIES)[number];
/** The scheme a connection's order follows; recorded per request in the wire log. */
export type PriorityScheme = 'rfc7540' | 'rfc9218' | 'round-robin';
/** What this scheduler can do; `off` is served by Node's stock server and never reaches it. */
export type SchedulerPriorities = Exclude<Priorities, 'off'>;

/** Bytes per scheduling decision: one full DATA frame, as h2o does. */
export const DEFAULT_CHUNK_BYTES = 16_384;

/** Where a stream's chunks go. `done` is called once the chunk has left the process. */
export interface StreamSink {
  write(chunk: Buffer, last: boolean, done: () => void): void;
}

interface Node {
  id: number;
  parent: Node | null;
  children: Node[];
  weight: number;
  /** A critical push: the page that promised it (it goes next whenever that page has nothing to send). */
  pinnedTo: Node | null;
  urgency: Urgency;
  /** Weighted-fair-queuing virtual time among siblings (RFC 7540), and the last value a child had (for newcomers). */
  pass: number;
  childClock: number;
  /** Round-robin turn: lower goes first. */
  turn: number;
  body: Buffer | null;
  offset: number;
  sink: StreamSink | null;
  /** Flow-control window the client has granted this stream. */
  window: number;
}

/** RFC 7540 §6.9.2: every window starts at 65,535 bytes. */
const INITIAL_WINDOW = 65_535;

export interface SchedulerOptions {
  priorities: SchedulerPriorities;
  chunkBytes?: number;
  /** Runs the pump later in the event loop (setImmediate), so responses ready together are ordered. */
  defer?: (fn: () => void) => void;
}

export class SendScheduler {
  private readonly root: Node = newNode(0, 16, INITIAL_WINDOW);
  private readonly nodes = new Map<number, Node>([[0, this.root]]);
  private connectionWindow = INITIAL_WINDOW;
  private initialWindow = INITIAL_WINDOW;
  private readonly chunkBytes: number;
  private readonly defer: (fn: () => void) => void;
  private rfc9218 = false;
  private turns = 0;
  private inFlight = false;
  private pumpQueued = false;
  /** PRIORITY_UPDATEs for streams not opened yet (RFC 9218 §7.1 allows them to arrive first). */
  private readonly earlyUpdates = new Map<number, string>();

  constructor(private readonly options: SchedulerOptions) {
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    this.defer = options.defer ?? ((fn) => setImmediate(fn));
  }

  get scheme(): PriorityScheme {
    if (this.options.priorities === 'round-robin') return 'round-robin';
    return this.rfc9218 ? 'rfc9218' : 'rfc7540';
  }

  /** A request's HEADERS frame arrived (its RFC 7540 priority block, or null for the default). */
  openRequest(id: number, priority: FramePriority | null): void {
    if (this.nodes.has(id)) {
      if (priority) this.prioritize(id, priority); // an idle node created by a PRIORITY frame
      return;
    }
    const node = newNode(id, priority?.weight ?? 16, this.initialWindow);
    this.nodes.set(id, node);
    this.attach(node, priority ? this.nodes.get(priority.dependsOn) : undefined, priority?.exclusive ?? false);
    const early = this.earlyUpdates.get(id);
    if (early !== undefined) {
      this.earlyUpdates.delete(id);
      this.updateUrgency(id, early);
    }
  }

  /** The request's `priority` header (RFC 9218), read once the request is parsed. */
  setPriorityHeader(id: number, value: string): void {
    this.rfc9218 = true;
    const node = this.nodes.get(id);
    if (node) node.urgency = parseUrgency(value);
  }

  /** A PRIORITY_UPDATE frame (RFC 9218 §7.1). */
  updateUrgency(id: number, value: string): void {
    this.rfc9218 = true;
    const node = this.nodes.get(id);
    if (!node) {
      this.earlyUpdates.set(id, value);
      return;
    }
    if (!node.pinnedTo) node.urgency = parseUrgency(value, node.urgency);
    this.schedulePump();
  }

  /** A PRIORITY frame (RFC 7540 §6.3): moves a stream in the tree, creating it idle if unknown. */
  prioritize(id: number, priority: FramePriority): void {
    let node = this.nodes.get(id);
    if (!node) {
      node = newNode(id, priority.weight, this.initialWindow);
      this.nodes.set(id, node);
      this.attach(node, this.nodes.get(priority.dependsOn), priority.exclusive);
      return;
    }
    if (node.pinnedTo || id === priority.dependsOn) return;
    const parent = this.nodes.get(priority.dependsOn) ?? this.root;
    // §5.3.3: a stream made dependent on its own dependant first moves that dependant up.
    if (isAncestor(node, parent)) {
      detach(parent);
      addChild(node.parent ?? this.root, parent);
    }
    detach(node);
    node.weight = priority.weight;
    this.attach(node, parent, priority.exclusive);
    this.schedulePump();
  }

  /** A pushed stream promised by `parentId`. */
  openPush(id: number, parentId: number, critical: boolean): void {
    const parent = this.nodes.get(parentId) ?? this.root;
    const node = newNode(id, 16, this.initialWindow);
    this.nodes.set(id, node);
    addChild(parent, node); // in the tree too: the client may make its own requests depend on it
    if (critical) {
      node.pinnedTo = parent;
      node.urgency = { urgency: parent.urgency.urgency, incremental: false };
    }
  }

  /** SETTINGS_INITIAL_WINDOW_SIZE: changes every stream's window by the difference (§6.9.2). */
  setInitialWindow(bytes: number): void {
    const delta = bytes - this.initialWindow;
    this.initialWindow = bytes;
    for (const node of this.nodes.values()) if (node !== this.root) node.window += delta;
    this.schedulePump();
  }

  /** WINDOW_UPDATE for a stream, or for the connection (stream 0). */
  windowUpdate(id: number, increment: number): void {
    if (id === 0) this.connectionWindow += increment;
    else {
      const node = this.nodes.get(id);
      if (node) node.window += increment;
    }
    this.schedulePump();
  }

  /** The stream's body is ready: it will be written in chunks, in the order above. */
  send(id: number, body: Buffer, sink: StreamSink): void {
    let node = this.nodes.get(id);
    if (!node) {
      node = newNode(id, 16, this.initialWindow);
      this.nodes.set(id, node);
      addChild(this.root, node);
    }
    this.wake(node);
    node.body = body;
    node.offset = 0;
    node.sink = sink;
    node.turn = ++this.turns;
    this.schedulePump();
  }

  /** The stream is gone (finished, reset, connection closed): drop what it still had. */
  close(id: number): void {
    const node = this.nodes.get(id);
    if (!node) return;
    node.body = null;
    node.sink = null;
  }

  private schedulePump(): void {
    if (this.inFlight || this.pumpQueued) return;
    this.pumpQueued = true;
    this.defer(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.inFlight) return;
    const node = this.pick();
    if (!node || !node.body || !node.sink) return;
    const size = Math.min(this.chunkBytes, node.window, this.connectionWindow);
    const end = Math.min(node.body.length, node.offset + size);
    const chunk = node.body.subarray(node.offset, end);
    const last = end >= node.body.length;
    const sink = node.sink;
    this.account(node, chunk.length);
    node.offset = end;
    node.window -= chunk.length;
    this.connectionWindow -= chunk.length;
    if (last) {
      node.body = null;
      node.sink = null;
    }
    this.inFlight = true;
    sink.write(chunk, last, () => {
      this.inFlight = false;
      this.schedulePump();
    });
  }

  private pick(): Node | null {
    if (this.connectionWindow <= 0) return null;
    const nodes = [...this.nodes.values()];
    if (this.scheme === 'round-robin') return minByOrNull(nodes.filter((n) => n.body !== null && n.window > 0), (n) => n.turn);
    const ready = nodes.filter(sendable);
    if (ready.length === 0) return null;
    // A critical push whose page has nothing left to send goes first (`sendable` holds it back until then).
    const pinned = ready.filter((n) => n.pinnedTo);
    if (pinned.length) return minBy(pinned, (n) => n.id);
    if (this.scheme === 'rfc9218') return this.pickByUrgency(ready);
    // A stream the tree cannot reach (it should not happen) is still sent, never stranded.
    return this.pickFromTree() ?? minBy(ready, (n) => n.id);
  }

  private pickByUrgency(ready: Node[]): Node | null {
    if (ready.length === 0) return null;
    const top = Math.min(...ready.map((n) => n.urgency.urgency));
    const level = ready.filter((n) => n.urgency.urgency === top);
    const sequential = level.filter((n) => !n.urgency.incremental);
    if (sequential.length) return minBy(sequential, (n) => n.id);
    return minBy(level, (n) => n.turn);
  }

  private pickFromTree(): Node | null {
    let node = this.root;
    for (;;) {
      if (node !== this.root && sendable(node)) return node;
      const active = node.children.filter(hasData);
      if (active.length === 0) return null;
      node = minBy(active, (c) => c.pass * 1e6 + c.id);
    }
  }

  /** Charges `bytes` to the stream: its round-robin turn, and the fair-queuing clock on its path. */
  private account(node: Node, bytes: number): void {
    node.turn = ++this.turns;
    for (let n: Node | null = node; n && n.parent; n = n.parent) {
      n.parent.childClock = n.pass;
      n.pass += bytes / n.weight;
    }
  }

  /** A subtree that had nothing to send starts from its siblings' clock, not from its old one. */
  private wake(node: Node): void {
    for (let n: Node | null = node; n && n.parent; n = n.parent) {
      if (hasData(n)) break;
      n.pass = Math.max(n.pass, n.parent.childClock);
    }
  }

  /** Adds a node under `parent`; an unknown parent means the default priority (§5.3.1). */
  private attach(node: Node, parent: Node | undefined, exclusive: boolean): void {
    if (!parent) {
      node.weight = 16;
      addChild(this.root, node);
      return;
    }
    if (exclusive) {
      for (const child of [...parent.children]) {
        detach(child);
        addChild(node, child);
      }
    }
    addChild(parent, node);
  }
}

function newNode(id: number, weight: number, window: number): Node {
  return {
    id, parent: null, children: [], weight, pinnedTo: null, urgency: DEFAULT_URGENCY,
    pass: 0, childClock: 0, turn: 0, body: null, offset: 0, sink: null, window,
  };
}

function addChild(parent: Node, child: Node): void {
  child.parent = parent;
  parent.children.push(child);
}

function detach(node: Node): void {
  if (!node.parent) return;
  node.parent.children = node.parent.children.filter((c) => c !== node);
  node.parent = null;
}

function isAncestor(ancestor: Node, node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** Has bytes to send and window to send them in (a critical push: and its page has sent all it has). */
function sendable(node: Node): boolean {
  return node.body !== null && node.window > 0 && (node.pinnedTo === null || node.pinnedTo.body === null);
}

/** The node or a dependant of it can send. */
function hasData(node: Node): boolean {
  return sendable(node) || node.children.some(hasData);
}

function minByOrNull<T>(items: T[], key: (item: T) => number): T | null {
  return items.length ? minBy(items, key) : null;
}

function minBy<T>(items: T[], key: (item: T) => number): T {
  let best = items[0] as T;
  for (const item of items) if (key(item) < key(best)) best = item;
  return best;
}
