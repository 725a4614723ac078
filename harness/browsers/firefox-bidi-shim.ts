// Stands in for the Firefox executable when Playwright drives Debian's firefox-esr over WebDriver BiDi.
//
// Why: Playwright 1.65's BiDi backend sends `emulation.setMediaFeaturesOverride` unconditionally when
// it creates a browser context (BidiBrowserContext.initialize → doUpdateDefaultEmulatedMedia), and
// Firefox 153 ESR does not implement that command, so newPage() fails with "unknown command". No
// launch or context option skips the call. This shim runs the real Firefox, relays its output, and
// rewrites the "WebDriver BiDi listening on ws://…" line to point at a WebSocket relay of its own.
// The relay passes every message through unchanged except a setMediaFeaturesOverride that asks for
// no override (colour scheme null/undefined), which it answers "success" itself: that request is a
// no-op. A real override is passed on, so Firefox's own error reaches the caller.
//
// Inside a shaper's network namespace (PB_NS_PREFIX, a JSON command prefix such as
// ["ip","netns","exec","pb-c0"]), Firefox is started behind that prefix and its WebSocket is on the
// namespace's own loopback, out of the harness's reach. The relay then connects upstream through a
// Unix socket relay inside the namespace (harness/browsers/namespace-relay.ts), still with
// Firefox's own ws://127.0.0.1:<port> URL: Firefox refuses a handshake whose Host header names
// another port, so the upstream connection must look as if it were made inside.
//
// Run as: node --import tsx firefox-bidi-shim.ts <firefox args…>, real binary in PB_REAL_FIREFOX,
// optional command prefix in PB_NS_PREFIX.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { createInterface } from 'node:readline';
import { relayIntoNamespace, type NamespaceRelay } from './namespace-relay.ts';

// playwright-core exports its bundled `ws` here; no extra dependency.
interface Socket {
  readyState: number;
  send(data: string): void;
  close(): void;
  on(event: 'open' | 'close' | 'error', listener: () => void): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
}
interface SocketServer {
  once(event: 'listening', listener: () => void): void;
  on(event: 'connection', listener: (socket: Socket, request: { url?: string }) => void): void;
  address(): AddressInfo | string | null;
}
const { ws: WebSocket, wsServer: WebSocketServer } = createRequire(import.meta.url)('playwright-core/lib/utilsBundle') as {
  ws: { new (url: string, options?: { perMessageDeflate?: boolean; createConnection?: () => NetSocket }): Socket; OPEN: number };
  wsServer: new (options: { host: string; port: number }) => SocketServer;
};

const LISTENING = /WebDriver BiDi listening on (ws:\/\/\S+)/;

/** The command prefix from PB_NS_PREFIX ([] when unset): must be a JSON array of strings. */
export function namespacePrefix(env: NodeJS.ProcessEnv = process.env): string[] {
  if (!env.PB_NS_PREFIX) return [];
  const prefix = JSON.parse(env.PB_NS_PREFIX) as unknown;
  if (!Array.isArray(prefix) || !prefix.every((p) => typeof p === 'string')) throw new Error('PB_NS_PREFIX must be a JSON array of strings');
  return prefix;
}

export function isNoOpMediaOverride(message: unknown): boolean {
  if (!message || typeof message !== 'object') return false;
  const { method, params } = message as { method?: unknown; params?: { features?: Record<string, unknown> } };
  if (method !== 'emulation.setMediaFeaturesOverride') return false;
  const features = params?.features ?? {};
  return Object.values(features).every((value) => value === null || value === undefined);
}

async function main(): Promise<void> {
  const realFirefox = process.env.PB_REAL_FIREFOX;
  if (!realFirefox) throw new Error('PB_REAL_FIREFOX is not set');
  const prefix = namespacePrefix();
  const command = [...prefix, realFirefox, ...process.argv.slice(2)];
  const firefox = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let nsRelay: NamespaceRelay | undefined;
  firefox.on('exit', (code, signal) => {
    nsRelay?.close();
    process.exit(code ?? (signal ? 1 : 0));
  });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => firefox.kill(signal));
  }

  // Firefox prints the line on stderr; check both streams to be safe.
  for (const [stream, out] of [[firefox.stdout, process.stdout], [firefox.stderr, process.stderr]] as const) {
    createInterface({ input: stream }).on('line', (line) => {
      const match = LISTENING.exec(line);
      if (!match) {
        out.write(line + '\n');
        return;
      }
      const upstream = new URL(match[1]!);
      const connect = prefix.length === 0
        ? Promise.resolve(undefined)
        : relayIntoNamespace(prefix, Number(upstream.port), upstream.hostname).then((r) => { nsRelay = r; return () => r.connect(); });
      connect.then((createConnection) => startRelay(match[1]!, createConnection)).then(
        (relayUrl) => out.write(line.replace(match[1]!, relayUrl) + '\n'),
        (err: unknown) => { process.stderr.write(`firefox-bidi-shim: ${String(err)}\n`); firefox.kill('SIGKILL'); },
      );
    });
  }
}

async function startRelay(upstreamBase: string, createConnection?: () => NetSocket): Promise<string> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (client, request) => {
    const upstream = new WebSocket(upstreamBase.replace(/\/$/, '') + (request.url ?? ''), { perMessageDeflate: false, createConnection });
    const pending: string[] = [];
    upstream.on('open', () => { for (const m of pending.splice(0)) upstream.send(m); });
    upstream.on('message', (data) => client.send(data.toString()));
    upstream.on('close', () => client.close());
    upstream.on('error', () => client.close());
    client.on('close', () => upstream.close());
    client.on('message', (data) => {
      const text = data.toString();
      const message = JSON.parse(text) as { id?: number };
      if (isNoOpMediaOverride(message)) {
        client.send(JSON.stringify({ type: 'success', id: message.id, result: {} }));
        return;
      }
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else pending.push(text);
    });
  });
  const { port } = server.address() as AddressInfo;
  return `ws://127.0.0.1:${port}`;
}

// Only run when executed, not when imported (tests import isNoOpMediaOverride).
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  main().catch((err: unknown) => {
    process.stderr.write(`firefox-bidi-shim: ${String(err)}\n`);
    process.exit(1);
  });
}
