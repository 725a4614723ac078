// Runs the servers of one profile (one per arm) in a child process (serve-child.ts),
// optionally inside the shaper's server namespace. A separate process keeps the servers'
// event loop free of the harness's own work, so both sides are measured fairly.

import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Delivery, OriginReadyLine, ServeReadyLine, Topology } from '../../servers/types.ts';
import { armLabel, type Arm } from '../config/arms.ts';
import { fileURLToPath } from 'node:url';
import { spawnTs } from '../shapers/ts-child.ts';
import type { ServerSetOptions } from './server-set.ts';
import { relayIntoNamespace, type NamespaceRelay } from '../browsers/namespace-relay.ts';

export interface ServerProcessOptions {
  /** The (server family, variant, think time) arms to serve, each by its own server. */
  arms: readonly Arm[];
  siteDir: string;
  host: string;
  topology: Topology;
  delivery: Delivery;
  /** Folder for the wire logs (one JSONL per arm). */
  wireLogDir: string;
  /** e.g. ["ip", "netns", "exec", "pb-s0"]; [] runs it here. */
  commandPrefix: readonly string[];
  /** The user's running server behind the edge ("http://127.0.0.1:3000"), reached through a relay from a namespace. */
  origin?: string;
  /** Page → the pages likely opened next, for the prefetch variant (ServerSetOptions.nextPages). */
  nextPages?: Record<string, string[]>;
  startTimeoutMs?: number;
}

export interface ServerProcess {
  /** By arm label ("h2" for pushbench's h2, "h2@caddy", "h2+t150" in a think-time sweep): see get(). */
  servers: Map<string, ServeReadyLine>;
  /** The server of one arm. */
  get(arm: Arm): ServeReadyLine | undefined;
  /** The servers of the site's second origins (sites/site-origins.ts), sorted by host name; each has its own certificate. */
  origins: OriginReadyLine[];
  /** SPKI sha256 of the certificate all variants share. */
  spkiSha256: string;
  /** The server child's process id (its memory can be read from /proc). */
  pid: number;
  stop(): Promise<void>;
}

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serve-child.ts');

export async function startServerProcess(opts: ServerProcessOptions): Promise<ServerProcess> {
  fs.mkdirSync(opts.wireLogDir, { recursive: true });
  const origin = opts.origin ? new URL(opts.origin) : undefined;
  // Inside a namespace the edge reaches the user's server (on this machine's loopback) through a relay.
  const relay = origin && opts.commandPrefix.length ? await relayIntoNamespace([], Number(origin.port || 80), origin.hostname) : undefined;
  try {
    const started = await startChild(opts, relay);
    return { ...started, stop: async () => { await started.stop(); relay?.close(); } };
  } catch (err) {
    relay?.close();
    throw err;
  }
}

async function startChild(opts: ServerProcessOptions, relay: NamespaceRelay | undefined): Promise<ServerProcess> {
  const set: ServerSetOptions = {
    arms: opts.arms,
    siteDir: opts.siteDir,
    host: opts.host,
    port: 0,
    topology: opts.topology,
    wireLogDir: opts.wireLogDir,
    keyLogPath: null,
    delivery: opts.delivery,
    ...(opts.origin ? { origin: { url: opts.origin, ...(relay ? { socketPath: relay.socketPath } : {}) } } : {}),
    ...(opts.nextPages ? { nextPages: opts.nextPages } : {}),
  };
  const child = spawnTs(CHILD, [JSON.stringify(set)], { prefix: opts.commandPrefix, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });

  const servers = new Map<string, ServeReadyLine>();
  // The child prints its second origins before its arms, so all of them are known once the arms are.
  const origins: OriginReadyLine[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    const waited = opts.startTimeoutMs ?? 20_000;
    const timer = setTimeout(() => reject(new Error(
      `servers did not start within ${waited} ms (${servers.size} of ${opts.arms.length} ready; ` +
      `${stderr.trim() ? `the server child said: ${stderr.trim()}` : 'the server child wrote nothing on stderr (still preparing the site: compressing a large one takes long)'})`,
    )), waited);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      let msg: ServeReadyLine | OriginReadyLine;
      try {
        msg = JSON.parse(line) as ServeReadyLine | OriginReadyLine;
      } catch {
        return; // not ours
      }
      if (msg?.type === 'origin') origins.push(msg);
      if (msg?.type !== 'ready') return;
      servers.set(msg.arm, msg);
      if (servers.size === opts.arms.length) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server child exited (${signal ? `signal ${signal}` : `exit code ${code}`}) before it was ready: ${stderr.trim() || 'it wrote nothing on stderr'}`));
    });
  });
  try {
    await ready;
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const spkiSha256 = [...servers.values()][0]!.spkiSha256;
  return { servers, get: (arm) => servers.get(armLabel(arm)), origins, spkiSha256, pid: child.pid!, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin?.end(); // `serve --json` exits when stdin closes
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
