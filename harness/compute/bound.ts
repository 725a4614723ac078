// The physics bound: the lowest FCP and LCP a network profile allows for a page served by a
// variant, so the dashboard can show how far each measured median is from what is possible.
//
// Model (every simplification errs on the fast side, so the result is a lower bound):
// - Times are client-side, from navigation start. R = profile RTT. Loss, request bytes, TLS
//   certificates, HTTP headers, parse and render time are all taken as zero.
// - Connection: TCP handshake (1 R) + TLS 1.3 (1 R), then the HTML request/response (1 R)
//   plus the server's think time. "warm-conn" reuses the connection (no handshake).
// - Warm caches ("warm", "warm-conn"): every asset is cached; the HTML is revalidated
//   (a 304 without body, the static handler's ETag), so FCP = LCP = the HTML round trip.
// - Cold cache, the critical request chain as the variant shapes it:
//     h2, h1, preload-html: the CSS (and the hero image) are requested when the HTML has arrived
//       (+1 R); fonts when the CSS has arrived (+1 R more) unless preload-html preloads them.
//       The blog's HTML is a few KB, so "head parsed" and "HTML arrived" are the same moment.
//     h1: no multiplexing; the second resource found with the HTML needs either a new connection
//       (+2 R handshake) or the HTML's connection once the first response is through.
//     preload: the Link header arrives with the HTML's first byte, so manifest resources are
//       requested then (+1 R), during the HTML transfer.
//     h2-push: manifest resources are pushed when the HTML request arrives: they arrive in the
//       HTML's round trip, before the think time ends.
//     early-hints: the 103 arrives after 1 R, the hinted requests go out during the think time
//       (+1 R). Over HTTP/1.1 (early-hints-h1) they need a second connection (+2 R).
//     preconnect, early-hints-preconnect, prefetch: as h2. The model puts every resource on the
//       page's one connection (a second origin's handshake is not modelled, which errs fast), so a
//       preconnect has nothing to save in it; prefetches are for the next page and, like every
//       response a milestone does not need, scheduled after it.
//   A resource is requested by whichever path is earlier (its normal discovery or the variant's).
// - Bytes: the TCP model of harness/shapers/transfer-theory.ts, the one `pushbench calibrate`
//   judges shapers by (slow start from an initial window of 10 segments, ACK-clocked, capped by
//   the profile's down rate, ACKs at its up rate). The needed responses share one connection's
//   window in priority order (HTML, CSS, fonts, images) as they become ready. Responses the
//   milestone does not need are assumed to be scheduled after it (ideal prioritisation), and all
//   connections share one window (optimistic for h1's extra connections).
// - FCP needs the HTML and the CSS, plus the fonts only with font-display: block (the blog uses
//   swap: text paints in a fallback face). LCP needs additionally the image(s) of the manifest
//   (the hero); without an image the LCP element is text and LCP = FCP.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import type { NetworkProfile } from '../config/profile.ts';
import type { CacheState } from '../config/benchmark.ts';
import type { CriticalResource, PageManifest } from '../../sites/manifest-types.ts';
import { QUIC, TCP, deliver, goodputKbps, type Flow, type TransportModel } from '../shapers/transfer-theory.ts';
import { recordedThinkValues } from '../config/think-time.ts';
import { readRunJson } from '../run/run-json.ts';
import { eventsOf, parseWireLog, type WireEvent } from './wire.ts';
import { traitsOf, type EarlyPath, type Protocol, type VariantName } from '../shared/variants.ts';
import { folderOfOrigin } from '../../sites/site-origins.ts';

export interface BoundResource {
  path: string;
  /** The manifest's `as`: style | font | image | script | fetch. */
  as: string;
  /** Bytes on the wire (compressed body). */
  bytes: number;
}

export interface BoundInput {
  profile: NetworkProfile;
  variant: string;
  protocol: Protocol;
  /** Critical resources with their transfer sizes. */
  resources: BoundResource[];
  htmlBytes: number;
  thinkMs: number;
  cache: CacheState;
  /** True when the page's fonts use font-display: block (text waits for them). Default false (swap). */
  fontsBlockRender?: boolean;
}

