// `pushbench conformance`: does a server put the bytes on the wire in the order a client asked for?
// In the spirit of Pat Meenan's HTTP/2 prioritization test and Andy Davies' table of servers: a
// scripted HTTP/2 client (harness/conformance/client.ts), inside the tun link's client namespace,
// against pushbench's servers inside the server namespace, on a generated site (a 20 KB
// stylesheet, a 2 MB image). Each figure is measured against its ideal, in RTTs:
//   (a) priority: how much later a high-priority stylesheet arrives when it is requested while a
//       large low-priority image is being sent, than alone. No server can do better than one RTT
//       more (the image's bytes fill the congestion window; the stylesheet leaves with the next
//       ACKs) plus draining what it had already committed to the kernel (its send queue and one
//       chunk); a server with a deep queue adds the whole queued image. How long the stylesheet
//       stayed in the server (request to last byte handed to the kernel, wire log) is printed too;
//   (b) push: how much later the HTML leaves the server (its last byte handed to the kernel, wire
//       log) from h2-push than from h2; the client's first- and last-byte times are printed too.
//       Pushed bytes already sent during the backend's time (even a few ms behind an edge) can take
//       a new connection's first congestion window, and then the HTML arrives one RTT later at the
//       client although it left at once: the cost of using the idle link, not of the order;
//   (c) 103: how much later the HTML (think time = 1 RTT) arrives when the client fetches the hinted
//       responses during the think time, than without hints.
// Exit status 1 when a figure misses its ideal by more than TOLERANCE_RTT.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { ConformancePlan, ConformanceResult, Scenario, ServerRole } from '../conformance/client.ts';
import { resolveProfile } from '../config/profiles.ts';
import { getShaper } from '../shapers/index.ts';
import { spawnTs, waitForLine } from '../shapers/ts-child.ts';
import { clientCommandPrefix, type ShapedLink } from '../shapers/shaper.ts';
import { startServerProcess } from '../run/server-process.ts';
import { resolveDelivery } from '../../servers/front-server.ts';
import type { Delivery, Topology } from '../../servers/types.ts';
import { plainVariant, SERVER_FAMILIES, type ServerFamily, type VariantName } from '../shared/variants.ts';
import { WIRE_KNOWS, wireFromCaddyAccess } from '../compute/caddy-access.ts';
import { FAMILY_TRAITS } from '../config/arms.ts';
import { median } from '../stats/describe.ts';
import { parseWireLog, type WireEvent } from '../../servers/wire-log.ts';
import { DEFAULT_CHUNK_BYTES } from '../../servers/delivery/scheduler.ts';
import { UsageError } from '../shared/usage-error.ts';
import { caddyVersion } from '../../servers/caddy/index.ts';

/** A figure passes when it is at most this many RTTs later than its ideal. */
export const TOLERANCE_RTT = 0.25;

const USAGE = `usage: pushbench conformance [--server pushbench|caddy] [--rtt MS] [--down KBPS] [--repeat N] [--topology direct|edge] [--send-queue BYTES|unlimited] [--priorities on|round-robin|off]
  --server pushbench, --rtt 100, --down 10000 (kbit/s, both ways), --repeat 3, --topology direct; the delivery flags as for pushbench serve
  (pushbench's servers only; Caddy keeps its own: the kernel's send queue, Go's scheduler). With --server caddy,
  figure (c) runs with topology edge: Caddy in front of pushbench's thinking origin, the only way Caddy has a think time
  PUSHBENCH_KEEP_CONFORMANCE=1 keeps the generated site and the servers' wire logs (printed path)`;

const HERE = path.dirname(new URL(import.meta.url).pathname);

