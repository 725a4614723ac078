// The tun link's own latency, measured as a browser sees it, two ways:
//   node --import tsx link-probe.ts listen '{"host":"10.77.S.2","port":…}'     (in the server namespace)
//   node --import tsx link-probe.ts connect '{"host":…,"port":…,"probes":11,"warmup":5,"timeoutMs":…}'
// - connects: the server namespace's kernel answers each SYN with a SYN-ACK, no user-space work in
//   between; each probe times connect() from the client namespace.
// - echoes: one byte there and back on a connection the listener accepted, so a user-space
//   process on each end wakes up for each round trip, as for a browser's request and the server's
//   answer (one more wake-up than a connect: about 0.2 ms more here at 40 ms RTT, 1.0 ms at 300 ms).
// What exceeds the emulated delay and serialisation is the path through the TUN devices, the
// emulator's and the processes' wake-ups: the extra time `calibrate` measures as connect and warm
// request. Prints {"type":"listening"} or {"type":"probe","samplesMs":[…],"echoMs":[…]} (lost
// probes left out).
import net from 'node:net';
import { performance } from 'node:perf_hooks';

interface ProbePlan { host: string; port: number; probes: number; warmup: number; timeoutMs: number }
const say = (obj: unknown) => process.stdout.write(JSON.stringify(obj) + '\n');

/** Round trips of one byte on one connection (the first `warmup` not kept). */
async function echoes(plan: ProbePlan): Promise<number[]> {
  const socket = net.connect({ host: plan.host, port: plan.port });
  socket.setNoDelay(true);
  const out: number[] = [];
  try {
    await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
    for (let i = 0; i < plan.warmup + plan.probes; i++) {
      const t0 = performance.now();
      const ms = await new Promise<number | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), plan.timeoutMs);
        socket.once('data', () => { clearTimeout(timer); resolve(performance.now() - t0); });
        socket.write('P');
      });
      if (ms === undefined) break; // a lost byte would skew every later sample
      if (i >= plan.warmup) out.push(ms);
    }
  } catch { /* no echoes: the caller compensates by connects alone */ }
  socket.destroy();
  return out;
}

function probeOnce(plan: ProbePlan): Promise<number | undefined> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const socket = net.connect({ host: plan.host, port: plan.port });
    const timer = setTimeout(() => { socket.destroy(); resolve(undefined); }, plan.timeoutMs);
    socket.setNoDelay(true);
    socket.once('connect', () => { const ms = performance.now() - t0; clearTimeout(timer); socket.destroy(); resolve(ms); });
    socket.once('error', () => { clearTimeout(timer); resolve(undefined); });
  });
}

const [mode, json] = process.argv.slice(2);
const plan = JSON.parse(json ?? '{}') as ProbePlan;
if (mode === 'listen') {
  // Connect probes complete in the kernel and close at once; an echo connection gets its bytes back.
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => socket.write(chunk)).on('error', () => socket.destroy());
  });
  server.listen({ host: plan.host, port: plan.port, backlog: 64 }, () => say({ type: 'listening' }));
  process.stdin.on('end', () => process.exit(0)).on('close', () => process.exit(0)).resume(); // the parent is done or gone
} else {
  const samplesMs: number[] = [];
  for (let i = 0; i < plan.warmup + plan.probes; i++) {
    const ms = await probeOnce(plan);
    if (i >= plan.warmup && ms !== undefined) samplesMs.push(ms);
    await new Promise((r) => setTimeout(r, 5)); // let the close of the last probe pass the link first
  }
  say({ type: 'probe', samplesMs, echoMs: await echoes(plan) });
  process.exit(0);
}
