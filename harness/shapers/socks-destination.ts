// Where the proxy shaper's SOCKS5 server may connect. A measured page never leaves the machine: the
// proxy runs beside the servers on this machine's loopback, so an address literal must be loopback,
// and a host name must be one the config maps to a local server (config hosts) or localhost. Anything else is refused, never looked up: browsers
// hand SOCKS5 proxies the host name unresolved, so a lookup here would leave the machine.
import { isIP } from 'node:net';

export function socksDestination(host: string, port: number, hosts: Readonly<Record<string, string>>): { host: string; port: number } | null {
  const name = host.toLowerCase();
  const mapped = Object.hasOwn(hosts, name) ? hosts[name] : undefined; // never an inherited "constructor"
  if (mapped !== undefined) {
    const at = mapped.lastIndexOf(':');
    return { host: mapped.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(mapped.slice(at + 1)) };
  }
  if (host.toLowerCase() === 'localhost') return { host: '127.0.0.1', port };
  const family = isIP(host);
  if (family === 4 && host.startsWith('127.')) return { host, port };
  if (family === 6 && (host === '::1' || host === '0:0:0:0:0:0:0:1')) return { host, port };
  return null;
}
