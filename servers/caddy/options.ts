// What startCaddyServers takes, and its checks: everything a user can get wrong is a UsageError
// before any file is written or process started.
import { UsageError } from '../../harness/shared/usage-error.ts';
import { VARIANT_NAMES, VARIANT_TRAITS, variantsWhere, type ServerFamily, type VariantName } from '../../harness/shared/variants.ts';
import { PUSH_SETS } from '../delivery/push-set.ts';
import { assertAllowedHost, assertPort } from '../listen.ts';
import type { Delivery, TlsMaterial, Topology } from '../types.ts';

export interface CaddyServersOptions {
  variants: readonly VariantName[];
  /** The static site (with its manifest); Caddy serves a copy of it (served-tree.ts). */
  siteDir: string;
  /** 127.0.0.1 or a 10.x address inside the project's own namespace. */
  host: string;
  tls: TlsMaterial;
  /** Caddy honours `push` (what push variants push); sendQueue and priorities are pushbench's own. */
  delivery: Delivery;
  /** direct: Caddy serves the files; edge: Caddy in front of pushbench's thinking HTTP/1.1 origin. */
  topology: Topology;
  /** The think time of each variant's pages (ms); more than 0 needs topology edge. Not read when `sites` is given. */
  thinkMs: number | ((variant: VariantName) => number);
  /**
   * One site per entry instead of one per variant at `thinkMs`: a variant may then be served at
   * several think times (a think-time sweep), each site under its own name. Every site's variant
   * must be in `variants`.
   */
  sites?: readonly CaddySite[];
  /** Access logs go to `<wireLogDir>/caddy-<site name>.jsonl` (the variant's name without `sites`), the generated config to caddy.Caddyfile. */
  wireLogDir: string;
  /** Caddy's own folder: its config, HOME, storage, certificate, served trees. */
  stateDir: string;
  /** 0 picks free ports; N gives the variants N, N+1, … */
  port: number;
  /** Command Caddy is started through (e.g. one entering a network namespace; it must exec). */
  commandPrefix?: readonly string[];
  /** Page → the pages likely opened next, for the prefetch variant's tags (ServerOptions.nextPages). */
  nextPages?: Record<string, string[]>;
}

/** One of Caddy's sites: a variant at a think time, its access log named after `name`. */
export interface CaddySite {
  variant: VariantName;
  thinkMs: number;
  /** e.g. "h2" or "h2+t150": the access log is caddy-<name>.jsonl. */
  name: string;
}

export interface CheckedCaddyOptions extends CaddyServersOptions {
  thinkMsOf(variant: VariantName): number;
  /** The sites to serve, in order: `sites`, or one per variant (named after it) at `thinkMs`. */
  sites: CaddySite[];
}

const CADDY: ServerFamily = 'caddy';

function checkVariant(variant: VariantName): void {
  if (!(VARIANT_NAMES as readonly string[]).includes(variant)) {
    throw new UsageError(`variants: unknown variant ${variant}; valid variants: ${VARIANT_NAMES.join(', ')}`);
  }
  const { families } = VARIANT_TRAITS[variant];
  if (!families.includes(CADDY)) {
    const caddyCan = variantsWhere((v) => v.families.includes(CADDY));
    throw new UsageError(
      `variants: ${variant} is not implemented by caddy (only by ${families.join(', ')}); serve it with ${families.join(' or ')}, or pick one caddy implements: ${caddyCan.join(', ')}`,
    );
  }
}

function checkThinkMs(variant: VariantName, ms: number, topology: Topology): void {
  if (!Number.isFinite(ms) || ms < 0) throw new UsageError(`think-ms ${ms} (${variant}): must be a number of milliseconds ≥ 0`);
  if (ms > 0 && topology === 'direct') {
    throw new UsageError(
      `think-ms ${ms} (${variant}): Caddy serves files without a think time; use topology edge (Caddy in front of pushbench's thinking origin), or think-ms 0 for caddy`,
    );
  }
}

export function checkCaddyOptions(options: CaddyServersOptions): CheckedCaddyOptions {
  if (options.variants.length === 0) throw new UsageError('variants: none given for caddy; name at least one');
  const duplicate = options.variants.find((v, i) => options.variants.indexOf(v) !== i);
  if (duplicate) throw new UsageError(`variants: ${duplicate} is listed twice; list each variant once`);
  if (options.topology !== 'direct' && options.topology !== 'edge') throw new UsageError(`--topology ${options.topology}: must be direct or edge`);
  assertAllowedHost(options.host);
  assertPort(options.port);
  if (!PUSH_SETS.includes(options.delivery.push)) throw new UsageError(`--push ${options.delivery.push}: must be one of ${PUSH_SETS.join(', ')}`);
  const thinkMs = options.thinkMs;
  const thinkMsOf = typeof thinkMs === 'number' ? () => thinkMs : thinkMs;
  for (const variant of options.variants) checkVariant(variant);
  const sites = options.sites ? [...options.sites] : options.variants.map((variant) => ({ variant, thinkMs: thinkMsOf(variant), name: variant }));
  const twice = sites.find((s, i) => sites.findIndex((t) => t.name === s.name) !== i);
  if (twice) throw new UsageError(`sites: ${twice.name} is named twice; name each site once`);
  for (const site of sites) {
    if (!options.variants.includes(site.variant)) throw new UsageError(`sites: ${site.name} serves ${site.variant}, which variants does not list; add it to variants`);
    checkThinkMs(site.variant, site.thinkMs, options.topology);
  }
  if (options.port !== 0) assertPort(options.port + sites.length - 1);
  return { ...options, thinkMsOf, sites };
}