/** The test site: a page with one stylesheet and one large image, and a manifest naming both. */
function writeSite(dir: string): void {
  fs.writeFileSync(path.join(dir, 'index.html'),
    `<!doctype html><html><head><title>conformance</title><link rel="stylesheet" href="/site.css"></head><body><h1>conformance</h1>${'<p>text</p>'.repeat(200)}<img src="/big.jpg" alt=""></body></html>`);
  // Base64 of random bytes: text that compresses only to about three quarters.
  fs.writeFileSync(path.join(dir, 'site.css'), `/* ${randomBytes(15_000).toString('base64')} */\nbody{margin:0}\n`);
  fs.writeFileSync(path.join(dir, 'big.jpg'), randomBytes(2_000_000));
  fs.writeFileSync(path.join(dir, 'pushbench.manifest.json'), JSON.stringify({ pages: { '/': [{ path: '/site.css', as: 'style' }, { path: '/big.jpg', as: 'image' }] } }));
}

interface Figure {
  figure: string;
  ideal: string;
  measuredRtt: number;
  detail: string;
}

/** The variant behind each role the client compares, from the registry. */
const ROLES: Record<ServerRole, VariantName> = { plain: plainVariant('none'), push: plainVariant('push'), hints: plainVariant('hints') };

async function runScenario(link: ShapedLink, scenario: Scenario, origins: Record<ServerRole, string>, repeats: number): Promise<Record<string, number>> {
  const plan: ConformancePlan = { scenario, origins, repeats };
  const client = spawnTs(path.join(HERE, '../conformance/client.ts'), [JSON.stringify(plan)], { prefix: clientCommandPrefix(link) });
  const result = await waitForLine<ConformanceResult>(client, 'result', 300_000).finally(() => client.kill());
  const keys = Object.keys(result.samples[0] ?? {});
  return Object.fromEntries(keys.map((k) => [k, median(result.samples.map((s) => s[k]!))]));
}

/** How long the stylesheet stayed in the server on connections with and without the image, medians, ms. */
function stylesheetHold(events: WireEvent[]): { aloneMs: number; duringMs: number } {
  const byConn = new Map<number, WireEvent[]>();
  for (const e of events) {
    if (!byConn.has(e.conn)) byConn.set(e.conn, []);
    byConn.get(e.conn)!.push(e);
  }
  const alone: number[] = [];
  const during: number[] = [];
  for (const conn of byConn.values()) {
    const request = conn.find((e) => e.type === 'request' && e.path === '/site.css');
    const end = conn.find((e) => e.type === 'stream-end' && e.path === '/site.css');
    if (!request || !end) continue;
    (conn.some((e) => e.type === 'request' && e.path === '/big.jpg') ? during : alone).push(end.t - request.t);
  }
  return { aloneMs: median(alone), duringMs: median(during) };
}

/** How long the page stayed in the server: its request to its last byte handed to the kernel, median, ms. */
function pageHold(events: WireEvent[]): number {
  const holds: number[] = [];
  for (const request of events) {
    if (request.type !== 'request' || request.path !== '/') continue;
    const end = events.find((e) => e.type === 'stream-end' && e.conn === request.conn && e.stream === request.stream);
    if (end) holds.push(end.t - request.t);
  }
  return median(holds);
}

/** The servers of one step, and each role's wire events as its server logged them. */
interface Served {
  origins: Record<ServerRole, string>;
  wire(role: ServerRole): WireEvent[];
  /** Whether the log's response ends are when the bytes reached the kernel (not when a handler returned). */
  kernelTimes: boolean;
}

async function withServers<T>(link: ShapedLink, siteDir: string, server: ServerFamily, delivery: Delivery, topology: Topology, thinkMs: number, use: (served: Served) => Promise<T>): Promise<T> {
  const wireLogDir = path.join(siteDir, '..', `wire-${server}-${thinkMs}`);
  const servers = await startServerProcess({
    arms: Object.values(ROLES).map((variant) => ({ server, variant, thinkMs })), siteDir, host: link.serverHost, topology, delivery,
    wireLogDir, commandPrefix: link.serverCommandPrefix,
  });
  const ready = (role: ServerRole) => servers.get({ server, variant: ROLES[role], thinkMs })!;
  // pushbench's wire log, or Caddy's access log read as the same events (its request-to-logged time
  // is the handler's: the last write accepted by the kernel, as pushbench's stream-end is).
  const wire = (role: ServerRole): WireEvent[] => {
    const { wireLogPath, wireLogFormat } = ready(role);
    const text = fs.existsSync(wireLogPath!) ? fs.readFileSync(wireLogPath!, 'utf8') : '';
    return wireLogFormat === 'caddy-access' ? wireFromCaddyAccess(text, ROLES[role], '/', []) : parseWireLog(text);
  };
  try {
    return await use({ origins: { plain: ready('plain').origin, push: ready('push').origin, hints: ready('hints').origin }, wire, kernelTimes: WIRE_KNOWS[ready('plain').wireLogFormat].kernelTimes });
  } finally {
    await servers.stop();
  }
}

