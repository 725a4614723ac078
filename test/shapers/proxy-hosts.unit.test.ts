// The proxy shaper's SOCKS5 server refuses a host name nobody mapped, and reaches one mapped after the
// link came up (a site's second origin, whose port is known only once its server listens).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { test } from 'node:test';
import { resolveProfile } from '../../harness/config/profiles.ts';
import { proxyShaper } from '../../harness/shapers/proxy.ts';

/** A SOCKS5 CONNECT to `name:port` by domain name; the reply code (0 = granted) and, when granted, what the server answers to "hello" (clients speak first, as in TLS). */
async function socksConnect(proxyPort: number, name: string, port: number): Promise<{ reply: number; greeting?: string }> {
  const socket = net.connect(proxyPort, '127.0.0.1');
  await once(socket, 'connect');
  // One listener for the whole exchange: data that came while nobody awaited it is kept, not lost.
  let buffered = Buffer.alloc(0);
  let ended = false;
  let wake = (): void => {};
  socket.on('data', (chunk: Buffer) => { buffered = Buffer.concat([buffered, chunk]); wake(); });
  socket.on('close', () => { ended = true; wake(); });
  const read = async (bytes: number): Promise<Buffer> => {
    while (buffered.length < bytes && !ended) await new Promise<void>((resolve) => (wake = resolve));
    const out = buffered.subarray(0, bytes);
    buffered = buffered.subarray(bytes);
    return out;
  };
  try {
    socket.write(Buffer.from([5, 1, 0]));
    await read(2);
    const host = Buffer.from(name, 'latin1');
    const portBytes = Buffer.alloc(2);
    portBytes.writeUInt16BE(port);
    socket.write(Buffer.concat([Buffer.from([5, 1, 0, 3, host.length]), host, portBytes]));
    const reply = (await read(10))[1]!;
    if (reply !== 0) return { reply };
    socket.write('hello');
    return { reply, greeting: (await read(5)).toString() };
  } finally {
    socket.destroy();
  }
}

test('mapHosts: a name the proxy refused before it is mapped reaches its server after', async () => {
  const server = net.createServer((c) => c.pipe(c)); // echo
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const serverPort = (server.address() as net.AddressInfo).port;
  const link = await proxyShaper.start(resolveProfile('custom:rtt=2,down=100000,up=100000'), { slot: 0 });
  try {
    const proxyPort = link.socksProxy!.port;
    assert.equal((await socksConnect(proxyPort, 'fonts.pushbench.test', 443)).reply, 2, 'not allowed by ruleset');
    await link.mapHosts!({ 'fonts.pushbench.test': `127.0.0.1:${serverPort}` });
    assert.deepEqual(await socksConnect(proxyPort, 'fonts.pushbench.test', 443), { reply: 0, greeting: 'hello' });
    await link.mapHosts!({}); // nothing to map: no round trip
  } finally {
    await link.stop();
    server.close();
  }
});
