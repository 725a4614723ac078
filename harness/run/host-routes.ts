// Config `hosts` made reachable for one profile's link: where the browser connects for each mapped
// host name (Chromium's --host-resolver-rules MAP name → that address; the proxy shaper's own map).
//   - loopback links (none, proxy, devtools): the server on this machine's loopback, as given;
//   - namespace links (tun): a listener inside the server namespace, on the servers' own address,
//     forwarding through a Unix socket to a relay outside (relayIntoNamespace with no prefix:
//     harness/browsers/namespace-relay.ts) and on to the server.
//     The browser's traffic to the mapped host so crosses the shaped link, as the servers' does.
import { spawn, type ChildProcess } from 'node:child_process';
import { spkiSha256 } from '../../servers/tls.ts';
import tls from 'node:tls';
import { createInterface } from 'node:readline';
import type { ShapedLink } from '../shapers/shaper.ts';
import { relayIntoNamespace, type NamespaceRelay } from '../browsers/namespace-relay.ts';

/** A host name the browser resolves to a local server (config hosts; harness/run/host-routes.ts). */
export interface MappedHost {
  name: string;
  /** "address:port" the browser connects to for it. */
  address: string;
  /** Its certificate's SPKI sha256, pinned like the run's own; absent for a plain-HTTP server. */
  spkiSha256?: string;
}

export interface HostRoutes {
  /** One per mapped host name: where the browser connects for it, and its certificate's pin. */
  readonly routes: readonly MappedHost[];
  close(): Promise<void>;
}

/**
 * The certificate a mapped server presents, pinned like the run's own (its SPKI sha256), so an
 * https page can use it; undefined when it speaks plain HTTP (no TLS handshake in 3 s).
 */
export async function spkiOf(target: string, servername: string): Promise<string | undefined> {
  const at = target.lastIndexOf(':');
  return new Promise((resolve) => {
    const socket = tls.connect({ host: target.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(target.slice(at + 1)), servername, rejectUnauthorized: false, ALPNProtocols: ['h2', 'http/1.1'] });
    const done = (spki: string | undefined) => { socket.destroy(); resolve(spki); };
    socket.setTimeout(3000, () => done(undefined));
    socket.once('error', () => done(undefined));
    socket.once('secureConnect', () => {
      const cert = socket.getPeerX509Certificate();
      done(cert ? spkiSha256(cert.toString()) : undefined);
    });
  });
}

/** Plain JavaScript (no tsx) so it starts fast; exits when its stdin closes, with its parent. */
const INSIDE_LISTENER = `
const net = require('node:net');
const [sock, host] = process.argv.slice(1);
const server = net.createServer((c) => {
  const u = net.connect(sock);
  c.pipe(u); u.pipe(c);
  c.on('error', () => u.destroy()); u.on('error', () => c.destroy());
  c.on('close', () => u.destroy()); u.on('close', () => c.destroy());
}).listen(0, host, () => console.log(JSON.stringify({ port: server.address().port })));
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
`;

const START_TIMEOUT_MS = 10_000;

async function listenInside(prefix: readonly string[], host: string, socketPath: string): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(prefix[0]!, [...prefix.slice(1), process.execPath, '-e', INSIDE_LISTENER, socketPath, host], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d; });
  const why = (what: string) => new Error(`the listener for a mapped host in the server namespace ${what}: ${stderr.trim() || 'nothing on stderr'}`);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(why(`did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      createInterface({ input: child.stdout! }).once('line', (line) => {
        clearTimeout(timer);
        const port = Number(/"port":(\d+)/.exec(line)?.[1]);
        if (port > 0) resolve(port);
        else reject(why(`said "${line}" instead of its port`));
      });
      child.once('exit', (code) => { clearTimeout(timer); reject(why(`exited (code ${code})`)); });
    });
    return { port, child };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}

export async function openHostRoutes(hosts: Readonly<Record<string, string>>, link: Pick<ShapedLink, 'serverHost' | 'serverCommandPrefix'>): Promise<HostRoutes> {
  const pins = new Map<string, string | undefined>();
  for (const [name, target] of Object.entries(hosts)) pins.set(name, await spkiOf(target, name));
  const route = (name: string, address: string): MappedHost => ({ name, address, ...(pins.get(name) ? { spkiSha256: pins.get(name) } : {}) });
  if (link.serverCommandPrefix.length === 0) return { routes: Object.entries(hosts).map(([name, target]) => route(name, target)), close: async () => {} };
  const relays: NamespaceRelay[] = [];
  const children: ChildProcess[] = [];
  const routes: MappedHost[] = [];
  const close = async () => {
    for (const child of children) child.kill('SIGKILL');
    for (const relay of relays) relay.close();
  };
  try {
    for (const [name, target] of Object.entries(hosts)) {
      const at = target.lastIndexOf(':');
      const relay = await relayIntoNamespace([], Number(target.slice(at + 1)), target.slice(0, at));
      relays.push(relay);
      const inside = await listenInside(link.serverCommandPrefix, link.serverHost, relay.socketPath);
      children.push(inside.child);
      routes.push(route(name, `${link.serverHost}:${inside.port}`));
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { routes, close };
}