export interface Bound {
  fcpMs: number;
  lcpMs: number;
  /** One line on how the bound was reached. */
  explain: string;
}

/** Payload bytes per millisecond the link can carry; Infinity for an unlimited link (rate 0). */
export function goodputBytesPerMs(downKbps: number): number {
  if (downKbps <= 0) return Infinity;
  return goodputKbps(downKbps) / 8; // kbit/s = bit/ms; / 8 = bytes/ms
}

/** A response the bound needs; `readyAt` is the client time its first byte can arrive. */
type Fetch = Flow;

/**
 * Delivers the fetches through the TCP model on the profile's link. The model's clock is the
 * sender's: a response whose first byte can arrive at t may leave at t - R/2; its finish time is
 * its last byte's arrival, a client time again.
 */
function deliverFetches(fetches: readonly Fetch[], profile: Pick<NetworkProfile, 'rttMs' | 'downKbps' | 'upKbps'>, transport: TransportModel = TCP): Map<string, number> {
  const oneWay = profile.rttMs / 2;
  const flows = fetches.map((f): Flow => ({ ...f, readyAt: (done) => { const at = f.readyAt(done); return at === undefined ? undefined : at - oneWay; } }));
  return deliver(flows, { rttMs: profile.rttMs, rateKbps: profile.downKbps, ackKbps: profile.upKbps, transport });
}

/** Time to fetch `bytes` on a fresh connection whose first byte arrives at 0 (slow start + rate). */
export function transferMs(bytes: number, rttMs: number, downKbps: number, upKbps = 0): number {
  const done = deliverFetches([{ name: 'x', bytes, priority: 0, readyAt: () => 0 }], { rttMs, downKbps, upKbps });
  return done.get('x') ?? 0;
}

function earlyPathOf(variant: string): EarlyPath {
  return traitsOf(variant)?.early ?? 'none';
}

const PRIORITY: Record<string, number> = { style: 1, font: 2, image: 3 };
const round1 = (ms: number) => Math.round(ms * 10) / 10;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

