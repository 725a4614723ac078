// Network namespaces and the state that lets a later run clean up after a SIGKILLed one.
// Everything created here is named pb-*; only names matching our own patterns are ever removed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LinkNamespace, ShapedLink } from './shaper.ts';

/** Fixed second octet of every address the tun shaper uses: slot S owns 10.77.S.0/24. */
export const ADDRESS_OCTET = 77;
export const MAX_SLOT = 255;

export interface SlotNames {
  clientNs: string;
  serverNs: string;
  clientDev: string;
  serverDev: string;
  subnet: string;
  clientAddr: string;
  serverAddr: string;
}

export function slotNames(slot: number): SlotNames {
  const base = `10.${ADDRESS_OCTET}.${slot}`;
  return {
    clientNs: `pb-c${slot}`, serverNs: `pb-s${slot}`,
    clientDev: `pb-tc${slot}`, serverDev: `pb-ts${slot}`,
    subnet: `${base}.0/24`, clientAddr: `${base}.1`, serverAddr: `${base}.2`,
  };
}

/** A namespace and the command prefix that runs a process inside it. */
export function linkNamespace(name: string): LinkNamespace {
  return { name, commandPrefix: ['ip', 'netns', 'exec', name] };
}

/** The ends of a link between a slot's two namespaces (tun, netem): servers in pb-s<S>, the browser in pb-c<S>. */
export function namespacedEnds(names: SlotNames): Pick<ShapedLink, 'serverHost' | 'serverCommandPrefix' | 'clientNamespace'> {
  return {
    serverHost: names.serverAddr,
    serverCommandPrefix: linkNamespace(names.serverNs).commandPrefix,
    clientNamespace: linkNamespace(names.clientNs),
  };
}

/** Names this module may delete: pb-c<N> / pb-s<N> namespaces. */
const OUR_NAMESPACE = /^pb-[cs]\d+$/;

export function ip(args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function listNamespaces(): string[] {
  return ip(['netns', 'list']).split('\n').map((l) => l.split(' ')[0]!).filter(Boolean);
}

export function deleteNamespace(name: string): void {
  if (!OUR_NAMESPACE.test(name)) throw new Error(`refusing to delete namespace ${name}: not one of ours`);
  try { ip(['netns', 'del', name]); } catch { /* already gone */ }
}

export function setSysctl(ns: string, key: string, value: string): void {
  execFileSync('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', `${key}=${value}`], { stdio: 'ignore' });
}

// --- state files: one per slot in use, so a later run knows what a dead run left behind ---

export const STATE_DIR = path.join(os.tmpdir(), 'pushbench-shapers');

export interface SlotState {
  ownerPid: number;
  /** Processes we spawned (emulator, proxy) and a substring of their command line to verify. */
  processes: { pid: number; cmdline: string }[];
  namespaces: string[];
}

const stateFile = (slot: number | string): string => path.join(STATE_DIR, `tun-${slot}.json`);

export function writeState(slot: number, state: SlotState): void {
  mkdirSync(STATE_DIR, { recursive: true });
  writeFileSync(stateFile(slot), JSON.stringify(state));
}

export function removeState(slot: number): void {
  rmSync(stateFile(slot), { force: true });
}

export function readState(slot: number): SlotState | undefined {
  try { return JSON.parse(readFileSync(stateFile(slot), 'utf8')) as SlotState; } catch { return undefined; }
}

export function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
}

function cmdlineOf(pid: number): string {
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '); } catch { return ''; }
}

/** Kill a process we recorded, only if it is still the same program (pids get reused). */
export function killRecorded(proc: { pid: number; cmdline: string }): void {
  if (isAlive(proc.pid) && cmdlineOf(proc.pid).includes(proc.cmdline)) {
    try { process.kill(proc.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

/**
 * Remove what dead runs left: processes and namespaces of state files whose owner is gone,
 * then any pb-c<N>/pb-s<N> namespace no live run claims. TUN devices are not persistent:
 * they vanish with the emulator process that holds them.
 */
export function cleanupStale(): { removedNamespaces: string[]; killed: number[] } {
  const removedNamespaces: string[] = [];
  const killed: number[] = [];
  const claimed = new Set<string>();
  let files: string[] = [];
  try { files = readdirSync(STATE_DIR).filter((f) => /^tun-\d+\.json$/.test(f)); } catch { /* none */ }
  for (const file of files) {
    const slot = file.slice(4, -5);
    let state: SlotState;
    try { state = JSON.parse(readFileSync(stateFile(slot), 'utf8')) as SlotState; } catch { rmSync(stateFile(slot), { force: true }); continue; }
    if (state.ownerPid === process.pid || isAlive(state.ownerPid)) {
      state.namespaces.forEach((ns) => claimed.add(ns));
      continue;
    }
    for (const proc of state.processes) {
      if (isAlive(proc.pid)) { killRecorded(proc); killed.push(proc.pid); }
    }
    for (const ns of state.namespaces) { deleteNamespace(ns); removedNamespaces.push(ns); }
    rmSync(stateFile(slot), { force: true });
  }
  for (const ns of listNamespaces()) {
    if (OUR_NAMESPACE.test(ns) && !claimed.has(ns)) { deleteNamespace(ns); removedNamespaces.push(ns); }
  }
  return { removedNamespaces, killed };
}
