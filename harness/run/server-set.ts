// The servers of one run, one per arm (server family × variant × think time), started together on
// one certificate: what `pushbench serve` runs for a person and what the harness's server child
// (serve-child.ts) runs for a profile. Beside them, one server per second origin of the site
// (sites/site-origins.ts, servers/second-origin.ts): a third party's, so pushbench's own in every
// run, Caddy arms or not, each on its own certificate. Also the child's contract: one OriginReadyLine
// per second origin, then one ServeReadyLine per arm, on stdout, and stop when stdin closes.

import { existsSync, fstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { originLogFile } from './trace-files.ts';
import { createTlsMaterial, startServer } from '../../servers/index.ts';
import { startCaddyServers, type CaddySite } from '../../servers/caddy/index.ts';
import { createSiteShare } from '../../servers/site-share.ts';
import { startSecondOrigin, type RunningSecondOrigin } from '../../servers/second-origin.ts';
import type { Delivery, OriginReadyLine, OriginRoute, RunningServer, ServeReadyLine, Topology } from '../../servers/types.ts';
import { secondOriginsOf } from '../../sites/site-origins.ts';
import { armLabel, thinkSuffix, type Arm } from '../config/arms.ts';

export interface ServerSetOptions {
  /** The (server family, variant, think time) arms to serve; every one gets its own server and port. */
  arms: readonly Arm[];
  siteDir: string;
  host: string;
  /** 0 picks free ports; N gives the arms N, N+1, … */
  port: number;
  topology: Topology;
  /**
   * Folder for the wire logs (one JSONL per arm: <arm label>.jsonl, Caddy's caddy-<variant>[+t<ms>].jsonl;
   * one per second origin: origin-<host>.jsonl), or null for none.
   */
  wireLogDir: string | null;
  keyLogPath: string | null;
  delivery: Delivery;
  /** topology edge in front of the user's running server (siteDir is then the copy of it). */
  origin?: OriginRoute;
  /** Page → the pages likely opened next (from the journeys), for the prefetch variant: ServerOptions.nextPages. */
  nextPages?: Record<string, string[]>;
}

const CADDY_STATE_PREFIX = 'pushbench-caddy-';

/**
 * Caddy's state folders whose owner is gone (a server child killed outright cannot remove its
 * own; Caddy itself died with it, setpriv --pdeathsig): removed before a new one is made.
 */
export function removeOrphanedCaddyState(): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(CADDY_STATE_PREFIX))) {
    const dir = join(tmpdir(), name);
    let owner = NaN;
    try {
      owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
    } catch { /* no pid file yet, or not ours: leave it */ continue; }
    if (Number.isInteger(owner) && owner > 0 && !existsSync(`/proc/${owner}`)) {
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    }
  }
  return removed;
}

/** A server of the set and the arm it serves. */
export type ArmServer = RunningServer & { arm: Arm };

export interface ServerSet {
  /** One per arm, in arm order. */
  arms: ArmServer[];
  /** One per second origin of the site, sorted by host name; none for the user's running server (config origin). */
  origins: RunningSecondOrigin[];
  close(): Promise<void>;
}

export async function startServerSet(opts: ServerSetOptions): Promise<ServerSet> {
  if (opts.wireLogDir) mkdirSync(opts.wireLogDir, { recursive: true });
  const origins = await startSecondOrigins(opts);
  try {
    const arms = await startArms(opts);
    return { arms, origins, close: async () => { await Promise.all([...arms, ...origins].map((s) => s.close())); } };
  } catch (err) {
    await Promise.all(origins.map((o) => o.close()));
    throw err;
  }
}

/** The servers of the site's second origins (none for a copy of the user's server: it has no `_origins`). */
async function startSecondOrigins(opts: ServerSetOptions): Promise<RunningSecondOrigin[]> {
  const started: RunningSecondOrigin[] = [];
  try {
    for (const second of opts.origin ? [] : secondOriginsOf(opts.siteDir)) {
      started.push(await startSecondOrigin({
        hostName: second.host,
        dir: second.dir,
        listenHost: opts.host,
        port: 0,
        ...(opts.wireLogDir ? { wireLogPath: join(opts.wireLogDir, originLogFile(second.host)) } : {}),
        ...(opts.keyLogPath ? { keyLogPath: opts.keyLogPath } : {}),
        delivery: opts.delivery,
      }));
    }
  } catch (err) {
    await Promise.all(started.map((o) => o.close()));
    throw err;
  }
  return started;
}

