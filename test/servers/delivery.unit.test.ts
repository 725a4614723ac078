// The pieces of servers/delivery/ below the scheduler: the client frame reader, RFC 9218 urgency,
// TCP_NOTSENT_LOWAT per socket, and what a live HTTP/2 server records of them in its wire log.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http2 from 'node:http2';
import net from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ClientFrameReader, type ClientFrameSignal } from '../../servers/delivery/client-frames.ts';
import { getSendQueue, parseSendQueue, setSendQueue } from '../../servers/delivery/send-queue.ts';
import { parseUrgency } from '../../servers/delivery/urgency.ts';
import { startServer } from '../../servers/index.ts';
import { parseWireLog } from '../../servers/wire-log.ts';
import { readFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';

function frame(type: number, flags: number, stream: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(9);
  header.writeUIntBE(payload.length, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(stream, 5);
  return Buffer.concat([header, payload]);
}

function priorityBlock(dependsOn: number, weight: number, exclusive: boolean): Buffer {
  const b = Buffer.alloc(5);
  b.writeUInt32BE((exclusive ? 0x80000000 : 0) + dependsOn);
  b[4] = weight - 1;
  return b;
}

describe('client frame reader', () => {
  it('reads priority and flow-control signals from any split of the byte stream, and nothing else', () => {
    const settings = Buffer.alloc(12);
    settings.writeUInt16BE(0x3, 0); // MAX_CONCURRENT_STREAMS: ignored
    settings.writeUInt32BE(100, 2);
    settings.writeUInt16BE(0x4, 6); // INITIAL_WINDOW_SIZE
    settings.writeUInt32BE(6_291_456, 8);
    const windowUpdate = Buffer.alloc(4);
    windowUpdate.writeUInt32BE(15_663_105);
    const update = Buffer.concat([Buffer.from([0, 0, 0, 5]), Buffer.from('u=0, i')]);
    const bytes = Buffer.concat([
      Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'),
      frame(0x4, 0, 0, settings),
      frame(0x4, 0x1, 0, Buffer.alloc(0)), // SETTINGS ACK
      frame(0x8, 0, 0, windowUpdate),
      // HEADERS, PADDED + PRIORITY + END_HEADERS: pad length 2, priority block, header block, padding
      frame(0x1, 0x8 | 0x20 | 0x4, 1, Buffer.concat([Buffer.from([2]), priorityBlock(0, 256, true), Buffer.from([0x82]), Buffer.alloc(2)])),
      frame(0x1, 0x4, 3, Buffer.from([0x82])), // HEADERS without priority
      frame(0x2, 0, 5, priorityBlock(3, 147, false)),
      frame(0x0, 0, 1, Buffer.from('data')), // DATA: skipped
      frame(0x10, 0, 0, update),
    ]);
    for (const split of [1, 7, 64, bytes.length]) {
      const signals: ClientFrameSignal[] = [];
      const reader = new ClientFrameReader((s) => signals.push(s));
      for (let at = 0; at < bytes.length; at += split) reader.feed(bytes.subarray(at, at + split));
      assert.deepEqual(signals, [
        { kind: 'initial-window', bytes: 6_291_456 },
        { kind: 'window-update', stream: 0, increment: 15_663_105 },
        { kind: 'headers', stream: 1, priority: { dependsOn: 0, weight: 256, exclusive: true } },
        { kind: 'headers', stream: 3, priority: null },
        { kind: 'priority', stream: 5, priority: { dependsOn: 3, weight: 147, exclusive: false } },
        { kind: 'priority-update', stream: 5, value: 'u=0, i' },
      ], `split every ${split} bytes`);
    }
  });

  it('stops at once on a stream that is not HTTP/2', () => {
    const signals: ClientFrameSignal[] = [];
    const reader = new ClientFrameReader((s) => signals.push(s));
    reader.feed(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n' + 'x'.repeat(100)));
    reader.feed(frame(0x2, 0, 5, priorityBlock(3, 147, false)));
    assert.deepEqual(signals, []);
  });
});

describe('RFC 9218 urgency', () => {
  it('parses u and i, keeps defaults for what is missing or invalid', () => {
    assert.deepEqual(parseUrgency('u=5, i'), { urgency: 5, incremental: true });
    assert.deepEqual(parseUrgency('i=?0, u=0'), { urgency: 0, incremental: false });
    assert.deepEqual(parseUrgency('u=9'), { urgency: 3, incremental: false });
    assert.deepEqual(parseUrgency('u=1;x=2, foo=bar'), { urgency: 1, incremental: false });
    assert.deepEqual(parseUrgency('((( not a dictionary', { urgency: 0, incremental: true }), { urgency: 0, incremental: true });
  });
});

describe('send queue (TCP_NOTSENT_LOWAT)', () => {
  it('is set per accepted socket and read back', async () => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const accepted = once(server, 'connection');
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    const [socket] = (await accepted) as [net.Socket];
    setSendQueue(socket, 16_384);
    assert.equal(getSendQueue(socket), 16_384);
    setSendQueue(socket, 'unlimited');
    assert.equal(getSendQueue(socket), 'unlimited');
    client.destroy();
    socket.destroy();
    server.close();
  });

  it('parses config and flag values', () => {
    assert.equal(parseSendQueue('16384'), 16_384);
    assert.equal(parseSendQueue(1), 1);
    assert.equal(parseSendQueue('unlimited'), 'unlimited');
    assert.equal(parseSendQueue('0'), null);
    assert.equal(parseSendQueue('16k'), null);
  });
});

describe('HTTP/2 server: what the wire log records of delivery', () => {
  it('logs the socket’s send queue and each request’s priority signals, and serves bodies whole', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pb-delivery-'));
    const wireLogPath = path.join(dir, 'h2.jsonl');
    const server = await startServer({ variant: 'h2', siteDir: path.resolve('sites/blog'), wireLogPath, delivery: { sendQueue: 8192 } });
    const session = http2.connect(server.origin, { rejectUnauthorized: false, settings: { initialWindowSize: 1 << 20 } });
    session.on('error', () => {}); // the server closing its end at the end is expected
    const get = (p: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const req = session.request({ ':path': p, ...headers });
        let bytes = 0;
        req.on('data', (d: Buffer) => (bytes += d.length));
        req.on('end', () => resolve(bytes));
        req.on('error', reject);
      });
    const [html, hero] = await Promise.all([get('/', { priority: 'u=0, i' }), get('/assets/hero-home.53fb6ae2.jpg')]);
    await new Promise<void>((resolve) => session.close(() => resolve()));
    await server.close();
    assert.equal(html, readFileSync('sites/blog/index.html').length);
    assert.equal(hero, readFileSync('sites/blog/assets/hero-home.53fb6ae2.jpg').length);
    const events = parseWireLog(readFileSync(wireLogPath, 'utf8'));
    const connection = events.find((e) => e.type === 'connection');
    assert.equal(connection?.type === 'connection' && connection.sendQueue, 8192);
    const requests = events.filter((e) => e.type === 'request');
    const page = requests.find((e) => e.type === 'request' && e.path === '/');
    assert.equal(page?.type === 'request' && page.priority?.header, 'u=0, i');
    assert.equal(page?.type === 'request' && page.priority?.scheme, 'rfc9218');
  });
});
