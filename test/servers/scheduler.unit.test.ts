// The HTTP/2 response scheduler (servers/delivery/scheduler.ts) with a fake socket: which stream's
// chunk goes next under RFC 7540 trees, RFC 9218 urgencies, round-robin, pushes and flow control.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SendScheduler, type SchedulerPriorities } from '../../servers/delivery/scheduler.ts';

const CHUNK = 1000;

/** A fake connection: runs the scheduler's deferred pumps by hand and records every chunk written. */
function harness(priorities: SchedulerPriorities = 'on') {
  const queued: (() => void)[] = [];
  const written: { id: number; bytes: number; last: boolean }[] = [];
  const scheduler = new SendScheduler({ priorities, chunkBytes: CHUNK, defer: (fn) => queued.push(fn) });
  const sink = (id: number) => ({
    write(chunk: Buffer, last: boolean, done: () => void) {
      written.push({ id, bytes: chunk.length, last });
      queued.push(done); // the socket takes the chunk on the next turn
    },
  });
  return {
    scheduler,
    written,
    send(id: number, bytes: number) {
      scheduler.send(id, Buffer.alloc(bytes), sink(id));
    },
    /** Runs the event loop until the scheduler has nothing left (or `turns` turns). */
    run(turns = 10_000) {
      for (let i = 0; i < turns && queued.length; i++) queued.shift()!();
    },
    /** Stream ids in the order their chunks were written, repeats collapsed: [1, 3, 1] etc. */
    order(): number[] {
      return written.map((w) => w.id).filter((id, i, all) => i === 0 || all[i - 1] !== id);
    },
  };
}

describe('scheduler: RFC 7540 dependency tree', () => {
  it('sends a parent before its dependants, and Chromium 103’s exclusive chain in order', () => {
    const h = harness();
    // Chromium: each request depends exclusively on the last one of equal or higher priority.
    h.scheduler.openRequest(1, { dependsOn: 0, weight: 256, exclusive: true }); // HTML
    h.scheduler.openRequest(3, { dependsOn: 1, weight: 256, exclusive: true }); // CSS
    h.scheduler.openRequest(5, { dependsOn: 3, weight: 220, exclusive: true }); // image
    h.send(5, 5000);
    h.send(3, 3000);
    h.send(1, 2000);
    h.run();
    assert.deepEqual(h.order(), [1, 3, 5]);
  });

  it('an exclusive insert adopts the parent’s other dependants', () => {
    const h = harness();
    h.scheduler.openRequest(1, { dependsOn: 0, weight: 16, exclusive: false });
    h.scheduler.openRequest(3, { dependsOn: 0, weight: 16, exclusive: true }); // 1 now depends on 3
    h.send(1, 2000);
    h.send(3, 2000);
    h.run();
    assert.deepEqual(h.order(), [3, 1]);
  });

  it('siblings share by weight (3:1 for weights 192 and 64)', () => {
    const h = harness();
    h.scheduler.openRequest(1, { dependsOn: 0, weight: 192, exclusive: false });
    h.scheduler.openRequest(3, { dependsOn: 0, weight: 64, exclusive: false });
    h.send(1, 40 * CHUNK);
    h.send(3, 40 * CHUNK);
    h.run();
    const firstForty = h.written.slice(0, 40);
    const share = firstForty.filter((w) => w.id === 1).length / firstForty.length;
    assert.ok(share > 0.7 && share < 0.8, `stream 1 got ${share} of the first 40 chunks, expected about 0.75`);
  });

  it('a PRIORITY frame moves a stream; one made dependent on its own dependant moves that one up first (§5.3.3)', () => {
    const h = harness();
    h.scheduler.openRequest(1, { dependsOn: 0, weight: 16, exclusive: false });
    h.scheduler.openRequest(3, { dependsOn: 1, weight: 16, exclusive: false });
    h.scheduler.prioritize(1, { dependsOn: 3, weight: 16, exclusive: false });
    h.send(1, 2000);
    h.send(3, 2000);
    h.run();
    assert.deepEqual(h.order(), [3, 1]);
  });

  it('PRIORITY frames for streams not yet opened create idle group nodes (Firefox’s old scheme)', () => {
    const h = harness();
    h.scheduler.prioritize(3, { dependsOn: 0, weight: 201, exclusive: false }); // "leaders"
    h.scheduler.prioritize(5, { dependsOn: 0, weight: 1, exclusive: false }); // "background"
    h.scheduler.openRequest(7, { dependsOn: 5, weight: 16, exclusive: false });
    h.scheduler.openRequest(9, { dependsOn: 3, weight: 16, exclusive: false });
    h.send(7, 20 * CHUNK);
    h.send(9, 20 * CHUNK);
    h.run();
    // Weighted fair queuing 201:1 lets the background group one chunk in while both start even.
    assert.ok(h.written.slice(0, 20).filter((w) => w.id === 9).length >= 19, 'the leader group’s stream goes first');
  });

  it('a dependency on an unknown stream means the default priority (§5.3.1)', () => {
    const h = harness();
    h.scheduler.openRequest(1, { dependsOn: 99, weight: 200, exclusive: true });
    h.send(1, 1000);
    h.run();
    assert.deepEqual(h.order(), [1]);
  });
});

