// `pushbench serve`: run one server per variant until SIGINT/SIGTERM (or, with --json, until stdin
// closes, so a server spawned by the harness dies with it).
import { fstatSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createTlsMaterial, startServer } from '../../servers/index.ts';
import { resolveDelivery } from '../../servers/front-server.ts';
import { type Delivery, type RunningServer, type ServeReadyLine, type Topology } from '../../servers/types.ts';
import { VARIANT_NAMES, type VariantName } from '../shared/variants.ts';
import { DEFAULT_SITE_DIR } from '../../sites/manifest.ts';
import { UsageError } from '../shared/usage-error.ts';
import { parseThinkSpec, thinkMsFor, type ThinkTimes } from '../config/think-time.ts';

const USAGE = `usage: pushbench serve --variant NAME[,NAME…] [--port N] [--host H] [--site DIR] [--think-ms N|N,VARIANT:N…]
                       [--topology direct|edge] [--send-queue BYTES|unlimited] [--priorities on|round-robin|off]
                       [--push css|css+fonts|all] [--wire-log-dir DIR] [--key-log FILE] [--json]
variants: ${VARIANT_NAMES.join(', ')}
--send-queue  TCP_NOTSENT_LOWAT of each browser-facing socket (16384; unlimited = the kernel default)
--priorities  on: HTTP/2 responses in the order the client's priority signals ask for; round-robin;
              off: Node's stock HTTP/2 server, no scheduler (what these servers were before)
--push        what h2-push pushes: css (blocking CSS/JS), css+fonts, all (the manifest, LCP image too)`;

interface ServeArgs {
  variants: VariantName[];
  port: number;
  host: string;
  siteDir: string;
  thinkMs: ThinkTimes;
  topology: Topology;
  wireLogDir: string | null;
  keyLogPath: string | null;
  delivery: Delivery;
  json: boolean;
}

function parseNumber(flag: string, value: string, integer: boolean): number {
  const ok = integer ? /^\d+$/.test(value) : /^\d+(\.\d+)?$/.test(value);
  if (!ok) throw new UsageError(`--${flag} ${value}: must be ${integer ? 'a whole number' : 'a number'} ≥ 0`);
  return Number(value);
}

export function parseServeArgs(argv: string[]): ServeArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        variant: { type: 'string' },
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        site: { type: 'string' },
        'think-ms': { type: 'string', default: '0' },
        topology: { type: 'string', default: 'direct' },
        'wire-log-dir': { type: 'string' },
        'key-log': { type: 'string' },
        'send-queue': { type: 'string', default: '16384' },
        priorities: { type: 'string', default: 'on' },
        push: { type: 'string', default: 'all' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(`serve: ${(err as Error).message}; see pushbench serve --help`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (!v.variant) throw new UsageError(`serve: --variant is required; one or more of ${VARIANT_NAMES.join(', ')} (comma-separated)`);
  const variants = v.variant.split(',').map((name) => name.trim());
  for (const name of variants) {
    if (!(VARIANT_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`--variant ${name}: unknown variant; valid variants: ${VARIANT_NAMES.join(', ')}`);
    }
  }
  if (v.topology !== 'direct' && v.topology !== 'edge') throw new UsageError(`--topology ${v.topology}: must be direct or edge`);
  return {
    variants: variants as VariantName[],
    port: parseNumber('port', v.port, true),
    host: v.host,
    siteDir: resolve(v.site ?? DEFAULT_SITE_DIR),
    thinkMs: parseThinkSpec(v['think-ms'], '--think-ms'),
    topology: v.topology,
    wireLogDir: v['wire-log-dir'] ? resolve(v['wire-log-dir']) : null,
    keyLogPath: v['key-log'] ? resolve(v['key-log']) : null,
    delivery: resolveDelivery({
      sendQueue: v['send-queue'] as Delivery['sendQueue'],
      priorities: v.priorities as Delivery['priorities'],
      push: v.push as Delivery['push'],
    }),
    json: v.json,
  };
}

function readyLine(server: RunningServer): ServeReadyLine {
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

function describe(servers: RunningServer[]): string {
  const spki = servers[0]!.spkiSha256;
  const lines = servers.map((s) => `  ${s.variant.padEnd(15)} ${s.origin}/  (${s.protocol}, ${s.topology})`);
  const d = servers[0]!.delivery;
  return [
    'serving:',
    ...lines,
    `delivery: send queue ${d.sendQueue}, priorities ${d.priorities}, push ${d.push}`,
    `certificate SPKI sha256: ${spki}`,
    `chromium flag: --ignore-certificate-errors-spki-list=${spki}`,
    ...servers.filter((s) => s.protocol === 'h2').map((s) => `try: nghttp -nv ${s.origin}/`),
    'stop with Ctrl-C',
  ].join('\n');
}

/** Resolves when the process is told to stop: a signal, or (for a harness child) stdin closing. */
function stopRequested(watchStdin: boolean): { promise: Promise<void>; dispose(): void } {
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

export async function run(argv: string[]): Promise<number> {
  const args = parseServeArgs(argv);
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (args.wireLogDir) mkdirSync(args.wireLogDir, { recursive: true });
  const tls = await createTlsMaterial([args.host]);
  const servers: RunningServer[] = [];
  try {
    for (const [i, variant] of args.variants.entries()) {
      servers.push(
        await startServer({
          variant,
          siteDir: args.siteDir,
          host: args.host,
          port: args.port === 0 ? 0 : args.port + i,
          thinkMs: thinkMsFor(args.thinkMs, variant),
          topology: args.topology,
          wireLogPath: args.wireLogDir ? join(args.wireLogDir, `${variant}.jsonl`) : undefined,
          keyLogPath: args.keyLogPath ?? undefined,
          delivery: args.delivery,
          tls,
        }),
      );
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    throw err;
  }

  const stop = stopRequested(args.json);
  if (args.json) for (const s of servers) process.stdout.write(JSON.stringify(readyLine(s)) + '\n');
  else console.log(describe(servers));
  await stop.promise;
  stop.dispose();
  await Promise.all(servers.map((s) => s.close()));
  return 0;
}
