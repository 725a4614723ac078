// startCaddyServers: pushbench's variants served by Caddy 2.6 (the "caddy" server family), one site
// per variant (or, with options `sites`, per variant and think time) on its own port, all in one
// Caddy process. Direct: Caddy serves the files. Edge: Caddy in front of pushbench's own thinking
// HTTP/1.1 origin (edge.ts), which serves the pages' HTML after the think time, while Caddy serves
// the assets and sends the 103 / Link / pushes itself.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VARIANT_TRAITS, type VariantName } from '../../harness/shared/variants.ts';
import { startOrigin, type Origin } from '../edge.ts';
import type { ResolvedOptions } from '../front-server.ts';
import { originOf } from '../listen.ts';
import type { Delivery, RunningServer, TlsMaterial } from '../types.ts';
import { caddyfileFor, type CaddySiteSpec } from './caddyfile.ts';
import { caddyVersion, startCaddy } from './caddy-process.ts';
import { checkCaddyOptions, type CaddyServersOptions, type CheckedCaddyOptions } from './options.ts';
import { choosePorts } from './ports.ts';
import { writeSiteViews, type SiteView } from './site-views.ts';

export type { CaddyServersOptions, CaddySite } from './options.ts';
export { checkCaddyOptions } from './options.ts';
export { caddyVersion } from './caddy-process.ts';

/** The access log of a site, by its name (the variant's, or options `sites`' name). */
export function accessLogPath(wireLogDir: string, name: string): string {
  return join(wireLogDir, `caddy-${name}.jsonl`);
}

/** The run's certificate and key as files for Caddy (key readable by this user only). */
async function writeTlsFiles(stateDir: string, tls: TlsMaterial): Promise<{ certPath: string; keyPath: string }> {
  const certPath = join(stateDir, 'cert.pem');
  const keyPath = join(stateDir, 'key.pem');
  await writeFile(certPath, tls.certPem, { mode: 0o600 });
  await writeFile(keyPath, tls.keyPem, { mode: 0o600 });
  await chmod(keyPath, 0o600); // mode applies only to a new file
  return { certPath, keyPath };
}

function resolvedFor(opts: CheckedCaddyOptions, variant: VariantName, thinkMs: number): ResolvedOptions {
  const { siteDir, host, topology, tls, delivery } = opts;
  return { variant, siteDir, host, port: 0, thinkMs, topology, tls, delivery, nextPages: opts.nextPages ?? {} };
}

/** Edge: one thinking origin per served tree and think time, as each site's upstream (by site name); none in direct. */
async function startOrigins(opts: CheckedCaddyOptions, views: Map<VariantName, SiteView>, started: Origin[]): Promise<Map<string, string>> {
  const upstreams = new Map<string, string>();
  if (opts.topology !== 'edge') return upstreams;
  const byKey = new Map<string, string>();
  for (const site of opts.sites) {
    const treeDir = views.get(site.variant)!.tree.dir;
    const key = `${site.thinkMs} ${treeDir}`;
    let upstream = byKey.get(key);
    if (!upstream) {
      // The origin serves the tree's HTML (the variant's rewrite included) as pushbench's origin does.
      const origin = await startOrigin({ ...resolvedFor(opts, site.variant, site.thinkMs), siteDir: treeDir });
      started.push(origin);
      upstream = new URL(originOf(opts.host, origin.port)).host;
      byKey.set(key, upstream);
    }
    upstreams.set(site.name, upstream);
  }
  return upstreams;
}

/** Closes everything once the last server is closed; each server's close() counts once. */
function sharedCloser(count: number, closeAll: () => Promise<void>): () => () => Promise<void> {
  let open = count;
  let closing: Promise<void> | undefined;
  return () => {
    let closed = false;
    return async () => {
      if (!closed) {
        closed = true;
        if (--open === 0) closing = closeAll();
      }
      await closing;
    };
  };
}

/**
 * What Caddy's servers do of pushbench's delivery settings: its TCP sockets keep the kernel's
 * send queue (Go sets no TCP_NOTSENT_LOWAT: "unlimited"), `push` is the push handler's list, and
 * no `priorities` (Go's HTTP/2 and quic-go schedule by themselves). Over QUIC the sender is
 * quic-go in user space: its congestion control, not the kernel's, is the row's.
 */
export const QUIC_CONGESTION_CONTROL = 'quic-go newreno+hystart (iw 32)';

function deliveryOf(variant: VariantName, delivery: Delivery): Pick<RunningServer, 'delivery' | 'congestionControl'> {
  if (VARIANT_TRAITS[variant].transport === 'quic') return { delivery: { push: delivery.push }, congestionControl: QUIC_CONGESTION_CONTROL };
  return { delivery: { sendQueue: 'unlimited', push: delivery.push } };
}

export async function startCaddyServers(options: CaddyServersOptions): Promise<RunningServer[]> {
  const opts = checkCaddyOptions(options);
  const serverVersion = await caddyVersion(); // also: a UsageError when caddy is not installed
  await mkdir(opts.stateDir, { recursive: true });
  await mkdir(opts.wireLogDir, { recursive: true });
  const { certPath, keyPath } = await writeTlsFiles(opts.stateDir, opts.tls);
  // A view per variant (the think time plays no part in it), a port per site.
  const views = await writeSiteViews([...new Set(opts.sites.map((s) => s.variant))], opts.stateDir, (v) => resolvedFor(opts, v, 0));
  const ports = await choosePorts(opts.host, opts.port, opts.sites.map((s) => ({ udp: VARIANT_TRAITS[s.variant].transport === 'quic' })));

  const origins: Origin[] = [];
  const closeOrigins = () => Promise.all(origins.map((o) => o.close())).then(() => undefined);
  let stopCaddy: () => Promise<void>;
  try {
    const upstreams = await startOrigins(opts, views, origins);
    const sites: CaddySiteSpec[] = opts.sites.map(({ variant, name }, i) => {
      const { tree, pages } = views.get(variant)!;
      const traits = VARIANT_TRAITS[variant];
      return {
        variant, host: opts.host, port: ports[i]!, protocol: traits.protocol, early: traits.early,
        certPath, keyPath, servedDir: tree.dir, accessLogPath: accessLogPath(opts.wireLogDir, name),
        pages, push: opts.delivery.push, extensions: tree.extensions, upstream: upstreams.get(name),
      };
    });
    const caddyfile = caddyfileFor({ stateDir: opts.stateDir, sites });
    await writeFile(join(opts.wireLogDir, 'caddy.Caddyfile'), caddyfile); // kept with the logs
    stopCaddy = (await startCaddy({ caddyfile, stateDir: opts.stateDir, commandPrefix: opts.commandPrefix })).stop;
  } catch (err) {
    await closeOrigins();
    throw err;
  }

  const closer = sharedCloser(opts.sites.length, async () => {
    await stopCaddy();
    await closeOrigins();
  });
  return opts.sites.map(({ variant, name }, i): RunningServer => ({
    server: 'caddy',
    serverVersion,
    variant,
    topology: opts.topology,
    origin: originOf(opts.host, ports[i]!),
    host: opts.host,
    port: ports[i]!,
    protocol: VARIANT_TRAITS[variant].protocol,
    spkiSha256: opts.tls.spkiSha256,
    wireLogPath: accessLogPath(opts.wireLogDir, name),
    wireLogFormat: 'caddy-access',
    ...deliveryOf(variant, opts.delivery),
    close: closer(),
  }));
}