/** The lowest FCP and LCP the network allows for this variant, protocol and cache state. */
export function lowerBound(input: BoundInput): Bound {
  const R = input.profile.rttMs;
  const G = goodputBytesPerMs(input.profile.downKbps);
  const transport = input.protocol === 'h3' ? QUIC : TCP;
  const connectMs = input.cache === 'warm-conn' ? 0 : transport.handshakeRtts * R;
  const connectText = `${transport.handshakeRtts} RTT ${transport.name === 'quic' ? 'QUIC handshake' : 'connect'}`;
  const htmlFirstByte = connectMs + R + input.thinkMs;
  const rate = Number.isFinite(G) ? `${((G * 8) / 1000).toFixed(2)} Mbit/s goodput` : 'unlimited rate';
  const link = `RTT ${R} ms, ${rate}`;

  if (input.cache !== 'cold') {
    // A 304 has no body (and the bound takes headers as zero bytes): nothing to transfer.
    const how = `${input.cache}: assets cached, HTML revalidated (304): ${connectMs ? `${connectText} + ` : ''}1 RTT + think ${input.thinkMs} ms (${link})`;
    return { fcpMs: round1(htmlFirstByte), lcpMs: round1(htmlFirstByte), explain: how };
  }

  const styles = input.resources.filter((r) => r.as === 'style');
  const fonts = input.fontsBlockRender ? input.resources.filter((r) => r.as === 'font') : [];
  const images = input.resources.filter((r) => r.as === 'image');
  const early = earlyPathOf(input.variant);
  const h1 = input.protocol === 'h1';

  // When the variant lets a manifest resource's first byte arrive, independent of discovery.
  const earlyReady = (): ((f: ReadonlyMap<string, number>) => number | undefined) => {
    switch (early) {
      case 'push': return () => connectMs + R;
      case 'hints': return () => connectMs + R + (h1 ? 3 * R : R);
      case 'link-header': return () => htmlFirstByte + R;
      case 'html-link': return (f) => (f.has('html') ? f.get('html')! + R : undefined);
      default: return () => undefined;
    }
  };
  const earliest = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

  const fetches: Fetch[] = [{ name: 'html', bytes: input.htmlBytes, priority: 0, readyAt: () => htmlFirstByte }];
  const firstStyleBytes = styles[0]?.bytes ?? 0;
  styles.forEach((r, i) => {
    // h1: only the first request found with the HTML reuses its connection at once.
    const delay = !h1 || i === 0 ? R : Math.min(3 * R, 2 * R + firstStyleBytes / G);
    const viaEarly = earlyReady();
    fetches.push({ name: r.path, bytes: r.bytes, priority: PRIORITY.style, readyAt: (f) => earliest(f.has('html') ? f.get('html')! + delay : undefined, viaEarly(f)) });
  });
  const stylesDone = (f: ReadonlyMap<string, number>) => (styles.every((s) => f.has(s.path)) ? Math.max(f.get('html')!, ...styles.map((s) => f.get(s.path)!)) : undefined);
  for (const r of fonts) {
    const viaEarly = earlyReady();
    fetches.push({ name: r.path, bytes: r.bytes, priority: PRIORITY.font, readyAt: (f) => earliest(f.has('html') && stylesDone(f) !== undefined ? stylesDone(f)! + R : undefined, viaEarly(f)) });
  }
  for (const r of images) {
    const delay = !h1 || styles.length === 0 ? R : Math.min(3 * R, 2 * R + firstStyleBytes / G);
    const viaEarly = earlyReady();
    fetches.push({ name: r.path, bytes: r.bytes, priority: PRIORITY.image, readyAt: (f) => earliest(f.has('html') ? f.get('html')! + delay : undefined, viaEarly(f)) });
  }

  const done = deliverFetches(fetches, input.profile, transport);
  const at = (name: string) => done.get(name) ?? Number.NaN;
  const fcp = Math.max(at('html'), ...styles.map((r) => at(r.path)), ...fonts.map((r) => at(r.path)));
  const lcp = Math.max(fcp, ...images.map((r) => at(r.path)));
  const bytesFcp = input.htmlBytes + [...styles, ...fonts].reduce((s, r) => s + r.bytes, 0);
  const bytesLcp = bytesFcp + images.reduce((s, r) => s + r.bytes, 0);
  const plain = h1 ? 'CSS +1 RTT after the HTML, image on a 2nd connection or after the CSS' : 'CSS and image +1 RTT after the HTML';
  const shape = {
    none: plain,
    push: 'manifest pushed in the HTML round trip',
    hints: h1 ? 'hinted requests on a 2nd connection (+3 RTT after the 103)' : 'hinted requests +1 RTT after the 103, during think time',
    'link-header': 'Link: preload requests +1 RTT after the HTML first byte',
    'html-link': '<link rel=preload> requests +1 RTT after the HTML',
    // The model has one connection for every resource (see the top), so a preconnect saves nothing in it.
    'html-preconnect': `${plain} (a second origin's connection is not modelled)`,
    'hints-preconnect': `${plain} (a second origin's connection is not modelled)`,
    'html-prefetch': `${plain} (the prefetches are for the next page)`,
  }[early];
  const explain =
    `cold: ${connectText} + 1 RTT HTML + think ${input.thinkMs} ms; ${shape}` +
    `${fonts.length ? '; fonts block render' : ''}; FCP bytes ${kb(bytesFcp)}, LCP bytes ${kb(bytesLcp)}; ` +
    `slow start IW ${transport.initialWindow} ${transport.name === 'quic' ? 'QUIC packets' : 'segments'} (${link})`;
  return { fcpMs: round1(fcp), lcpMs: round1(lcp), explain };
}

// ---- bounds of a results folder ----------------------------------------------------------

export interface RunBound extends Bound {
  page: string;
  variant: string;
  profile: string;
  cache: CacheState;
  protocol: Protocol;
  thinkMs: number;
}

const protocolOf = (variant: string): Protocol => traitsOf(variant)?.protocol ?? 'h2';

