// The tun shaper: a packet-level link between two network namespaces, emulated in userspace
// (this kernel has no netem). Layout for slot S:
//   pb-cS (browser) 10.77.S.1 ── pb-tcS ⇄ [tun-emulator process] ⇄ pb-tsS ── 10.77.S.2 pb-sS (servers)
// The emulator creates both TUN devices in the root namespace; we then move each into its
// namespace, and its open fds keep working.
import { type ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../shared/usage-error.ts';
import { resolveTracePath } from '../config/profiles.ts';
import type { NetworkProfile } from '../config/profile.ts';
import { statsChannel, type MeasurableLink } from './emulator-stats.ts';
import { onExitCleanup } from './exit-cleanup.ts';
import { parseTrace, type LinkDirectionOptions } from './link-model.ts';
import {
  cleanupStale, deleteNamespace, ip, isAlive, killRecorded, MAX_SLOT, namespacedEnds, readState, removeState,
  setSysctl, slotNames, writeState, type SlotNames,
} from './namespaces.ts';
import type { Shaper, ShaperInfo } from './shaper.ts';
import { spawnTs, waitForLine } from './ts-child.ts';
import type { EmulatorConfig } from './tun-emulator-types.ts';
import { connectTheoryMs, warmRequestTheoryMs } from './transfer-theory.ts';
import { median } from '../stats/describe.ts';

const EMULATOR_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tun-emulator.ts');
/** Congestion control set on every route (the host default here is bbr; cubic is Linux's usual default). */
export const CONGESTION_CONTROL = 'cubic';

/** Whether this process may create TUN devices and namespaces. */
export function tunUsable(): boolean {
  if (process.getuid?.() !== 0) return false; // CAP_NET_ADMIN without root is rare; keep the check simple
  try { accessSync('/dev/net/tun', constants.R_OK | constants.W_OK); return true; } catch { return false; }
}

let staleCleaned = false;

function directionOptions(profile: NetworkProfile, dir: 'down' | 'up', seed: number): LinkDirectionOptions {
  return {
    rateKbps: dir === 'down' ? profile.downKbps : profile.upKbps,
    delayMs: profile.rttMs / 2,
    lossPct: profile.lossPct,
    queueBytes: profile.queueBytes,
    traceMs: profile.trace ? parseTrace(readFileSync(resolveTracePath(profile.trace[dir]), 'utf8')) : undefined,
    seed,
  };
}

/** Move a TUN into its namespace, address it, and route the slot's /24 through it with our congctl. */
function configureSide(dev: string, ns: string, addr: string, subnet: string): void {
  ip(['link', 'set', dev, 'netns', ns]);
  ip(['-n', ns, 'addr', 'add', `${addr}/24`, 'dev', dev]);
  ip(['-n', ns, 'link', 'set', dev, 'up']);
  ip(['-n', ns, 'route', 'replace', subnet, 'dev', dev, 'src', addr, 'congctl', CONGESTION_CONTROL]);
}

/** What congestion control the server side's route really carries ("" if none). */
function congestionControlInForce(names: SlotNames): string {
  const route = ip(['-n', names.serverNs, 'route', 'show', names.subnet]);
  return /congctl (\S+)/.exec(route)?.[1] ?? '';
}

const PROBE_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'link-probe.ts');

interface PathCompensation {
  /** Round-trip time taken off the emulated delay (half per direction), ms. */
  ms: number;
  /** Why there is none, when there is none. */
  note: string;
}

/**
 * Measures what the path itself adds to a round trip (TUN devices, the emulator's and the processes'
 * wake-ups; about 0.6–2.2 ms here, more at longer RTTs, when a CPU has idled longer) and takes it
 * off the emulated one-way delays. Two probes (link-probe.ts): connects, answered by the kernel,
 * and one-byte echoes, answered by a process; the compensation is the midpoint of their extras, so a
 * connect and a warm request both land within half their difference of the profile's RTT.
 * Trace-driven and lossy links keep their delay (their serialisation or losses would be measured
 * as path latency).
 */
