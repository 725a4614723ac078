// Client side of `pushbench calibrate` (run inside the client namespace when shaped).
//   node --import tsx calibration-client.ts '<ClientPlan JSON>'
// Talks to calibration-server.ts, directly or through a SOCKS5 proxy, and prints one
// {"type":"result",...} line. Exported helpers are reused by the tests.
import net from 'node:net';
import { performance } from 'node:perf_hooks';

export interface ClientPlan {
  host: string;
  port: number;
  /** Connect through this SOCKS5 proxy (the proxy shaper). */
  socks?: { host: string; port: number };
  connects: number;
  pings: number;
  /** Fresh-connection downloads: sizes in bytes, each repeated `fetchRepeats` times. */
  fetchSizes: number[];
  fetchRepeats: number;
  /** Bytes for the throughput runs (0 skips). */
  downBytes: number;
  upBytes: number;
}

export interface ClientResult {
  type: 'result';
  connectMs: number[];
  pingMs: number[];
  fetchMs: Record<string, number[]>;
  /** Receive rate over the last 75% of the bytes, kbit/s. */
  downKbps: number;
  upKbps: number;
}

/** Connect (through SOCKS5 when given); resolves once the connection can carry data. */
export function connect(host: string, port: number, socks?: { host: string; port: number }): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socks ? socks.port : port, socks ? socks.host : host);
    socket.setNoDelay(true);
    socket.once('error', reject);
    socket.once('connect', () => {
      if (!socks) { socket.off('error', reject); resolve(socket); return; }
      // RFC 1928: greeting (no auth), then CONNECT to an IPv4 address.
      socket.write(Buffer.from([5, 1, 0]));
      let stage = 0;
      let buf: Buffer = Buffer.alloc(0);
      const onData = (chunk: Buffer): void => {
        buf = Buffer.concat([buf, chunk]);
        if (stage === 0 && buf.length >= 2) {
          buf = buf.subarray(2);
          stage = 1;
          const addr = Buffer.from(host.split('.').map(Number));
          const portBuf = Buffer.alloc(2);
          portBuf.writeUInt16BE(port);
          socket.write(Buffer.concat([Buffer.from([5, 1, 0, 1]), addr, portBuf]));
        }
        if (stage === 1 && buf.length >= 10) {
          socket.off('data', onData);
          socket.off('error', reject);
          if (buf[1] !== 0) { socket.destroy(); reject(new Error(`SOCKS connect failed (reply ${buf[1]})`)); return; }
          if (buf.length > 10) socket.unshift(buf.subarray(10));
          resolve(socket);
        }
      };
      socket.on('data', onData);
    });
  });
}

/** Send `line` and resolve when `expectBytes` bytes (or, with 0, one "\n"-terminated line) came back. */
export function request(socket: net.Socket, line: string, expectBytes = 0): Promise<{ ms: number; text: string }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let got = 0;
    let text = '';
    const onData = (chunk: Buffer): void => {
      got += chunk.length;
      if (expectBytes === 0) text += chunk.toString('latin1');
      if ((expectBytes > 0 && got >= expectBytes) || (expectBytes === 0 && text.includes('\n'))) {
        socket.off('data', onData);
        socket.off('error', reject);
        resolve({ ms: performance.now() - start, text });
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(line);
  });
}

/** Fresh connection + "D n": ms from connect() to the last byte. */
export async function freshFetch(plan: Pick<ClientPlan, 'host' | 'port' | 'socks'>, bytes: number): Promise<number> {
  const start = performance.now();
  const socket = await connect(plan.host, plan.port, plan.socks);
  await request(socket, `D ${bytes}\n`, bytes);
  const ms = performance.now() - start;
  socket.destroy();
  return ms;
}

export async function measureConnect(plan: Pick<ClientPlan, 'host' | 'port' | 'socks'>): Promise<number> {
  const start = performance.now();
  const socket = await connect(plan.host, plan.port, plan.socks);
  const ms = performance.now() - start;
  socket.destroy();
  return ms;
}

/** Download rate over the last 75% of `bytes`, kbit/s. */
async function downloadRate(plan: ClientPlan, bytes: number): Promise<number> {
  const socket = await connect(plan.host, plan.port, plan.socks);
  const rate = await new Promise<number>((resolve) => {
    let got = 0, markAt = 0, markBytes = 0;
    socket.on('data', (chunk: Buffer) => {
      got += chunk.length;
      if (markAt === 0 && got >= bytes / 4) { markAt = performance.now(); markBytes = got; }
      if (got >= bytes) resolve(((got - markBytes) * 8) / (performance.now() - markAt));
    });
    socket.write(`D ${bytes}\n`);
  });
  socket.destroy();
  return rate;
}

async function uploadRate(plan: ClientPlan, bytes: number): Promise<number> {
  const socket = await connect(plan.host, plan.port, plan.socks);
  const reply = new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (c: Buffer) => { text += c.toString('latin1'); if (text.includes('\n')) resolve(text); });
  });
  socket.write(`U ${bytes}\n`);
  const chunk = Buffer.alloc(64 * 1024, 0x62);
  for (let left = bytes; left > 0; left -= chunk.length) {
    if (!socket.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) {
      await new Promise((r) => socket.once('drain', r));
    }
  }
  const text = await reply;
  socket.destroy();
  return Number(text.trim().split(' ')[1]);
}

export async function runPlan(plan: ClientPlan): Promise<ClientResult> {
  const connectMs: number[] = [];
  for (let i = 0; i < plan.connects; i++) {
    connectMs.push(await measureConnect(plan));
    // The last connect's FIN goes up the link first: a SYN sent right behind it would wait for its
    // serialisation (0.5 ms at 768 kbit/s), which no browser's first connect does.
    await new Promise((r) => setTimeout(r, 5));
  }
  const pingMs: number[] = [];
  if (plan.pings > 0) {
    const socket = await connect(plan.host, plan.port, plan.socks);
    await request(socket, 'P\n'); // warm-up
    for (let i = 0; i < plan.pings; i++) pingMs.push((await request(socket, 'P\n')).ms);
    socket.destroy();
  }
  const fetchMs: Record<string, number[]> = {};
  for (const size of plan.fetchSizes) {
    fetchMs[size] = [];
    for (let i = 0; i < plan.fetchRepeats; i++) fetchMs[size]!.push(await freshFetch(plan, size));
  }
  const downKbps = plan.downBytes > 0 ? await downloadRate(plan, plan.downBytes) : 0;
  const upKbps = plan.upBytes > 0 ? await uploadRate(plan, plan.upBytes) : 0;
  return { type: 'result', connectMs, pingMs, fetchMs, downKbps, upKbps };
}

const isMain = process.argv[1]?.endsWith('calibration-client.ts');
if (isMain) {
  const plan = JSON.parse(process.argv[2] ?? '') as ClientPlan;
  runPlan(plan).then(
    (result) => { process.stdout.write(JSON.stringify(result) + '\n'); process.exit(0); },
    (err: unknown) => { console.error(err); process.exit(1); },
  );
}
