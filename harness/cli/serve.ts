// `pushbench serve`: run one server per variant, and one per second origin of the site
// (sites/site-origins.ts), until SIGINT/SIGTERM (or, with --json, until stdin closes, so a server
// spawned by the harness dies with it). --json prints an OriginReadyLine per second origin, then a
// ServeReadyLine per server.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDelivery } from '../../servers/front-server.ts';
import type { Delivery, Topology } from '../../servers/types.ts';
import { readyLinesOf, startServerSet, stopRequested, type ServerSet } from '../run/server-set.ts';
import { DEFAULT_SERVER_FAMILY, SERVER_FAMILIES, VARIANT_NAMES, VARIANT_TRAITS, type ServerFamily, type VariantName } from '../shared/variants.ts';
import { armLabel, armsOf, type Arm } from '../config/arms.ts';
import { DEFAULT_SITE_DIR } from '../../sites/manifest.ts';
import { UsageError } from '../shared/usage-error.ts';
import { parseThinkSpec, refuseSweep, thinksAtAll, type ThinkTimes } from '../config/think-time.ts';
import { pageList, parseOriginUrl } from '../../sites/origin-url.ts';
import { nextPagesOf, parseJourneyEnv, SHELL_JOURNEY_NAME } from '../config/journeys.ts';
import { copyOriginForCommand } from '../../sites/origin-copy.ts';

const USAGE = `usage: pushbench serve --variant NAME[,NAME…] [--server pushbench|caddy[,…]] [--port N] [--host H] [--site DIR] [--think-ms N|N,VARIANT:N…]
                       [--topology direct|edge] [--send-queue BYTES|unlimited] [--priorities on|round-robin|off]
                       [--push css|css+fonts|all] [--wire-log-dir DIR] [--key-log FILE] [--json]
                       [--origin http://127.0.0.1:PORT [--pages /,/about]] [--journey /,/posts/a.html]
variants:
${VARIANT_NAMES.map((name) => `  ${name.padEnd(20)} ${VARIANT_TRAITS[name].summary}`).join('\n')}
--server      pushbench (its own Node servers, the default) and/or caddy (Caddy 2 with a generated
              Caddyfile; the h3 variants run on Caddy only); each variant on each listed server that has it
--send-queue  TCP_NOTSENT_LOWAT of each browser-facing socket (16384; unlimited = the kernel default)
--priorities  on: HTTP/2 responses in the order the client's priority signals ask for; round-robin;
              off: Node's stock HTTP/2 server, no scheduler (what these servers were before)
--push        what h2-push pushes: css (blocking CSS/JS), css+fonts, all (the manifest, LCP image too)
--origin      your own running server (loopback only) behind pushbench's edge, instead of --site: the
              --pages (default /) and the files they name are copied first; pages come from your server
--journey     the pages a reader opens in turn: the prefetch variant names each one's next page`;

interface ServeArgs {
  arms: Arm[];
  port: number;
  host: string;
  siteDir: string;
  thinkMs: ThinkTimes;
  topology: Topology;
  wireLogDir: string | null;
  keyLogPath: string | null;
  delivery: Delivery;
  json: boolean;
  /** --origin: the user's running server, and the pages to copy from it. */
  origin?: { url: string; pages: string[] };
  /** --journey: page → next page, for the prefetch variant. */
  nextPages?: Record<string, string[]>;
}

function parseNumber(flag: string, value: string, integer: boolean): number {
  const ok = integer ? /^\d+$/.test(value) : /^\d+(\.\d+)?$/.test(value);
  if (!ok) throw new UsageError(`--${flag} ${value}: must be ${integer ? 'a whole number' : 'a number'} ≥ 0`);
  return Number(value);
}

