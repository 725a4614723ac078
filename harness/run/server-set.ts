// The server variants of one run, started together on one certificate: what `pushbench serve`
// runs for a person and what the harness's server child (serve-child.ts) runs for a profile.
// Also the child's contract: one ServeReadyLine per server on stdout, and stop when stdin closes.

import { fstatSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTlsMaterial, startServer } from '../../servers/index.ts';
import type { Delivery, RunningServer, ServeReadyLine, Topology } from '../../servers/types.ts';
import type { VariantName } from '../shared/variants.ts';
import { thinkMsFor, type ThinkTimes } from '../config/think-time.ts';

export interface ServerSetOptions {
  variants: readonly VariantName[];
  siteDir: string;
  host: string;
  /** 0 picks free ports; N gives the variants N, N+1, … */
  port: number;
  thinkMs: ThinkTimes;
  topology: Topology;
  /** Folder for the wire logs (one JSONL per variant), or null for none. */
  wireLogDir: string | null;
  keyLogPath: string | null;
  delivery: Delivery;
}

export async function startServerSet(opts: ServerSetOptions): Promise<RunningServer[]> {
  if (opts.wireLogDir) mkdirSync(opts.wireLogDir, { recursive: true });
  const tls = await createTlsMaterial([opts.host]);
  const servers: RunningServer[] = [];
  try {
    for (const [i, variant] of opts.variants.entries()) {
      servers.push(await startServer({
        variant,
        siteDir: opts.siteDir,
        host: opts.host,
        port: opts.port === 0 ? 0 : opts.port + i,
        thinkMs: thinkMsFor(opts.thinkMs, variant),
        topology: opts.topology,
        wireLogPath: opts.wireLogDir ? join(opts.wireLogDir, `${variant}.jsonl`) : undefined,
        keyLogPath: opts.keyLogPath ?? undefined,
        delivery: opts.delivery,
        tls,
      }));
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    throw err;
  }
  return servers;
}

export function readyLineOf(server: RunningServer): ServeReadyLine {
  return {
    type: 'ready',
    variant: server.variant,
    topology: server.topology,
    origin: server.origin,
    port: server.port,
    protocol: server.protocol,
    spkiSha256: server.spkiSha256,
    wireLogPath: server.wireLogPath ?? null,
    delivery: server.delivery,
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