async function startArms(opts: ServerSetOptions): Promise<ArmServer[]> {
  const tls = await createTlsMaterial([opts.host]);
  // The manifest and files, loaded once for every arm (the manifest from the run's cache: sites/manifest.ts).
  const share = createSiteShare();
  const servers: ArmServer[] = [];
  const portOf = (i: number) => (opts.port === 0 ? 0 : opts.port + i);
  const pushbenchArms = opts.arms.filter((a) => a.server === 'pushbench');
  const caddyArms = opts.arms.filter((a) => a.server === 'caddy');
  try {
    for (const [i, arm] of pushbenchArms.entries()) {
      const server = await startServer({
        variant: arm.variant,
        siteDir: opts.siteDir,
        host: opts.host,
        port: portOf(i),
        thinkMs: arm.thinkMs,
        topology: opts.topology,
        wireLogPath: opts.wireLogDir ? join(opts.wireLogDir, `${armLabel(arm)}.jsonl`) : undefined,
        keyLogPath: opts.keyLogPath ?? undefined,
        delivery: opts.delivery,
        tls,
        share,
        ...(opts.origin ? { origin: opts.origin } : {}),
        ...(opts.nextPages ? { nextPages: opts.nextPages } : {}),
      });
      servers.push({ ...server, arm });
    }
    if (caddyArms.length) {
      // Caddy's own state, certificate and served copy of the site live in a folder of their own,
      // removed when the last of its servers closes; its generated Caddyfile is kept with the logs.
      removeOrphanedCaddyState();
      const stateDir = mkdtempSync(join(tmpdir(), CADDY_STATE_PREFIX));
      writeFileSync(join(stateDir, 'owner.pid'), String(process.pid));
      try {
        // One Caddy site per arm, in arm order (startCaddyServers returns them so): "h2", or "h2+t150" in a sweep.
        const sites: CaddySite[] = caddyArms.map((arm) => ({ variant: arm.variant, thinkMs: arm.thinkMs, name: `${arm.variant}${thinkSuffix(arm)}` }));
        const caddy = await startCaddyServers({
          variants: [...new Set(caddyArms.map((a) => a.variant))],
          sites,
          siteDir: opts.siteDir,
          host: opts.host,
          port: portOf(pushbenchArms.length),
          thinkMs: 0, // each site's own: `sites`
          topology: opts.topology,
          wireLogDir: opts.wireLogDir ?? stateDir,
          stateDir,
          delivery: opts.delivery,
          tls,
          ...(opts.nextPages ? { nextPages: opts.nextPages } : {}),
        });
        let open = caddy.length;
        const closeAndClean = (s: RunningServer) => async () => {
          await s.close();
          if (--open === 0) rmSync(stateDir, { recursive: true, force: true });
        };
        servers.push(...caddy.map((s, i) => ({ ...s, arm: caddyArms[i]!, close: closeAndClean(s) })));
      } catch (err) {
        rmSync(stateDir, { recursive: true, force: true });
        throw err;
      }
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    throw err;
  }
  return servers;
}

/** What the set prints when it is up: the second origins first (the harness knows them all once the last arm is ready), then the arms. */
export function readyLinesOf(set: ServerSet): (OriginReadyLine | ServeReadyLine)[] {
  return [...set.origins.map(originReadyLineOf), ...set.arms.map(readyLineOf)];
}

export function originReadyLineOf(server: RunningSecondOrigin): OriginReadyLine {
  return {
    type: 'origin',
    host: server.hostName,
    origin: server.origin,
    port: server.port,
    spkiSha256: server.spkiSha256,
    wireLogPath: server.wireLogPath ?? null,
    serverVersion: server.serverVersion,
  };
}

export function readyLineOf(server: ArmServer): ServeReadyLine {
  return {
    type: 'ready',
    arm: armLabel(server.arm),
    server: server.server,
    serverVersion: server.serverVersion,
    variant: server.variant,
    thinkMs: server.arm.thinkMs,
    topology: server.topology,
    origin: server.origin,
    port: server.port,
    protocol: server.protocol,
    spkiSha256: server.spkiSha256,
    wireLogPath: server.wireLogPath ?? null,
    wireLogFormat: server.wireLogFormat,
    delivery: server.delivery,
    ...(server.congestionControl ? { congestionControl: server.congestionControl } : {}),
  };
}

/** Resolves when the process is told to stop: a signal, or (for a harness child) stdin closing. */
export function stopRequested(watchStdin: boolean): { promise: Promise<void>; dispose(): void } {
  let stop!: () => void;
  const promise = new Promise<void>((resolve) => (stop = resolve));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Only a pipe or socket can close; /dev/null or a terminal would stop us at once or never.
  const stdinIsPipe = watchStdin && (() => { const s = fstatSync(0); return s.isFIFO() || s.isSocket(); })();
  if (stdinIsPipe) {
    process.stdin.on('end', stop).on('close', stop).resume();
  }
  return {
    promise,
    dispose() {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (stdinIsPipe) process.stdin.off('end', stop).off('close', stop).destroy();
    },
  };
}