describe('scheduler: RFC 9218 urgency', () => {
  it('lower urgency first; non-incremental responses whole, in stream order', () => {
    const h = harness();
    for (const id of [1, 3, 5, 7]) h.scheduler.openRequest(id, null);
    h.scheduler.setPriorityHeader(1, 'u=3');
    h.scheduler.setPriorityHeader(3, 'u=1');
    h.scheduler.setPriorityHeader(5, 'u=1');
    h.scheduler.setPriorityHeader(7, 'u=0');
    for (const id of [1, 3, 5, 7]) h.send(id, 3 * CHUNK);
    h.run();
    assert.deepEqual(h.order(), [7, 3, 5, 1]);
    assert.equal(h.scheduler.scheme, 'rfc9218');
  });

  it('incremental responses of one urgency take turns, after the non-incremental ones', () => {
    const h = harness();
    for (const id of [1, 3, 5]) h.scheduler.openRequest(id, null);
    h.scheduler.setPriorityHeader(1, 'u=2, i');
    h.scheduler.setPriorityHeader(3, 'u=2, i');
    h.scheduler.setPriorityHeader(5, 'u=2');
    for (const id of [1, 3, 5]) h.send(id, 3 * CHUNK);
    h.run();
    assert.deepEqual(h.order(), [5, 1, 3, 1, 3, 1, 3]);
  });

  it('a PRIORITY_UPDATE reorders a stream, even one that arrives before its request', () => {
    const h = harness();
    h.scheduler.updateUrgency(3, 'u=0'); // before stream 3 exists (allowed by RFC 9218 §7.1)
    for (const id of [1, 3]) h.scheduler.openRequest(id, null);
    h.scheduler.setPriorityHeader(1, 'u=1');
    h.send(1, 2 * CHUNK);
    h.send(3, 2 * CHUNK);
    h.run();
    assert.deepEqual(h.order(), [3, 1]);
  });

  it('signals of RFC 9218 win over the frame priority when a client sends both (Chromium 156)', () => {
    const h = harness();
    h.scheduler.openRequest(1, { dependsOn: 0, weight: 256, exclusive: true });
    h.scheduler.openRequest(3, { dependsOn: 1, weight: 256, exclusive: true });
    h.scheduler.setPriorityHeader(1, 'u=3');
    h.scheduler.setPriorityHeader(3, 'u=0');
    h.send(1, 2 * CHUNK);
    h.send(3, 2 * CHUNK);
    h.run();
    assert.deepEqual(h.order(), [3, 1]);
  });
});

