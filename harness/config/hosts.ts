// Config `hosts`: host names a page names that should reach a server on this machine instead of
// nothing ({ "fonts.example.test": "127.0.0.1:4100" }). Every other name stays unresolvable (a
// measured page never leaves the machine). The browser reaches a mapped host through the run's link
// (harness/run/host-routes.ts), so its traffic is shaped like the servers'.
import { isIP } from 'node:net';
import { UsageError } from '../shared/usage-error.ts';

const FIELD = 'hosts (config "hosts" or PUSHBENCH_HOSTS=name=127.0.0.1:PORT,…)';
const TARGET = /^(.+):(\d{1,5})$/;
/** 127.0.0.0/8 as a real address (not "127.999.0.1", which would be looked up as a name), [::1] or localhost. */
const isLoopback = (host: string) => host.toLowerCase() === 'localhost' || host === '[::1]' || (isIP(host) === 4 && host.startsWith('127.'));

/** Host name → "127.0.0.1:PORT", checked; a UsageError naming the entry and the fix otherwise. */
export function resolveHosts(input: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, target] of Object.entries(input)) {
    const name = rawName.trim().toLowerCase();
    if (isIP(name) || name === 'localhost' || !/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(name)) {
      throw new UsageError(`${FIELD}: "${rawName}" is not a host name to map; give a name a page uses, e.g. fonts.example.test`);
    }
    const m = TARGET.exec(target.trim());
    if (!m || !isLoopback(m[1]!) || Number(m[2]) < 1 || Number(m[2]) > 65535) {
      throw new UsageError(`${FIELD}: "${rawName}" → "${target}" must be a server on this machine's loopback with its port, e.g. 127.0.0.1:4100`);
    }
    out[name] = `${m[1]!.toLowerCase() === 'localhost' ? '127.0.0.1' : m[1]}:${m[2]}`;
  }
  return out;
}

/** "a.test=127.0.0.1:4100,b.test=127.0.0.1:4200" → { "a.test": "127.0.0.1:4100", … }. */
export function parseHostsEnv(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`PUSHBENCH_HOSTS: "${item}" must be name=127.0.0.1:PORT`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}
