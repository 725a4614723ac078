// Calibration of the `devtools` shaper, which only exists inside a browser: launch the registry's
// Chromium (resolveBrowser, harness/browsers/registry.ts) with playwright-core, apply the link's
// devtools conditions to a fresh page over CDP (browsers/chromium-network.ts, as the Chromium
// engine does for a load), and measure from the page with fetch() and Resource Timing against
// small HTTP servers on 127.0.0.1:
//
// - connect: connectEnd − connectStart of a request to a new origin (a fresh port). DevTools
//   throttling adds its latency per request, not per round trip, so this stays at loopback
//   speed (≈ 0 ms): the known error, reported as measured.
// - warm request: startTime → responseEnd of a 2-byte GET on the page's own, kept-alive connection.
// - fresh 100 KB / 1 MB: startTime → responseEnd of a GET to a new origin (fresh port, so a new
//   TCP connection), compared with the same slow-start theory as tun/proxy.
// - down goodput: receive rate over the last 75 % of a streamed body (as calibration-client.ts);
//   up goodput: the server's receive rate over the last 75 % of a POST body.
// - emulator CPU: n/a (Chromium's network service does the throttling; measured is NaN).
// Used by `pushbench calibrate --shaper devtools` and test/shapers/devtools.test.ts.
import http from 'node:http';
import type net from 'node:net';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type Page } from 'playwright-core';
import { emulateNetworkConditions } from '../browsers/chromium-network.ts';
import { chromiumBaseArgs, DISABLE_QUIC, resolveBrowser, type ResolvedBrowser } from '../browsers/registry.ts';
import { UsageError } from '../shared/usage-error.ts';
import { bytesForSeconds, calibrationRow, DEFAULT_PLAN, figureRows, type CalibrationRow } from './calibration.ts';
import type { ShapedLink } from './shaper.ts';

/**
 * Chromium for calibration, from the browser registry (`name`, default the machine's "chromium";
 * an unknown or missing browser is the registry's UsageError): the harness's base flags, no QUIC,
 * headless.
 */
export async function launchCalibrationChromium(name = 'chromium'): Promise<{ browser: Browser; resolved: ResolvedBrowser }> {
  const resolved = await resolveBrowser(name);
  if (resolved.engine !== 'chromium') {
    throw new UsageError(`--shaper devtools measures from a Chromium page; browser "${name}" is ${resolved.engine}`);
  }
  const browser = await chromium.launch({
    executablePath: resolved.executablePath,
    args: [...chromiumBaseArgs(), DISABLE_QUIC],
    env: { ...process.env, ...(resolved.env ?? {}) } as Record<string, string>,
    headless: true,
  });
  return { browser, resolved };
}

const payload = Buffer.alloc(1 << 20, 0x61);

/**
 * One HTTP/1.1 server on 127.0.0.1 and a fresh port. Routes: `/` (a tiny page), `/bytes?n=N`
 * (N bytes), `/upload` (POST; replies with the receive rate over the last 75 % in kbit/s).
 * Every response allows CORS and Resource Timing from any origin and is never cached.
 */
export async function startByteServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const headers = {
      'access-control-allow-origin': '*',
      'timing-allow-origin': '*',
      'cache-control': 'no-store',
    };
    if (url.pathname === '/upload') {
      const total = Number(req.headers['content-length'] ?? 0);
      let got = 0, markAt = 0, markBytes = 0;
      req.on('data', (chunk: Buffer) => {
        got += chunk.length;
        if (markAt === 0 && got >= total / 4) { markAt = performance.now(); markBytes = got; }
      });
      req.on('end', () => {
        const ms = performance.now() - markAt;
        const kbps = markAt > 0 && ms > 0 ? ((got - markBytes) * 8) / ms : 0;
        res.writeHead(200, { ...headers, 'content-type': 'text/plain' });
        res.end(String(kbps));
      });
      return;
    }
    if (url.pathname === '/bytes') {
      let left = Number(url.searchParams.get('n') ?? 2);
      res.writeHead(200, { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(left) });
      const pump = (): void => {
        while (left > 0) {
          const chunk = payload.subarray(0, Math.min(left, payload.length));
          left -= chunk.length;
          if (!res.write(chunk)) { res.once('drain', pump); return; }
        }
        res.end();
      };
      pump();
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': 'text/html' });
    res.end('<!doctype html><title>calibration</title>');
  });
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** What the page measured for one request (Resource Timing, plus fetch() wall time). */
interface FetchTiming {
  connectMs: number;
  /** startTime → responseEnd */
  ttlbMs: number;
  wallMs: number;
  protocol: string;
  bytes: number;
}

// Page scripts are strings: functions passed to page.evaluate would carry tsx's helpers along.
const FETCH_SCRIPT = (url: string): string => `(async () => {
  performance.clearResourceTimings();
  const url = ${JSON.stringify(url)};
  const t0 = performance.now();
  const res = await fetch(url, { cache: 'no-store' });
  const body = await res.arrayBuffer();
  const wallMs = performance.now() - t0;
  const e = performance.getEntriesByName(url).pop();
  return {
    connectMs: e ? e.connectEnd - e.connectStart : NaN,
    ttlbMs: e ? e.responseEnd - e.startTime : wallMs,
    wallMs, protocol: e ? e.nextHopProtocol : '', bytes: body.byteLength,
  };
})()`;

