// QUIC calibration (`pushbench calibrate --quic`): what a link does to HTTP/3, measured the only way
// this machine can speak QUIC, with Chromium against Caddy, and held against the QUIC model of
// transfer-theory.ts (quic-go 0.29 as Caddy 2.6 ships it: NewReno + HyStart, 32-packet initial
// window, paced). Node has no QUIC client, so the figures include Chromium's own per-request time
// (about a millisecond); the same page measures the same files over HTTP/2 on TCP beside them,
// so the two transports are compared through one client.
//
// Per sample, in a fresh browser context (no QUIC or TLS session to resume, no connections):
//   the page loads from a TCP origin, then fetch()es a file from a second, cross-origin server:
//   over HTTP/3 (forced with --origin-to-force-quic-on) or over HTTP/2 (TCP + TLS 1.3).
//   handshake = connectEnd − connectStart; fresh N KB = responseEnd − startTime (Resource Timing).
// Theory: QUIC's handshake is one round trip; TCP's connect plus TLS 1.3's are two.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { chromiumBaseArgs, resolveBrowser, type ResolvedBrowser } from '../browsers/registry.ts';
import { createTlsMaterial } from '../../servers/tls.ts';
import { caddyVersion, startCaddy } from '../../servers/caddy/caddy-process.ts';
import { choosePorts } from '../../servers/caddy/ports.ts';
import { median } from '../stats/describe.ts';
import { UsageError } from '../shared/usage-error.ts';
import { calibrationRow, type CalibrationRow } from './calibration.ts';
import { clientCommandPrefix, type ShapedLink } from './shaper.ts';
import { freshFetchTheoryMs, quicFreshFetchTheoryMs, serialise, connectTheoryMs, QUIC, QUIC_DATAGRAM_WIRE_BYTES, type LinkRates } from './transfer-theory.ts';
import { wrapperFor } from '../browsers/launcher-script.ts';
import { emulateNetworkConditions } from '../browsers/chromium-network.ts';

/** What `calibrate --quic` prints above its table: the sender whose behaviour the theory models. */
export const QUIC_SENDER = 'quic-go (built into Caddy 2.6: v0.29): NewReno with HyStart, initial window 32 packets of 1252 B, paced at 1.25 × cwnd/RTT';

export interface QuicPlan {
  samples: number;
  fetchSizes: readonly number[];
}
export const DEFAULT_QUIC_PLAN: QuicPlan = { samples: 5, fetchSizes: [100_000, 1_000_000] };

/**
 * Chromium 156's TLS ClientHello carries an X25519MLKEM768 key share (1.2 kB on its own): about
 * 1.9 kB, two QUIC Initial datagrams (padded, 1252 B each; seen in its NetLog) or two TCP segments.
 * The server's first flight with the run's small EC certificate fits one 1252-byte datagram.
 */
export const CLIENT_HELLO_BYTES = 1900;

/** The QUIC handshake at the client: the Initial datagrams up, the server's first flight down. */
export function quicHandshakeTheoryMs(link: LinkRates): number {
  const initials = Math.ceil(CLIENT_HELLO_BYTES / 1200);
  return link.rttMs + serialise(initials * QUIC_DATAGRAM_WIRE_BYTES, link.upKbps) + serialise(QUIC_DATAGRAM_WIRE_BYTES, link.downKbps);
}

/** TCP connect plus a TLS 1.3 handshake (the ClientHello up, the server's flight ~1.5 kB down). */
export function tcpTlsConnectTheoryMs(link: LinkRates): number {
  const segments = Math.ceil(CLIENT_HELLO_BYTES / 1448);
  return connectTheoryMs(link) + link.rttMs + serialise(CLIENT_HELLO_BYTES + segments * 52, link.upKbps) + serialise(1500 + 2 * 52, link.downKbps);
}

interface Sample { handshakeMs: number; ttlbMs: number; protocol: string; bytes: number }

const FETCH = (url: string) => `(async () => {
  const url = ${JSON.stringify(url)};
  const res = await fetch(url, { cache: 'no-store', mode: 'cors' });
  const body = await res.arrayBuffer();
  const e = performance.getEntriesByName(url).pop();
  return { handshakeMs: e.connectEnd - e.connectStart, ttlbMs: e.responseEnd - e.startTime, protocol: e.nextHopProtocol, bytes: body.byteLength };
})()`;

function caddyfile(host: string, ports: { page: number; quic: number; tcp: number }, root: string, cert: string, key: string): string {
  const site = (port: number) => [
    `https://${host}:${port} {`,
    `\tbind ${host}`,
    `\ttls ${cert} ${key}`,
    `\troot * ${root}`,
    '\theader Access-Control-Allow-Origin *',
    '\theader Timing-Allow-Origin *',
    '\theader Cache-Control no-store',
    '\tfile_server',
    '}',
  ].join('\n');
  return [
    '{',
    '\tadmin off',
    '\tauto_https off',
    `\tservers ${host}:${ports.page} {\n\t\tprotocols h1 h2\n\t}`,
    `\tservers ${host}:${ports.tcp} {\n\t\tprotocols h1 h2\n\t}`,
    `\tservers ${host}:${ports.quic} {\n\t\tprotocols h1 h2 h3\n\t}`,
    '}',
    site(ports.page), site(ports.tcp), site(ports.quic),
  ].join('\n');
}

