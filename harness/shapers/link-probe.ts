// The tun link's own latency, measured as a browser's connect sees it:
//   node --import tsx link-probe.ts listen '{"host":"10.77.S.2","port":…}'     (in the server namespace)
//   node --import tsx link-probe.ts connect '{"host":…,"port":…,"probes":11,"warmup":5,"timeoutMs":…}'
// The listener only listens: the server namespace's kernel answers each SYN with a SYN-ACK from the
// backlog, no user-space work in between. Each probe times connect() from the client namespace, so
// what exceeds the emulated delay and serialisation is the path through the TUN devices, the
// emulator's wake-ups and the client's event loop, the same extra time `calibrate` measures.
// Prints {"type":"listening"} or {"type":"probe","samplesMs":[…]} (lost probes left out).
import net from 'node:net';
import { performance } from 'node:perf_hooks';

interface ProbePlan { host: string; port: number; probes: number; warmup: number; timeoutMs: number }
const say = (obj: unknown) => process.stdout.write(JSON.stringify(obj) + '\n');

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
  // Never accepts: connections complete in the kernel's backlog; the probe closes each at once.
  const server = net.createServer({ pauseOnConnect: true }, (socket) => socket.destroy());
  server.listen({ host: plan.host, port: plan.port, backlog: 64 }, () => say({ type: 'listening' }));
  process.stdin.on('end', () => process.exit(0)).on('close', () => process.exit(0)).resume(); // the parent is done or gone
} else {
  const samplesMs: number[] = [];
  for (let i = 0; i < plan.warmup + plan.probes; i++) {
    const ms = await probeOnce(plan);
    if (i >= plan.warmup && ms !== undefined) samplesMs.push(ms);
    await new Promise((r) => setTimeout(r, 5)); // let the close of the last probe pass the link first
  }
  say({ type: 'probe', samplesMs });
  process.exit(0);
}
