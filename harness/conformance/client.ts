// Client side of `pushbench conformance` (run inside the client namespace of the tun link):
//   node --import tsx client.ts '<ConformancePlan JSON>'
// A scripted HTTP/2 client that sends the priority signals a browser sends (RFC 9218 `priority`
// header and the RFC 7540 weight), measures one scenario on fresh connections and prints one
// {"type":"result",...} line with the timings in ms.
import http2 from 'node:http2';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';

export type Scenario = 'priority' | 'push' | 'hints';

export type ServerRole = 'plain' | 'push' | 'hints';

export interface ConformancePlan {
  scenario: Scenario;
  /** Origins of the server variants the scenario needs (h2, h2-push, early-hints). */
  /** Origin of each server role: plain HTTP/2, push, Early Hints (the harness picks the variants). */
  origins: Record<ServerRole, string>;
  repeats: number;
}

export interface ConformanceResult {
  type: 'result';
  scenario: Scenario;
  /** Per repetition, named timings in ms. */
  samples: Record<string, number>[];
}

const WINDOW = 16 << 20;

interface Fetch {
  /** From the request to its response headers and to its last byte, ms. */
  headersMs: number;
  endMs: number;
}

function connect(origin: string): Promise<http2.ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(origin, {
      rejectUnauthorized: false,
      settings: { initialWindowSize: WINDOW, enablePush: true },
      // Nagle off, as browsers have it: a small request must not wait for the server's delayed ACK.
      createConnection: (url: URL) => tls.connect({ host: url.hostname, port: Number(url.port), ALPNProtocols: ['h2'], rejectUnauthorized: false }).setNoDelay(true),
    });
    session.on('error', reject);
    session.on('stream', (pushed) => pushed.resume()); // take pushes, as a browser that allows them does
    session.once('connect', () => {
      session.setLocalWindowSize(WINDOW);
      resolve(session);
    });
  });
}

function fetch(session: http2.ClientHttp2Session, path: string, priority: string, weight: number, onFirstByte?: () => void, onHints?: (links: string[]) => void): Promise<Fetch> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let headersMs = NaN;
    const req = session.request({ ':path': path, priority }, { weight } as http2.ClientSessionRequestOptions);
    req.on('headers', (headers) => {
      if (headers[':status'] === 103 && onHints) onHints(String(headers.link ?? '').split(/,\s*(?=<)/));
    });
    req.on('response', () => { headersMs = performance.now() - start; });
    let first = true;
    req.on('data', () => {
      if (first) { first = false; onFirstByte?.(); }
    });
    req.on('end', () => resolve({ headersMs, endMs: performance.now() - start }));
    req.on('error', reject);
  });
}

/** A warm-up request, so the scenario starts on an established connection past its handshake. */
async function warmed(origin: string): Promise<http2.ClientHttp2Session> {
  const session = await connect(origin);
  await fetch(session, '/robots.txt', 'u=3', 16);
  return session;
}

const PRIORITY_OF: Record<string, [string, number]> = { style: ['u=0', 256], font: ['u=0', 256], script: ['u=1', 220], image: ['u=5', 16] };

async function scenario(plan: ConformancePlan): Promise<Record<string, number>> {
  const o = plan.origins;
  if (plan.scenario === 'priority') {
    // (a) The stylesheet alone, then requested while a large low-priority image is in flight.
    const alone = await warmed(o.plain);
    const css = await fetch(alone, '/site.css', 'u=0', 256);
    alone.close();
    const busy = await warmed(o.plain);
    let cssDuring: Promise<Fetch> | undefined;
    const image = fetch(busy, '/big.jpg', 'u=5', 16, () => { cssDuring = fetch(busy, '/site.css', 'u=0', 256); });
    await image;
    const during = await cssDuring!;
    busy.close();
    return { cssAloneMs: css.endMs, cssDuringImageMs: during.endMs };
  }
  if (plan.scenario === 'push') {
    // (b) The HTML's first and last byte, from a server that pushes and from one that does not.
    const out: Record<string, number> = {};
    for (const role of ['plain', 'push'] as const) {
      const session = await warmed(o[role]);
      const page = await fetch(session, '/', 'u=0, i', 256);
      session.close();
      out[`${role}HeadersMs`] = page.headersMs;
      out[`${role}EndMs`] = page.endMs;
    }
    return out;
  }
  // (c) The HTML after the think time, with the hinted responses requested as the 103 arrives.
  const out: Record<string, number> = {};
  for (const role of ['plain', 'hints'] as const) {
    const session = await warmed(o[role]);
    const hinted: Promise<Fetch>[] = [];
    const page = await fetch(session, '/', 'u=0, i', 256, undefined, (links) => {
      for (const link of links) {
        const path = /<([^>]+)>/.exec(link)?.[1];
        const as = /as=(\w+)/.exec(link)?.[1] ?? 'fetch';
        const [priority, weight] = PRIORITY_OF[as] ?? ['u=3', 147];
        if (path) hinted.push(fetch(session, path, priority, weight));
      }
    });
    await Promise.all(hinted);
    session.close();
    out[`${role}EndMs`] = page.endMs;
  }
  return out;
}

if (process.argv[2]) {
  const plan = JSON.parse(process.argv[2]) as ConformancePlan;
  const samples: Record<string, number>[] = [];
  for (let i = 0; i < plan.repeats; i++) samples.push(await scenario(plan));
  const result: ConformanceResult = { type: 'result', scenario: plan.scenario, samples };
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}