/** Largest body bytes per path seen in the first few wire logs of the run (what really went over the wire). */
function wireBodyBytes(runDir: string, maxLogs = 12): Map<string, number> {
  const sizes = new Map<string, number>();
  const tracesDir = join(runDir, 'traces');
  if (!existsSync(tracesDir)) return sizes;
  let read = 0;
  for (const name of readdirSync(tracesDir).sort()) {
    if (read >= maxLogs) break;
    if (!name.includes('__cold__')) continue; // warm loads see 304s with no body
    const file = join(tracesDir, name, 'wire.jsonl');
    if (!existsSync(file)) continue;
    read++;
    let events: WireEvent[];
    try {
      events = parseWireLog(readFileSync(file, 'utf8')); // a torn last line is dropped there
    } catch {
      continue; // a damaged log: the sizes come from the others, or from the site files
    }
    for (const e of eventsOf(events, 'response')) {
      if (e.status === 200 && typeof e.path === 'string' && typeof e.bodyBytes === 'number') {
        sizes.set(e.path, Math.max(sizes.get(e.path) ?? 0, e.bodyBytes));
      }
    }
  }
  return sizes;
}

/** Size of a site file as the server would send it: brotli for text, as-is otherwise; undefined when missing. */
function siteFileBytes(siteDir: string | undefined, urlPath: string): number | undefined {
  if (!siteDir) return undefined;
  let file = join(siteDir, decodeURIComponent(urlPath.split('?')[0]));
  if (urlPath.endsWith('/')) file = join(file, 'index.html');
  if (!existsSync(file) || !statSync(file).isFile()) return undefined;
  const body = readFileSync(file);
  return /\.(html?|css|js|mjs|json|svg|txt)$/i.test(file) ? brotliCompressSync(body).length : body.length;
}

function fontsBlock(siteDir: string | undefined, styles: readonly CriticalResource[]): boolean {
  return styles.some((s) => {
    const file = siteDir ? join(folderOfOrigin(siteDir, s.origin), s.path) : '';
    return file !== '' && existsSync(file) && /font-display\s*:\s*block/i.test(readFileSync(file, 'utf8'));
  });
}

/**
 * Bounds for every page × variant × think time × profile × cache of a run, with sizes from the run's wire logs
 * (bodies as sent) or, failing that, from the site files. Returns [] when run.json is missing or
 * unreadable: the dashboard then shows no bound rather than failing.
 */
export function boundsForRun(runDir: string): RunBound[] {
  const run = readRunJson(runDir);
  if (!run.benchmark) return [];
  const bench = run.benchmark ?? {};
  const siteDir = run.manifest?.siteDir ?? bench.siteDir;
  const wire = wireBodyBytes(runDir);
  const sizeOf = (path: string) => wire.get(path) ?? siteFileBytes(siteDir, path) ?? 0;
  // A resource on a second origin is a file of its _origins/<host>/ folder; the page's wire log never has it.
  const resourceBytes = (r: CriticalResource) => (r.origin === undefined ? sizeOf(r.path) : siteDir ? siteFileBytes(folderOfOrigin(siteDir, r.origin), r.path) ?? 0 : 0);
  const out: RunBound[] = [];
  for (const page of run.manifest?.pages ?? []) {
    if (bench.pages && !bench.pages.includes(page.page)) continue;
    const resources = page.resources.map((r) => ({ path: r.path, as: r.as, bytes: resourceBytes(r) }));
    const htmlBytes = sizeOf(page.page);
    const fontsBlockRender = fontsBlock(siteDir, page.resources.filter((r) => r.as === 'style'));
    for (const variant of bench.variants ?? []) {
      for (const profile of bench.profiles ?? []) {
        for (const cache of bench.cache ?? ['cold']) {
          const protocol = protocolOf(variant);
          // One bound per think time the variant was measured at (a sweep has several).
          for (const thinkMs of recordedThinkValues(bench.thinkMs, variant as VariantName)) {
            const b = lowerBound({ profile, variant, protocol, resources, htmlBytes, thinkMs, cache, fontsBlockRender });
            out.push({ page: page.page, variant, profile: profile.name, cache, protocol, thinkMs, ...b });
          }
        }
      }
    }
  }
  return out;
}