async function compensatePathLatency(emulator: ChildProcess, profile: NetworkProfile, names: SlotNames): Promise<PathCompensation> {
  if (profile.trace) return { ms: 0, note: 'trace-driven link: not compensated' };
  if (profile.lossPct > 0) return { ms: 0, note: 'lossy link: not compensated' };
  const port = 9;
  const listener = spawnTs(PROBE_FILE, ['listen', JSON.stringify({ host: names.serverAddr, port })], { prefix: ['ip', 'netns', 'exec', names.serverNs] });
  let samplesMs: number[], echoMs: number[];
  try {
    await waitForLine(listener, 'listening');
    const plan = { host: names.serverAddr, port, probes: 11, warmup: 5, timeoutMs: profile.rttMs * 3 + 200 };
    const probe = spawnTs(PROBE_FILE, ['connect', JSON.stringify(plan)], { prefix: ['ip', 'netns', 'exec', names.clientNs] });
    ({ samplesMs, echoMs } = await waitForLine<{ samplesMs: number[]; echoMs: number[] }>(probe, 'probe', (plan.timeoutMs + 10) * 32 + 5000));
  } finally {
    listener.stdin?.end();
    listener.kill();
  }
  if (samplesMs.length < 3) return { ms: 0, note: `only ${samplesMs.length} of 11 probes answered: not compensated` };
  const connectExtra = median(samplesMs) - connectTheoryMs(profile);
  const echoed = echoMs.length >= 3;
  const echoExtra = echoed ? median(echoMs) - warmRequestTheoryMs(profile, 1, 1) : connectExtra;
  // Never more than the delay itself, nor a negative delay; a quarter RTT cap keeps a busy start from overdoing it.
  const extra = Math.min(Math.max(0, (connectExtra + echoExtra) / 2), profile.rttMs / 4);
  const oneWay = Math.max(0, profile.rttMs / 2 - extra / 2);
  emulator.stdin!.write(`delay ${oneWay} ${oneWay}\n`);
  await waitForLine(emulator, 'delay');
  return { ms: extra, note: echoed ? '' : `only ${echoMs.length} of 11 echoes answered: compensated by connects alone` };
}

export const tunShaper: Shaper = {
  name: 'tun',
  carriesUdp: true,
  async start(profile, { slot }) {
    if (!Number.isInteger(slot) || slot < 0 || slot > MAX_SLOT) {
      throw new UsageError(`slot ${slot}: the tun shaper needs a whole number 0–${MAX_SLOT} (one 10.77.<slot>.0/24 per worker)`);
    }
    if (!tunUsable()) {
      throw new UsageError('--shaper tun needs root (CAP_NET_ADMIN) and a usable /dev/net/tun; run as root or use --shaper proxy');
    }
    if (!staleCleaned) { cleanupStale(); staleCleaned = true; }
    const existing = readState(slot);
    if (existing && existing.ownerPid !== process.pid && isAlive(existing.ownerPid)) {
      throw new UsageError(`slot ${slot}: the tun link is in use by process ${existing.ownerPid}; give each worker its own slot`);
    }
    const names = slotNames(slot);
    const state = { ownerPid: process.pid, processes: [] as { pid: number; cmdline: string }[], namespaces: [names.clientNs, names.serverNs] };
    writeState(slot, state); // before creating anything, so a SIGKILL at any point leaves a record

    let emulator: ChildProcess | undefined;
    let compensation: PathCompensation = { ms: 0, note: '' };
    const teardownSync = (): void => {
      if (emulator?.pid) killRecorded({ pid: emulator.pid, cmdline: 'tun-emulator' });
      deleteNamespace(names.clientNs);
      deleteNamespace(names.serverNs);
      removeState(slot);
    };
    const unregister = onExitCleanup(teardownSync);

    try {
      for (const ns of [names.clientNs, names.serverNs]) {
        deleteNamespace(ns); // a leftover of our own earlier crash in this very process
        ip(['netns', 'add', ns]);
        ip(['-n', ns, 'link', 'set', 'lo', 'up']);
        // No ssthresh/RTT carried from one load to the next; no IPv6 chatter on the link.
        setSysctl(ns, 'net.ipv4.tcp_no_metrics_save', '1');
        setSysctl(ns, 'net.ipv6.conf.all.disable_ipv6', '1');
        setSysctl(ns, 'net.ipv6.conf.default.disable_ipv6', '1');
      }
      const config: EmulatorConfig = {
        clientDev: names.clientDev, serverDev: names.serverDev,
        down: directionOptions(profile, 'down', 0x5eed0000 + slot),
        up: directionOptions(profile, 'up', 0x5eed1000 + slot),
      };
      emulator = spawnTs(EMULATOR_FILE, [JSON.stringify(config)]);
      state.processes.push({ pid: emulator.pid!, cmdline: 'tun-emulator' });
      writeState(slot, state);
      await waitForLine(emulator, 'ready');
      configureSide(names.clientDev, names.clientNs, names.clientAddr, names.subnet);
      configureSide(names.serverDev, names.serverNs, names.serverAddr, names.subnet);
      compensation = await compensatePathLatency(emulator, profile, names);
    } catch (err) {
      teardownSync();
      unregister();
      throw err;
    }

    const info: ShaperInfo = {
      shaper: 'tun', congestionControl: congestionControlInForce(names), queueBytes: profile.queueBytes,
      pathCompensationMs: Math.round(compensation.ms * 1000) / 1000,
      ...(compensation.note ? { pathCompensationNote: compensation.note } : {}),
    };
    const child = emulator;
    let stopped = false;

    const stats = statsChannel(child);
    const link: MeasurableLink = {
      profile, info,
      ...namespacedEnds(names),
      emulatorStats: () => stats.current(),
      async stop() {
        if (stopped) return;
        stopped = true;
        await stats.finish(); // the emulator prints its final counters and exits
        if (child.exitCode === null && child.signalCode === null) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(() => { child.kill('SIGKILL'); }, 2000);
            child.once('exit', () => { clearTimeout(timer); resolve(); });
          });
        }
        teardownSync();
        unregister();
      },
    };
    return link;
  },
};