export async function measureConformance(opts: { rttMs: number; downKbps: number; repeats: number; delivery: Delivery; topology?: Topology; server?: ServerFamily }): Promise<Figure[]> {
  const topology = opts.topology ?? 'direct';
  const server = opts.server ?? 'pushbench';
  // (c) needs a think time; Caddy serves files, so it thinks behind an edge (its own origin).
  const thinkingTopology: Topology = FAMILY_TRAITS[server].thinksItself ? topology : 'edge';
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-conformance-'));
  const siteDir = path.join(work, 'site');
  fs.mkdirSync(siteDir);
  writeSite(siteDir);
  const profile = resolveProfile(`custom:rtt=${opts.rttMs},down=${opts.downKbps},up=${opts.downKbps}`);
  const link = await getShaper('tun').start(profile, { slot: 7 });
  const r = opts.rttMs;
  const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
  try {
    const early = await withServers(link, siteDir, server, opts.delivery, topology, 0, async ({ origins, wire, kernelTimes }) => {
      const priority = await runScenario(link, 'priority', origins, opts.repeats);
      const push = await runScenario(link, 'push', origins, opts.repeats);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the last stream-end lines
      return { priority, push, kernelTimes, hold: stylesheetHold(wire('plain')), pageHold: { h2: pageHold(wire('plain')), push: pageHold(wire('push')) } };
    });
    const hints = await withServers(link, siteDir, server, opts.delivery, thinkingTopology, opts.rttMs, async ({ origins, wire }) => {
      const client = await runScenario(link, 'hints', origins, opts.repeats);
      await new Promise((resolve) => setTimeout(resolve, 200)); // the last stream-end lines
      return { client, pageHold: { plain: pageHold(wire('plain')), hints: pageHold(wire('hints')) } };
    });
    const p = early.priority;
    const u = early.push;
    // What the server had committed to the kernel when the stylesheet came: pushbench's send queue
    // and one chunk; Caddy keeps the kernel's unlimited queue, so nothing bounds it (0 here).
    const committed = FAMILY_TRAITS[server].followsDelivery && typeof opts.delivery.sendQueue === 'number' ? opts.delivery.sendQueue + DEFAULT_CHUNK_BYTES : 0;
    const drainMs = (committed * 8) / opts.downKbps;
    const hold = early.hold;
    // (b) and (c) are judged in the server where its log says when bytes reached the kernel; Caddy's
    // access log only says when the handler returned (Go's HTTP/2 server sends the body later), so
    // there they are judged at the client, where the page's last byte arrives.
    const inServer = early.kernelTimes;
    const where = inServer ? 'in the server' : 'at the client (the access log times the handler, not the kernel)';
    return [
      {
        figure: '(a) stylesheet requested while a 2 MB low-priority image is being sent',
        ideal: `at most 1 RTT later than alone (the image holds the congestion window until the next ACKs) + draining what the server had committed (${(committed / 1024).toFixed(0)} KB: ${fmt(drainMs)})`,
        measuredRtt: (p.cssDuringImageMs! - p.cssAloneMs! - r - drainMs) / r,
        detail: `${fmt(p.cssDuringImageMs!)} vs ${fmt(p.cssAloneMs!)} alone; in the server ${fmt(hold.duringMs)} vs ${fmt(hold.aloneMs)} (wire log)`,
      },
      {
        figure: '(b) the HTML leaves the server with push (CSS + 2 MB image pushed) as without',
        ideal: `+0 RTT: the page's last byte ${inServer ? 'reaches the kernel' : 'arrives'} as soon as without push (judged ${where})`,
        measuredRtt: (inServer ? early.pageHold.push - early.pageHold.h2 : u.pushEndMs! - u.plainEndMs!) / r,
        detail: `in the server ${fmt(early.pageHold.push)} vs ${fmt(early.pageHold.h2)} (wire log); at the client first byte ${fmt(u.pushHeadersMs!)} vs ${fmt(u.plainHeadersMs!)}, last byte ${fmt(u.pushEndMs!)} vs ${fmt(u.plainEndMs!)}`,
      },
      {
        // Judged in the server, like (b): at think = 1 RTT the hinted requests reach the server just
        // as the HTML becomes ready, and whether the image already holds the congestion window then
        // is a sub-millisecond race, so the client's time varies by a round trip from run to run.
        figure: '(c) HTML after think time = 1 RTT, hinted CSS + image fetched meanwhile',
        ideal: `+0 RTT: the page's last byte ${inServer ? 'reaches the kernel' : 'arrives'} as soon as without hints (judged ${where})`,
        measuredRtt: (inServer ? hints.pageHold.hints - hints.pageHold.plain : hints.client.hintsEndMs! - hints.client.plainEndMs!) / r,
        detail: `in the server ${fmt(hints.pageHold.hints)} vs ${fmt(hints.pageHold.plain)} (wire log); at the client last byte ${fmt(hints.client.hintsEndMs!)} vs ${fmt(hints.client.plainEndMs!)} without hints`,
      },
    ];
  } finally {
    await link.stop();
    if (process.env.PUSHBENCH_KEEP_CONFORMANCE) console.log(`pushbench conformance: site and wire logs kept in ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        rtt: { type: 'string', default: '100' }, down: { type: 'string', default: '10000' }, repeat: { type: 'string', default: '3' },
        server: { type: 'string', default: 'pushbench' },
        'send-queue': { type: 'string', default: '16384' }, priorities: { type: 'string', default: 'on' }, topology: { type: 'string', default: 'direct' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(`conformance: ${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  for (const [flag, raw, lo, hi] of [['rtt', values.rtt, 10, 1000], ['down', values.down, 1000, 1_000_000], ['repeat', values.repeat, 1, 50]] as const) {
    if (!/^\d+$/.test(raw) || Number(raw) < lo || Number(raw) > hi) throw new UsageError(`--${flag} ${raw}: must be a whole number from ${lo} to ${hi}`);
  }
  if (values.topology !== 'direct' && values.topology !== 'edge') throw new UsageError(`--topology ${values.topology}: must be direct or edge`);
  const topology: Topology = values.topology;
  if (!(SERVER_FAMILIES as readonly string[]).includes(values.server)) throw new UsageError(`--server ${values.server}: must be one of ${SERVER_FAMILIES.join(', ')}`);
  const server = values.server as ServerFamily;
  const delivery = resolveDelivery({ sendQueue: values['send-queue'] as Delivery['sendQueue'], priorities: values.priorities as Delivery['priorities'] });
  const rttMs = Number(values.rtt);
  const settings = FAMILY_TRAITS[server].followsDelivery ? `send queue ${delivery.sendQueue}, priorities ${delivery.priorities}` : `${await caddyVersion()}, its own scheduling and the kernel's send queue; (c) behind the edge`;
  console.log(`pushbench conformance: tun link ${rttMs} ms RTT, ${values.down} kbit/s; ${server} servers (${topology}): ${settings}; ${values.repeat} runs per figure (medians)`);
  const figures = await measureConformance({ rttMs, downKbps: Number(values.down), repeats: Number(values.repeat), delivery, topology, server });
  let failed = 0;
  for (const f of figures) {
    const ok = f.measuredRtt <= TOLERANCE_RTT; // later than ideal fails; earlier cannot be the server's fault
    if (!ok) failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${f.figure}\n     ideal ${f.ideal}; measured ${f.measuredRtt >= 0 ? '+' : ''}${f.measuredRtt.toFixed(2)} RTT (${f.detail}); tolerance +${TOLERANCE_RTT} RTT`);
  }
  console.log(`pushbench conformance: ${figures.length - failed} of ${figures.length} figures within tolerance`);
  return failed === 0 ? 0 : 1;
}
