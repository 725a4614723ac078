// Reaching a loopback port that a browser opened *inside* a shaper's network namespace.
//
// Why: with the tun shaper the browser runs behind `ip netns exec pb-c<S>`, so the control port it
// listens on (Firefox's WebDriver BiDi WebSocket, Chromium's DevTools port for Lighthouse) is on
// that namespace's own 127.0.0.1, which the harness (root namespace) cannot connect to. The file
// system is shared, though. So a tiny relay is started inside the namespace (same command prefix):
// it listens on a Unix socket in the temp folder and forwards every connection on it to the port.
// Callers either connect to the Unix socket directly (`connectUnix`, e.g. as a WebSocket's
// createConnection, which keeps the Host header the browser expects) or ask for a plain TCP port on
// the outside loopback that forwards to it (`exposeOnLoopback`, for clients that only take a port,
// like Lighthouse).
//
// The relay process is plain JavaScript (`node -e`, no tsx) so it starts fast, stays in its
// parent's process group (Playwright kills the group) and exits when its stdin closes (removing its
// socket), so it never outlives the process that started it. With no prefix it runs here and
// relays to this machine's loopback, the other way round: for a process inside a namespace to reach
// a server here (the user's origin, a mapped host).

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const INSIDE_RELAY = `
const net = require('node:net');
const [sock, host, port] = process.argv.slice(1);
net.createServer((c) => {
  const u = net.connect(Number(port), host);
  c.pipe(u); u.pipe(c);
  c.on('error', () => u.destroy()); u.on('error', () => c.destroy());
  c.on('close', () => u.destroy()); u.on('close', () => c.destroy());
}).listen(sock, () => console.log('ready'));
// Its parent stopped it or died: the socket goes with it.
const gone = () => { try { require('node:fs').rmSync(sock, { force: true }); } catch {} process.exit(0); };
process.stdin.on('end', gone);
process.stdin.on('error', gone);
process.stdin.resume();
`;

let counter = 0;

export interface NamespaceRelay {
  /** Unix socket whose connections reach host:port inside the namespace. */
  readonly socketPath: string;
  /** A new connection to the port inside the namespace. */
  connect(): net.Socket;
  /** Stops the relay and removes its socket (idempotent). */
  close(): void;
}

/**
 * Starts a relay to `host:port` inside the namespace entered by `prefix` (e.g. ["ip","netns","exec",
 * "pb-c0"]), or, with [], to `host:port` on this machine's own loopback: how a process inside a
 * namespace (the edge, a mapped host's listener: harness/run/host-routes.ts) reaches a server here,
 * through the socket, without the bytes passing the harness's event loop.
 */
export async function relayIntoNamespace(prefix: readonly string[], port: number, host = '127.0.0.1'): Promise<NamespaceRelay> {
  const socketPath = path.join(os.tmpdir(), `pb-relay-${process.pid}-${++counter}.sock`);
  fs.rmSync(socketPath, { force: true });
  const command = [...prefix, process.execPath];
  const child: ChildProcess = spawn(command[0]!, [...command.slice(1), '-e', INSIDE_RELAY, socketPath, host.replace(/^\[|\]$/g, ''), String(port)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    child.stdin?.end();
    child.kill('SIGKILL');
    fs.rmSync(socketPath, { force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('namespace relay did not start within 10 s')), 10_000);
      createInterface({ input: child.stdout! }).once('line', () => { clearTimeout(timer); resolve(); });
      child.once('error', (err) => { clearTimeout(timer); reject(err); });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`namespace relay exited (${code})`)); });
    });
  } catch (err) {
    close();
    throw err;
  }
  child.stdin!.on('error', () => {});
  return { socketPath, connect: () => net.connect(socketPath), close };
}

/** Listens on 127.0.0.1:<free port> here and forwards each connection through `relay`. */
export async function exposeOnLoopback(relay: NamespaceRelay): Promise<{ port: number; close(): void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((c) => {
    const u = relay.connect();
    sockets.add(c).add(u);
    c.pipe(u); u.pipe(c);
    for (const [a, b] of [[c, u], [u, c]] as const) {
      a.on('error', () => b.destroy());
      a.on('close', () => { b.destroy(); sockets.delete(a); });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}
