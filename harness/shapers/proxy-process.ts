// The proxy shaper's SOCKS5 server, run as its own process so the harness's event loop never
// delays it:   node --import tsx proxy-process.ts '<ProxyConfig JSON>'
// Prints {"type":"ready","port":N}; "stats" on stdin prints counters; "map {name: "host:port"}" adds
// host names (a site's second origins, known only once their servers are up) and prints {"type":"mapped"};
// end of stdin exits.
// Each CONNECT is answered one modelled RTT after it arrives (the TCP handshake the browser would
// have had); data then flows through a PacedFlow per direction (see proxy-pacer.ts).
import net from 'node:net';
import { PR_SET_PDEATHSIG, libc } from './libc.ts';
import { PacedFlow, RealTimeScheduler, SharedLink } from './proxy-pacer.ts';
import { connectTheoryMs } from './transfer-theory.ts';
import { socksDestination } from './socks-destination.ts';
import type { EmulatorStats } from './tun-emulator-types.ts';

export interface ProxyConfig {
  rttMs: number;
  downKbps: number;
  upKbps: number;
  /** Host names mapped to a local "host:port" (config hosts); any other name is refused. */
  hosts?: Record<string, string>;
}

const config = JSON.parse(process.argv[2] ?? '') as ProxyConfig;
const scheduler = new RealTimeScheduler();
const downLink = new SharedLink(config.downKbps, config.rttMs / 2, config.upKbps);
const upLink = new SharedLink(config.upKbps, config.rttMs / 2, config.downKbps);
const handshakeMs = connectTheoryMs(config);
const started = performance.now();
const totals = { connections: 0, downSegments: 0, downBytes: 0, upSegments: 0, upBytes: 0 };

/** Relay `from` -> `to` through a paced flow, with backpressure on the source. */
function relay(from: net.Socket, to: net.Socket, link: SharedLink, dir: 'down' | 'up'): void {
  const flow = new PacedFlow(link, scheduler, (data) => {
    if (!to.destroyed) to.write(data);
    totals[`${dir}Segments`]++;
    totals[`${dir}Bytes`] += data.length;
    if (from.isPaused() && flow.bufferedBytes < 64 * 1024) from.resume();
  }, () => { if (!to.destroyed) to.end(); });
  from.on('data', (chunk: Buffer) => {
    flow.push(chunk);
    if (flow.bufferedBytes > 512 * 1024) from.pause();
  });
  from.on('end', () => flow.end());
}

/** The address of a SOCKS5 request: IPv4, domain name, or IPv6 (uncompressed groups). */
function socksHost(atyp: number, addr: Buffer): string {
  if (atyp === 1) return [...addr].join('.');
  if (atyp === 3) return addr.subarray(1).toString('latin1');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(addr.readUInt16BE(i).toString(16));
  return groups.join(':');
}

function handle(client: net.Socket): void {
  client.setNoDelay(true);
  client.on('error', () => client.destroy());
  let buf: Buffer = Buffer.alloc(0);
  let stage: 'greeting' | 'request' = 'greeting';
  const onData = (chunk: Buffer): void => {
    buf = Buffer.concat([buf, chunk]);
    if (stage === 'greeting') {
      if (buf.length < 2 || buf.length < 2 + buf[1]!) return;
      buf = buf.subarray(2 + buf[1]!);
      client.write(Buffer.from([5, 0])); // no authentication
      stage = 'request';
    }
    if (buf.length < 5) return;
    const atyp = buf[3]!;
    const addrLen = atyp === 1 ? 4 : atyp === 4 ? 16 : atyp === 3 ? 1 + buf[4]! : -1;
    if (addrLen < 0 || buf[1] !== 1) { client.end(Buffer.from([5, 7, 0, 1, 0, 0, 0, 0, 0, 0])); return; }
    if (buf.length < 4 + addrLen + 2) return;
    const asked = socksHost(atyp, buf.subarray(4, 4 + addrLen));
    const early = buf.subarray(6 + addrLen);
    const destination = socksDestination(asked, buf.readUInt16BE(4 + addrLen), config.hosts ?? {});
    client.off('data', onData);
    if (!destination) {
      // A measured page never leaves the machine: reply 2, "connection not allowed by ruleset".
      client.end(Buffer.from([5, 2, 0, 1, 0, 0, 0, 0, 0, 0]));
      return;
    }
    const { host, port } = destination;
    client.pause();
    const requestedAt = performance.now();
    const upstream = net.connect(port, host);
    upstream.setNoDelay(true);
    upstream.on('error', () => { client.destroy(); upstream.destroy(); });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.once('connect', () => {
      totals.connections++;
      scheduler.at(requestedAt + handshakeMs, () => {
        client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
        relay(upstream, client, downLink, 'down');
        relay(client, upstream, upLink, 'up');
        if (early.length > 0) client.unshift(early);
        client.resume();
      });
    });
  };
  client.on('data', onData);
}

const server = net.createServer(handle);
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as net.AddressInfo;
  process.stdout.write(JSON.stringify({ type: 'ready', port, pid: process.pid }) + '\n');
});

function stats(): EmulatorStats {
  const cpu = process.cpuUsage();
  const counters = (segments: number, bytes: number) => ({ offered: segments, delivered: segments, droppedLoss: 0, droppedQueue: 0, bytesOffered: bytes });
  return {
    type: 'stats', down: counters(totals.downSegments, totals.downBytes), up: counters(totals.upSegments, totals.upBytes),
    writeErrors: 0, latenessSumMs: 0, latenessMaxMs: 0, written: totals.downSegments + totals.upSegments, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000, wallMs: performance.now() - started,
  };
}

try { libc().prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0); } catch { /* not Linux: stdin end still stops us */ }
let stdinText = '';
process.stdin.on('data', (c: Buffer) => {
  stdinText += c.toString('utf8');
  let nl: number;
  while ((nl = stdinText.indexOf('\n')) >= 0) {
    const command = stdinText.slice(0, nl).trim();
    if (command === 'stats') process.stdout.write(JSON.stringify(stats()) + '\n');
    if (command.startsWith('map ')) {
      // A line it cannot read is answered, not thrown: the proxy keeps serving the loads it has.
      try {
        config.hosts = { ...config.hosts, ...(JSON.parse(command.slice(4)) as Record<string, string>) };
        process.stdout.write(JSON.stringify({ type: 'mapped' }) + '\n');
      } catch (err) {
        process.stdout.write(JSON.stringify({ type: 'map-error', error: String(err) }) + '\n');
      }
    }
    stdinText = stdinText.slice(nl + 1);
  }
});
process.stdin.on('end', () => { process.stdout.write(JSON.stringify(stats()) + '\n'); process.exit(0); });