describe('scheduler: push', () => {
  it('critical pushes wait for their page’s bytes, then go in promise order before everything else', () => {
    const h = harness();
    h.scheduler.openRequest(1, { dependsOn: 0, weight: 256, exclusive: true }); // HTML
    h.scheduler.openPush(2, 1, true); // CSS
    h.scheduler.openPush(4, 1, true); // font
    h.scheduler.openPush(6, 1, false); // hero image: default push priority
    // The browser's own request, exclusively on the page (as Chromium 103 does): it adopts the
    // page's dependants, yet the critical pushes still go first.
    h.scheduler.openRequest(3, { dependsOn: 1, weight: 147, exclusive: true });
    h.send(6, 3 * CHUNK);
    h.send(4, 2 * CHUNK);
    h.send(2, 2 * CHUNK);
    h.send(3, 2 * CHUNK);
    h.run(4); // the backend thinks: the CSS push uses the idle link (two chunks, two turns each)
    h.send(1, 3 * CHUNK); // the HTML is ready: it goes next, before the font push
    h.run();
    assert.deepEqual(h.order(), [2, 1, 4, 3, 6]);
  });

  it('under RFC 9218 too, a critical push waits for its page, even a page marked incremental (Chromium’s u=0, i)', () => {
    const h = harness();
    h.scheduler.openRequest(1, null);
    h.scheduler.setPriorityHeader(1, 'u=0, i');
    h.scheduler.openPush(2, 1, true);
    h.send(2, 2 * CHUNK);
    h.send(1, 1 * CHUNK);
    h.run();
    assert.deepEqual(h.order(), [1, 2]);
  });

  it('client PRIORITY frames do not move a critical push (as h2o ignores them for its weight-257 pushes)', () => {
    const h = harness();
    h.scheduler.openRequest(1, { dependsOn: 0, weight: 256, exclusive: true });
    h.scheduler.openPush(2, 1, true);
    h.scheduler.openRequest(3, null);
    h.scheduler.prioritize(2, { dependsOn: 3, weight: 1, exclusive: false });
    h.send(3, 2 * CHUNK);
    h.send(2, 2 * CHUNK);
    h.run();
    assert.deepEqual(h.order(), [2, 3]);
  });
});

describe('scheduler: round-robin and flow control', () => {
  it('round-robin: every stream with data in turn, whatever the client said', () => {
    const h = harness('round-robin');
    h.scheduler.openRequest(1, { dependsOn: 0, weight: 256, exclusive: true });
    h.scheduler.openRequest(3, { dependsOn: 1, weight: 1, exclusive: true });
    h.scheduler.setPriorityHeader(1, 'u=0');
    h.send(1, 3 * CHUNK);
    h.send(3, 3 * CHUNK);
    h.run();
    assert.deepEqual(h.order(), [1, 3, 1, 3, 1, 3]);
    assert.equal(h.scheduler.scheme, 'round-robin');
  });

  it('a stream out of window waits without holding up its dependants; a WINDOW_UPDATE releases it', () => {
    const h = harness();
    h.scheduler.setInitialWindow(1500);
    h.scheduler.openRequest(1, { dependsOn: 0, weight: 256, exclusive: false });
    h.scheduler.openRequest(3, { dependsOn: 1, weight: 16, exclusive: false });
    h.send(1, 3000);
    h.send(3, 1000);
    h.run();
    assert.deepEqual(h.written.map((w) => [w.id, w.bytes]), [[1, 1000], [1, 500], [3, 1000]]);
    h.scheduler.windowUpdate(1, 10_000);
    h.run();
    assert.deepEqual(h.written.slice(3).map((w) => [w.id, w.bytes, w.last]), [[1, 1000, false], [1, 500, true]]);
  });

  it('the connection window holds everything until the client opens it', () => {
    const h = harness();
    h.scheduler.setInitialWindow(1 << 20); // streams may take more than the connection allows
    h.scheduler.openRequest(1, null);
    h.send(1, 70_000);
    h.run();
    assert.equal(h.written.reduce((sum, w) => sum + w.bytes, 0), 65_535);
    h.scheduler.windowUpdate(0, 100_000);
    h.run();
    assert.equal(h.written.reduce((sum, w) => sum + w.bytes, 0), 70_000);
    assert.equal(h.written.at(-1)!.last, true);
  });

  it('one chunk in flight at a time: nothing more is written until the socket took the last one', () => {
    const h = harness();
    h.scheduler.openRequest(1, null);
    h.send(1, 5 * CHUNK);
    h.run(2); // the pump, then one write
    assert.equal(h.written.length, 1);
  });
});