/** --journey's steps: the same form as PUSHBENCH_JOURNEY, its error naming the flag. */
function journeySteps(raw: string): string[] {
  try {
    return parseJourneyEnv(raw);
  } catch {
    throw new UsageError(`--journey ${raw}: give two or more URL paths separated by commas, e.g. /,/posts/early-hints.html`);
  }
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
        server: { type: 'string', default: DEFAULT_SERVER_FAMILY },
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
        origin: { type: 'string' },
        pages: { type: 'string' },
        journey: { type: 'string' },
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
  if (v.pages !== undefined && v.origin === undefined) throw new UsageError('--pages: only with --origin (the pages to copy from your server)');
  if (v.topology !== 'direct' && v.topology !== 'edge') throw new UsageError(`--topology ${v.topology}: must be direct or edge`);
  const families = v.server.split(',').map((name) => name.trim());
  for (const name of families) {
    if (!(SERVER_FAMILIES as readonly string[]).includes(name)) throw new UsageError(`--server ${name}: unknown server; valid servers: ${SERVER_FAMILIES.join(', ')}`);
  }
  const thinkMs = parseThinkSpec(v['think-ms'], '--think-ms');
  refuseSweep(thinkMs, '--think-ms', 'serve runs one server per variant at one think time (a sweep is for the benchmark: PUSHBENCH_THINK_MS)');
  const origin = v.origin === undefined ? undefined : originArgs(v.origin, v.pages, { site: v.site, thinkMs, families });
  const topology: Topology = origin ? 'edge' : v.topology;
  const { arms } = armsOf(families as ServerFamily[], variants as VariantName[], { thinkMs, topology });
  return {
    arms,
    port: parseNumber('port', v.port, true),
    host: v.host,
    siteDir: origin ? '' : resolve(v.site ?? DEFAULT_SITE_DIR), // with --origin: the copy, made in run()
    thinkMs,
    topology,
    wireLogDir: v['wire-log-dir'] ? resolve(v['wire-log-dir']) : null,
    keyLogPath: v['key-log'] ? resolve(v['key-log']) : null,
    delivery: resolveDelivery({
      sendQueue: v['send-queue'] as Delivery['sendQueue'],
      priorities: v.priorities as Delivery['priorities'],
      push: v.push as Delivery['push'],
    }),
    json: v.json,
    ...(origin ? { origin } : {}),
    ...(v.journey !== undefined ? { nextPages: nextPagesOf([{ name: SHELL_JOURNEY_NAME, steps: journeySteps(v.journey), dwellMs: 0 }]) } : {}),
  };
}

function originArgs(raw: string, pages: string | undefined, other: { site?: string; thinkMs: ThinkTimes; families: string[] }): { url: string; pages: string[] } {
  const url = parseOriginUrl(raw, '--origin');
  if (other.site !== undefined) throw new UsageError('--origin and --site exclude each other: the site is your server; drop one');
  if (thinksAtAll(other.thinkMs)) throw new UsageError(`--think-ms: with --origin the think time is your server's own; drop --think-ms`);
  if (other.families.some((f) => f !== 'pushbench')) throw new UsageError(`--server: with --origin only pushbench's edge sits in front of your server; drop --server`);
  return { url, pages: pageList(pages) };
}

function describe({ arms: servers, origins }: ServerSet): string {
  const spki = servers[0]!.spkiSha256;
  const lines = servers.map((s) => `  ${armLabel(s.arm).padEnd(20)} ${s.origin}/  (${s.protocol}, ${s.topology}, ${s.serverVersion})`);
  const own = servers.find((s) => s.server === 'pushbench')?.delivery;
  const quic = servers.filter((s) => VARIANT_TRAITS[s.variant].transport === 'quic').map((s) => new URL(s.origin).host);
  // A second origin is reached by its host name: the browser maps it to the server's address and pins its own certificate too.
  const address = (o: ServerSet['origins'][number]) => `${o.listenHost.includes(':') ? `[${o.listenHost}]` : o.listenHost}:${o.port}`;
  const secondOrigins = origins.length === 0 ? [] : [
    "second origins (the site's _origins/ folders, each on a certificate of its own):",
    ...origins.map((o) => `  ${o.hostName.padEnd(20)} ${o.origin}/ at ${address(o)}  (h2, SPKI sha256 ${o.spkiSha256})`),
  ];
  return [
    'serving:',
    ...lines,
    ...secondOrigins,
    ...(own ? [`delivery (pushbench): send queue ${own.sendQueue}, priorities ${own.priorities}, push ${own.push}`] : []),
    `certificate SPKI sha256: ${spki}`,
    `chromium flag: --ignore-certificate-errors-spki-list=${[spki, ...origins.map((o) => o.spkiSha256)].join(',')}`,
    ...(origins.length ? [`chromium flag for the second origins: --host-resolver-rules=${origins.map((o) => `MAP ${o.hostName} ${address(o)}`).join(', ')}`] : []),
    ...(quic.length ? [`chromium flag for the h3 servers: --origin-to-force-quic-on=${quic.join(',')}`] : []),
    ...servers.filter((s) => s.protocol === 'h2').map((s) => `try: nghttp -nv ${s.origin}/`),
    'stop with Ctrl-C',
  ].join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const args = parseServeArgs(argv);
  if (args === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (args.origin) {
    const copy = await copyOriginForCommand(args.origin.url, args.origin.pages);
    args.siteDir = copy.dir;
    console.error(`copied ${copy.record.files.length} file(s) of ${args.origin.url} (${args.origin.pages.join(', ')}) into ${copy.dir}; pages are asked from it`);
  }
  const set = await startServerSet({ ...args, keyLogPath: args.keyLogPath, ...(args.origin ? { origin: { url: args.origin.url } } : {}) });

  const stop = stopRequested(args.json);
  if (args.json) for (const line of readyLinesOf(set)) process.stdout.write(JSON.stringify(line) + '\n');
  else console.log(describe(set));
  await stop.promise;
  stop.dispose();
  await set.close();
  return 0;
}