/** Ports for the three servers: fixed inside the link's own fresh namespace, free ones on loopback. */
async function portsFor(link: ShapedLink): Promise<{ page: number; quic: number; tcp: number }> {
  if (link.serverCommandPrefix.length) return { page: 44301, tcp: 44302, quic: 44303 };
  const [page, tcp, quic] = await choosePorts(link.serverHost, 0, [{ udp: false }, { udp: false }, { udp: true }]);
  return { page: page!, tcp: tcp!, quic: quic! };
}

async function launch(resolved: ResolvedBrowser, link: ShapedLink, spki: string, quicOrigin: string): Promise<Browser> {
  return chromium.launch({
    executablePath: wrapperFor(resolved.executablePath, clientCommandPrefix(link)),
    args: [...chromiumBaseArgs(), `--ignore-certificate-errors-spki-list=${spki}`, `--origin-to-force-quic-on=${quicOrigin}`],
    env: { ...process.env, ...(resolved.env ?? {}) } as Record<string, string>,
    headless: true,
  });
}

async function sample(browser: Browser, link: ShapedLink, pageUrl: string, fileUrl: string): Promise<Sample> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // The devtools shaper: its request-level throttling, as the Chromium engine applies it to a load.
    if (link.devtoolsConditions) await emulateNetworkConditions(await context.newCDPSession(page), link.devtoolsConditions);
    await page.goto(pageUrl);
    return (await page.evaluate(FETCH(fileUrl))) as Sample;
  } finally {
    await context.close();
  }
}

/** QUIC and TCP figures for one link, from Chromium (the registry's "chromium") against Caddy. */
export async function calibrateQuic(link: ShapedLink, plan: QuicPlan = DEFAULT_QUIC_PLAN, browserName = 'chromium'): Promise<CalibrationRow[]> {
  if (!link.serverCommandPrefix.length && link.socksProxy) throw new UsageError('calibrate --quic: the proxy shaper carries TCP only; use --shaper tun');
  const p = link.profile;
  const shaper = link.info.shaper;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-quic-calibration-'));
  try {
    const root = path.join(dir, 'www');
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>quic calibration</title>');
    // Random bytes: nothing on the way may compress them.
    for (const size of [2, ...plan.fetchSizes]) fs.writeFileSync(path.join(root, `b${size}.bin`), Buffer.from(Array.from({ length: size }, () => Math.floor(Math.random() * 256))));
    const tls = await createTlsMaterial([link.serverHost]);
    fs.writeFileSync(path.join(dir, 'cert.pem'), tls.certPem, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'key.pem'), tls.keyPem, { mode: 0o600 });
    const ports = await portsFor(link);
    const caddy = await startCaddy({
      caddyfile: caddyfile(link.serverHost, ports, root, path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')),
      stateDir: dir,
      commandPrefix: link.serverCommandPrefix,
    });
    const origin = (port: number) => `https://${link.serverHost}:${port}`;
    const browser = await launch(await resolveBrowser(browserName), link, tls.spkiSha256, `${link.serverHost}:${ports.quic}`);
    try {
      await sample(browser, link, `${origin(ports.page)}/index.html`, `${origin(ports.tcp)}/b2.bin`); // warm-up
      const rows: CalibrationRow[] = [];
      const measure = async (port: number, file: string, want: string) => {
        const samples: Sample[] = [];
        for (let i = 0; i < plan.samples; i++) {
          const s = await sample(browser, link, `${origin(ports.page)}/index.html`, `${origin(port)}/${file}`);
          if (s.protocol !== want) throw new Error(`calibrate --quic: ${origin(port)} answered over ${s.protocol || 'an unknown protocol'}, not ${want}`);
          samples.push(s);
        }
        return { handshakeMs: median(samples.map((s) => s.handshakeMs)), ttlbMs: median(samples.map((s) => s.ttlbMs)) };
      };
      const q = await measure(ports.quic, 'b2.bin', 'h3');
      const t = await measure(ports.tcp, 'b2.bin', 'h2');
      rows.push(calibrationRow(p, shaper, 'h3: QUIC handshake (median)', 'ms', quicHandshakeTheoryMs(p), q.handshakeMs, 1.5));
      rows.push(calibrationRow(p, shaper, 'h2: TCP + TLS 1.3 connect (median)', 'ms', tcpTlsConnectTheoryMs(p), t.handshakeMs, 1.5));
      for (const size of plan.fetchSizes) {
        const qs = await measure(ports.quic, `b${size}.bin`, 'h3');
        const ts = await measure(ports.tcp, `b${size}.bin`, 'h2');
        rows.push(calibrationRow(p, shaper, `h3: fresh ${size / 1000} KB ttlb (median)`, 'ms', quicFreshFetchTheoryMs(p, quicHandshakeTheoryMs(p), size), qs.ttlbMs));
        // TCP's fresh fetch plus TLS 1.3's round trip (the TCP theory has no TLS).
        rows.push(calibrationRow(p, shaper, `h2: fresh ${size / 1000} KB ttlb (median)`, 'ms', freshFetchTheoryMs(p, size) + tcpTlsConnectTheoryMs(p) - connectTheoryMs(p), ts.ttlbMs));
      }
      return rows;
    } finally {
      await browser.close();
      await caddy.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The line `calibrate --quic` prints about the QUIC sender. */
export async function quicSenderLine(): Promise<string> {
  return `QUIC sender: ${await caddyVersion()}, ${QUIC_SENDER}; model payload ${QUIC.mss} B per packet, ${QUIC.headerBytes} B overhead`;
}
