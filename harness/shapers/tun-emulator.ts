// The TUN link emulator, run as its own process by tun.ts:
//   node --import tsx tun-emulator.ts '<EmulatorConfig JSON>'
// It creates the two TUN devices, prints {"type":"ready"} and then forwards packets between them
// through a LinkDirection per direction, in one synchronous ppoll loop: a thread pool and
// setTimeout added about 2 ms of RTT error on this machine, this loop ~0.1 ms.
// stdin: a line "stats" prints {"type":"stats",...}; "delay <up ms> <down ms>" sets the one-way
// delays (answered by {"type":"delay"}); end of stdin (parent gone) prints final stats
// and exits. PR_SET_PDEATHSIG also kills it if the parent is SIGKILLed.
import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { EAGAIN, EINTR, libc, POLLERR, POLLHUP, POLLIN, PR_SET_PDEATHSIG, PR_SET_TIMERSLACK } from './libc.ts';
import { LinkDirection } from './link-model.ts';
import { openTun } from './tun-device.ts';
import type { EmulatorConfig, EmulatorStats } from './tun-emulator-types.ts';

interface Pending { dueMs: number; packet: Buffer }

function main(): void {
  const config = JSON.parse(process.argv[2] ?? '') as EmulatorConfig;
  const c = libc();
  const SIGKILL = 9;
  const parentAtStart = c.getppid();
  c.prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (c.getppid() !== parentAtStart) process.exit(1); // parent died before PDEATHSIG was armed
  c.prctl(PR_SET_TIMERSLACK, 1, 0, 0, 0); // 1 ns: ppoll wakes on time, not up to 50 µs late
  // On a machine busy with browsers, a packet due now must not wait for a time slice: nice -15
  // (we are root here; it only matters when the CPUs are contended, and we mostly sleep in ppoll).
  c.setpriority(0, 0, -15);

  const clientFd = openTun(config.clientDev);
  const serverFd = openTun(config.serverDev);
  const up = new LinkDirection(config.up);
  const down = new LinkDirection(config.down);
  const upQueue: Pending[] = []; // client -> server, FIFO by due time
  const downQueue: Pending[] = [];
  let upHead = 0, downHead = 0;
  let writeErrors = 0;
  let latenessSumMs = 0, latenessMaxMs = 0, written = 0;
  const startedMs = performance.now();

  const stats = (): EmulatorStats => {
    const cpu = process.cpuUsage();
    return {
      type: 'stats', down: down.counters, up: up.counters, writeErrors, latenessSumMs, latenessMaxMs, written,
      cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000, wallMs: performance.now() - startedMs,
    };
  };
  const say = (obj: unknown): void => { writeSync(1, JSON.stringify(obj) + '\n'); };

  // struct pollfd { int fd; short events; short revents; } x 3
  const fds = Buffer.alloc(24);
  [clientFd, serverFd, 0].forEach((fd, i) => { fds.writeInt32LE(fd, i * 8); fds.writeInt16LE(POLLIN, i * 8 + 4); });
  const timespec = Buffer.alloc(16);
  const readBuf = Buffer.alloc(65536);
  const stdinBuf = Buffer.alloc(4096);
  let stdinText = '';

  say({ type: 'ready', pid: process.pid });

  const drain = (fd: number, link: LinkDirection, queue: Pending[]): void => {
    for (;;) {
      const n = c.read(fd, readBuf, readBuf.length);
      if (n <= 0) return; // EAGAIN: nothing more to read now
      const now = performance.now();
      const due = link.offer(now, n);
      if (due !== null) queue.push({ dueMs: due, packet: Buffer.from(readBuf.subarray(0, n)) });
    }
  };
  const deliver = (fd: number, queue: Pending[], head: number, now: number): number => {
    while (head < queue.length && queue[head]!.dueMs <= now) {
      const { packet, dueMs } = queue[head]!;
      if (c.write(fd, packet, packet.length) < 0) writeErrors++;
      const late = now - dueMs;
      latenessSumMs += late;
      if (late > latenessMaxMs) latenessMaxMs = late;
      written++;
      head++;
    }
    if (head > 1024 && head * 2 > queue.length) { queue.splice(0, head); return 0; }
    return head;
  };

  for (;;) {
    const now = performance.now();
    upHead = deliver(serverFd, upQueue, upHead, now);
    downHead = deliver(clientFd, downQueue, downHead, now);
    const nextDue = Math.min(upQueue[upHead]?.dueMs ?? Infinity, downQueue[downHead]?.dueMs ?? Infinity);
    let tmo: Buffer | null = null;
    if (nextDue !== Infinity) {
      const waitNs = Math.max(0, Math.round((nextDue - now) * 1e6));
      timespec.writeBigInt64LE(BigInt(Math.floor(waitNs / 1e9)), 0);
      timespec.writeBigInt64LE(BigInt(waitNs % 1e9), 8);
      tmo = timespec;
    }
    const ready = c.ppoll(fds, 3, tmo, null);
    if (ready < 0) {
      if (c.errno() === EINTR || c.errno() === EAGAIN) continue;
      throw new Error(`ppoll failed (errno ${c.errno()})`);
    }
    if (ready === 0) continue;
    if (fds.readInt16LE(6) & POLLIN) drain(clientFd, up, upQueue);
    if (fds.readInt16LE(14) & POLLIN) drain(serverFd, down, downQueue);
    const stdinEvents = fds.readInt16LE(22);
    if (stdinEvents & POLLIN) {
      const n = c.read(0, stdinBuf, stdinBuf.length);
      if (n <= 0) break;
      stdinText += stdinBuf.toString('utf8', 0, n);
      let nl: number;
      while ((nl = stdinText.indexOf('\n')) >= 0) {
        const line = stdinText.slice(0, nl).trim();
        stdinText = stdinText.slice(nl + 1);
        if (line === 'stats') say(stats());
        const delay = /^delay (\S+) (\S+)$/.exec(line); // "delay <up ms> <down ms>"
        if (delay) {
          up.setDelayMs(Number(delay[1]));
          down.setDelayMs(Number(delay[2]));
          say({ type: 'delay', upMs: Number(delay[1]), downMs: Number(delay[2]) });
        }
      }
    } else if (stdinEvents & (POLLHUP | POLLERR)) {
      break;
    }
  }
  say(stats());
  process.exit(0);
}

main();