const DOWNLOAD_RATE_SCRIPT = (url: string, bytes: number): string => `(async () => {
  const res = await fetch(${JSON.stringify(url)}, { cache: 'no-store' });
  const reader = res.body.getReader();
  let got = 0, markAt = 0, markBytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    got += value.byteLength;
    if (markAt === 0 && got >= ${bytes} / 4) { markAt = performance.now(); markBytes = got; }
  }
  return ((got - markBytes) * 8) / (performance.now() - markAt);
})()`;

const UPLOAD_RATE_SCRIPT = (url: string, bytes: number): string => `(async () => {
  const res = await fetch(${JSON.stringify(url)}, { method: 'POST', body: new Uint8Array(${bytes}).fill(98), cache: 'no-store' });
  return Number(await res.text());
})()`;

async function fetchOnFreshPort(page: Page, pathAndQuery: string): Promise<FetchTiming> {
  const server = await startByteServer();
  try {
    return await page.evaluate(FETCH_SCRIPT(`http://127.0.0.1:${server.port}${pathAndQuery}`)) as FetchTiming;
  } finally {
    await server.close();
  }
}

export interface DevtoolsResult {
  connectMs: number[];
  pingMs: number[];
  fetchMs: Record<string, number[]>;
  /** fetch() wall times of the same fresh fetches, for comparison with Resource Timing. */
  fetchWallMs: Record<string, number[]>;
  downKbps: number;
  upKbps: number;
  protocol: string;
}

/** Run the plan from a fresh page (own context) of `browser`, throttled by `link.devtoolsConditions`. */
export async function measureInBrowser(link: ShapedLink, browser: Browser,
  plan: typeof DEFAULT_PLAN & { downBytes: number; upBytes: number }): Promise<DevtoolsResult> {
  const context = await browser.newContext();
  const home = await startByteServer();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (link.devtoolsConditions) await emulateNetworkConditions(cdp, link.devtoolsConditions);
    await page.goto(`http://127.0.0.1:${home.port}/`);
    const connectMs: number[] = [];
    let protocol = '';
    for (let i = 0; i < plan.connects; i++) {
      const t = await fetchOnFreshPort(page, '/bytes?n=2');
      connectMs.push(t.connectMs);
      protocol = t.protocol;
    }
    const pingMs: number[] = [];
    const pingUrl = `http://127.0.0.1:${home.port}/bytes?n=2`;
    if (plan.pings > 0) {
      await page.evaluate(FETCH_SCRIPT(pingUrl)); // warm-up (the navigation's connection is idle now)
      for (let i = 0; i < plan.pings; i++) pingMs.push((await page.evaluate(FETCH_SCRIPT(pingUrl)) as FetchTiming).ttlbMs);
    }
    const fetchMs: Record<string, number[]> = {};
    const fetchWallMs: Record<string, number[]> = {};
    for (const size of plan.fetchSizes) {
      fetchMs[size] = [];
      fetchWallMs[size] = [];
      for (let i = 0; i < plan.fetchRepeats; i++) {
        const t = await fetchOnFreshPort(page, `/bytes?n=${size}`);
        if (t.bytes !== size) throw new Error(`fetch of ${size} B returned ${t.bytes} B`);
        fetchMs[size]!.push(t.ttlbMs);
        fetchWallMs[size]!.push(t.wallMs);
      }
    }
    let downKbps = 0, upKbps = 0;
    if (plan.downBytes > 0) {
      const server = await startByteServer();
      try { downKbps = await page.evaluate(DOWNLOAD_RATE_SCRIPT(`http://127.0.0.1:${server.port}/bytes?n=${plan.downBytes}`, plan.downBytes)) as number; }
      finally { await server.close(); }
    }
    if (plan.upBytes > 0) {
      const server = await startByteServer();
      try { upKbps = await page.evaluate(UPLOAD_RATE_SCRIPT(`http://127.0.0.1:${server.port}/upload`, plan.upBytes)) as number; }
      finally { await server.close(); }
    }
    return { connectMs, pingMs, fetchMs, fetchWallMs, downKbps, upKbps, protocol };
  } finally {
    await context.close().catch(() => {});
    await home.close();
  }
}

/** Warm the browser up (process start-up competes for the cores) with one unthrottled load. */
export async function warmUp(browser: Browser): Promise<void> {
  const context = await browser.newContext();
  const server = await startByteServer();
  try {
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.evaluate(FETCH_SCRIPT(`http://127.0.0.1:${server.port}/bytes?n=100000`));
  } finally {
    await context.close().catch(() => {});
    await server.close();
  }
}

/** Rows in the same shape as calibrateLink's; the emulator CPU row is n/a (NaN). */
export async function calibrateDevtoolsLink(link: ShapedLink, browser: Browser, plan = DEFAULT_PLAN, rateSeconds = 2): Promise<CalibrationRow[]> {
  const p = link.profile;
  const shaper = link.info.shaper;
  const result = await measureInBrowser(link, browser, {
    ...plan, downBytes: bytesForSeconds(p.downKbps, rateSeconds), upBytes: bytesForSeconds(p.upKbps, rateSeconds),
  });
  const rows = figureRows(p, shaper, result, plan);
  const budget = 10 * Math.max(1, Math.max(p.downKbps, p.upKbps) / 10_000);
  rows.push({ ...calibrationRow(p, shaper, 'emulator cpu (% of a core)', '%', budget, Number.NaN), errorPct: Number.NaN, ok: '' });
  return rows;
}
