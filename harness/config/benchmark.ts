// The benchmark matrix, declared once as a typed, schema-validated object (`defineBenchmark`),
// then narrowed from the shell with PUSHBENCH_* variables. Everything is validated before
// any browser starts; a bad value names the dimension and lists the valid values.

import path from 'node:path';
import { z } from 'zod';
import { UsageError } from '../shared/usage-error.ts';
import { type Topology } from '../../servers/types.ts';
import { BASELINE_VARIANT, DEFAULT_SERVER_FAMILY, DEFAULT_VARIANTS, SERVER_FAMILIES, VARIANT_NAMES, VARIANT_TRAITS, type VariantName } from '../shared/variants.ts';
import { armsOf, type Arm } from './arms.ts';
import { PRIORITIES } from '../../servers/delivery/scheduler.ts';
import { PUSH_SETS } from '../../servers/delivery/push-set.ts';
import type { NetworkProfile } from './profile.ts';
import { resolveProfile, PRESETS } from './profiles.ts';
import { isKnownBrowserName } from '../browsers/registry.ts';
import { parseThinkSpec, thinksAtAll, type ThinkTimes } from './think-time.ts';
import { parseOriginUrl } from '../../sites/origin-url.ts';
import { parseHostsEnv, resolveHosts } from './hosts.ts';
import { secondOriginsOf } from '../../sites/site-origins.ts';
import { assertDistinctNames, journeySchema, parseJourneyEnv, SHELL_JOURNEY_NAME } from './journeys.ts';

export const CACHE_STATES = ['cold', 'warm', 'warm-conn'] as const;
export type CacheState = (typeof CACHE_STATES)[number];
/** How a load that starts from nothing (cold, warm-conn) is isolated from the loads before it. */
export const ISOLATIONS = ['context', 'process'] as const;
export type Isolation = (typeof ISOLATIONS)[number];
export const SHAPER_CHOICES = ['auto', 'none', 'tun', 'netem', 'proxy', 'devtools'] as const;

/** Whether loads record a filmstrip unless the config says (see the schema's `filmstrip`). */
export const FILMSTRIP_DEFAULT = false;

const schema = z.strictObject({
  /** Static site folder (absolute, or relative to the project root). */
  site: z.string().min(1).default('sites/blog'),
  /**
   * Your own running server instead of a site folder, e.g. "http://127.0.0.1:3000" (loopback only):
   * pushbench's edge sits in front of it (topology edge) and copies the pages' files at the run's
   * start (sites/origin-copy.ts). Replaces "site"; the think time is your server's own.
   */
  origin: z.string().min(1).optional(),
  /** Host names mapped to a server on this machine's loopback, e.g. { "fonts.example.test": "127.0.0.1:4100" } (harness/config/hosts.ts). */
  hosts: z.record(z.string(), z.string()).default({}),
  /** URL paths to load. */
  pages: z.array(z.string().startsWith('/')).min(1).default(['/']),
  /**
   * Sequences of navigations measured instead of `pages` (which then lists their steps): each step a
   * row, the browser's cache and connections kept between steps (harness/config/journeys.ts).
   */
  journeys: z.array(journeySchema).default([]),
  variants: z.array(z.enum(VARIANT_NAMES)).min(1).default(DEFAULT_VARIANTS),
  /**
   * Server implementations each variant is served by: "pushbench" (its own Node servers) and/or
   * "caddy" (Caddy with a generated config). A variant is measured on every listed server that
   * implements it (harness/config/arms.ts).
   */
  servers: z.array(z.enum(SERVER_FAMILIES)).min(1).default([DEFAULT_SERVER_FAMILY]),
  /** Preset names (harness/config/profiles.ts) or inline specs. */
  profiles: z.array(z.string().min(1)).min(1).default(['none']),
  /** "auto": tun where this machine allows it, otherwise proxy; "none" when every profile is "none". */
  shaper: z.enum(SHAPER_CHOICES).default('auto'),
  cache: z.array(z.enum(CACHE_STATES)).min(1).default(['cold', 'warm']),
  repeat: z.number().int().min(1).max(1000).default(3),
  /**
   * "context": a fresh browser context (own cache, sockets, TLS sessions, DNS cache) in a browser
   * process that stays up for the profile; "process": a fresh browser process and profile per load.
   * Engines that cannot isolate by context (Firefox here) use "process". See results/README.md.
   */
  isolation: z.enum(ISOLATIONS).default('context'),
  browsers: z.array(z.string().min(1)).min(1).default(['chromium', 'chromium-103']),
  /**
   * Server think time before the HTML response, ms: a number, a sweep such as "0,50,150" (every arm
   * measured at each), or a spec such as "50,h2-push:200" (harness/config/think-time.ts).
   */
  thinkMs: z.union([z.number().int().min(0).max(60_000), z.string().min(1)]).default(0),
  topology: z.enum(['direct', 'edge']).default('direct'),
  /**
   * TCP_NOTSENT_LOWAT of every browser-facing server socket, bytes, or "unlimited" (the kernel's
   * default: every written byte queued in the kernel, as a server without the setting does).
   */
  sendQueue: z.union([z.number().int().min(1).max(0xfffffffe), z.literal('unlimited')]).default(16_384),
  /** "on": HTTP/2 responses in the order the client's priority signals ask for; "round-robin"; "off": no scheduler (whole bodies to Node's http2). */
  priorities: z.enum(PRIORITIES).default('on'),
  /** What h2-push pushes: css (blocking CSS/JS), css+fonts, all (the manifest, LCP image included). */
  push: z.enum(PUSH_SETS).default('all'),
  /** Results root; each run gets results/<run-id>/. */
  out: z.string().min(1).default('results'),
  /** Parallel Playwright workers; loads on one machine never overlap unless you raise this. */
  workers: z.number().int().min(1).max(16).default(1),
  /** Navigation timeout per load, ms. */
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  /** Variant the others are compared against in summaries and the dashboard (when it was measured). */
  baseline: z.enum(VARIANT_NAMES).default(BASELINE_VARIANT),
  traces: z.strictObject({
    netlog: z.boolean().default(true),
    har: z.boolean().default(true),
    keylog: z.boolean().default(true),
  }).default({ netlog: true, har: true, keylog: true }),
  /** Skip loads already in runs.csv of the run being resumed. */
  resume: z.boolean().default(false),
  /** After each Chromium load, also run Lighthouse against the same URL (lh_* columns). */
  lighthouse: z.boolean().default(false),
  /**
   * Record the screen during each Chromium load (screencast frames; filmstrip and visual-metric
   * columns, the dashboard's side-by-side filmstrip). Its cost to FCP/LCP: results/README.md "Filmstrip".
   */
  filmstrip: z.boolean().default(FILMSTRIP_DEFAULT),
});

export type BenchmarkInput = z.input<typeof schema>;
export type BenchmarkConfig = z.output<typeof schema>;

/** A fully resolved benchmark: the config plus its profiles resolved to numbers. */
export interface Benchmark extends Omit<BenchmarkConfig, 'profiles' | 'variants' | 'thinkMs'> {
  variants: VariantName[];
  /** Every (server, variant, think time) arm measured, in config order: variants outer, servers, then think times (arms.ts). */
  arms: Arm[];
  /** Pairs of the config that no server implements, said once at the start ("caddy: h2-push-cache-aware"). */
  armsLeftOut: Arm[];
  thinkMs: ThinkTimes;
  topology: Topology;
  profiles: NetworkProfile[];
  /** Absolute site folder; with config origin '' until a run is opened (then its origin-copy/: run-context.ts). */
  siteDir: string;
  /** Absolute results root. */
  outDir: string;
}

/** Identity helper so a config file gets types and completion. */
export function defineBenchmark(input: BenchmarkInput): BenchmarkInput {
  return input;
}

/** The shell can narrow any dimension. Lists are comma-separated. */
type EnvKind = 'list' | 'int' | 'string' | 'bool' | 'int-or-string' | 'hosts' | 'journey';
const ENV_OVERRIDES: Record<string, { key: keyof BenchmarkConfig; kind: EnvKind }> = {
  PUSHBENCH_SITE: { key: 'site', kind: 'string' },
  PUSHBENCH_ORIGIN: { key: 'origin', kind: 'string' },
  PUSHBENCH_HOSTS: { key: 'hosts', kind: 'hosts' },
  PUSHBENCH_PAGES: { key: 'pages', kind: 'list' },
  PUSHBENCH_JOURNEY: { key: 'journeys', kind: 'journey' },
  PUSHBENCH_VARIANTS: { key: 'variants', kind: 'list' },
  PUSHBENCH_SERVERS: { key: 'servers', kind: 'list' },
  PUSHBENCH_PROFILES: { key: 'profiles', kind: 'list' },
  PUSHBENCH_SHAPER: { key: 'shaper', kind: 'string' },
  PUSHBENCH_CACHE: { key: 'cache', kind: 'list' },
  PUSHBENCH_REPEAT: { key: 'repeat', kind: 'int' },
  PUSHBENCH_ISOLATION: { key: 'isolation', kind: 'string' },
  PUSHBENCH_BROWSERS: { key: 'browsers', kind: 'list' },
  PUSHBENCH_THINK_MS: { key: 'thinkMs', kind: 'string' },
  PUSHBENCH_TOPOLOGY: { key: 'topology', kind: 'string' },
  PUSHBENCH_SEND_QUEUE: { key: 'sendQueue', kind: 'int-or-string' },
  PUSHBENCH_PRIORITIES: { key: 'priorities', kind: 'string' },
  PUSHBENCH_PUSH: { key: 'push', kind: 'string' },
  PUSHBENCH_OUT: { key: 'out', kind: 'string' },
  PUSHBENCH_WORKERS: { key: 'workers', kind: 'int' },
  PUSHBENCH_TIMEOUT_MS: { key: 'timeoutMs', kind: 'int' },
  PUSHBENCH_BASELINE: { key: 'baseline', kind: 'string' },
  PUSHBENCH_RESUME: { key: 'resume', kind: 'bool' },
  PUSHBENCH_LIGHTHOUSE: { key: 'lighthouse', kind: 'bool' },
  PUSHBENCH_FILMSTRIP: { key: 'filmstrip', kind: 'bool' },
};

function parseEnvValue(envName: string, raw: string, kind: EnvKind): unknown {
  switch (kind) {
    case 'hosts':
      return parseHostsEnv(raw);
    case 'journey':
      return [{ name: SHELL_JOURNEY_NAME, steps: parseJourneyEnv(raw) }];
    case 'int-or-string':
      return /^\d+$/.test(raw.trim()) ? Number(raw) : raw.trim();
    case 'list': {
      // "custom:rtt=100,down=5000,up=1000" is one item: a `key=value` piece belongs to the item before it.
      const items: string[] = [];
      for (const piece of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
        if (/^[a-z]+=/.test(piece) && items.length && items[items.length - 1]!.includes('=')) items[items.length - 1] += `,${piece}`;
        else items.push(piece);
      }
      return items;
    }
    case 'int': {
      if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${envName}="${raw}" must be a whole number`);
      return Number(raw);
    }
    case 'bool':
      if (/^(1|true|yes)$/i.test(raw)) return true;
      if (/^(0|false|no|)$/i.test(raw)) return false;
      throw new UsageError(`${envName}="${raw}" must be 1 or 0`);
    default:
      return raw.trim();
  }
}

/** Applies PUSHBENCH_* variables on top of the config file's values. */
export function applyEnvOverrides(input: BenchmarkInput, env: NodeJS.ProcessEnv): BenchmarkInput {
  const out: Record<string, unknown> = { ...input };
  for (const [envName, { key, kind }] of Object.entries(ENV_OVERRIDES)) {
    const raw = env[envName];
    if (raw === undefined || (raw === '' && kind !== 'bool')) continue;
    out[key] = parseEnvValue(envName, raw, kind);
  }
  // PUSHBENCH_DWELL_MS sets every journey's dwell time (the shell's journey and the config's).
  const dwell = env.PUSHBENCH_DWELL_MS;
  if (dwell !== undefined && dwell !== '') {
    const dwellMs = parseEnvValue('PUSHBENCH_DWELL_MS', dwell, 'int') as number;
    const journeys = (out.journeys ?? []) as Record<string, unknown>[];
    if (journeys.length === 0) throw new UsageError('PUSHBENCH_DWELL_MS: only with a journey (PUSHBENCH_JOURNEY=/,/posts/a.html or config "journeys")');
    out.journeys = journeys.map((j) => ({ ...j, dwellMs }));
  }
  return out as BenchmarkInput;
}

const ENV_NAME_OF: Record<string, string> = Object.fromEntries(
  Object.entries(ENV_OVERRIDES).map(([envName, { key }]) => [key, envName]),
);

/** Turns the first schema problem into one line naming the dimension and its valid values. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const key = String(issue.path[0] ?? '');
  const where = issue.path.length > 2 ? `${key}.${issue.path.slice(1).join('.')}` : key;
  const envHint = ENV_NAME_OF[key] ? ` (config "${key}" or ${ENV_NAME_OF[key]})` : '';
  if (issue.code === 'invalid_value' && 'values' in issue) {
    const bad = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], input);
    return `${where}${envHint}: "${String(bad)}" is not valid; valid values are ${issue.values.map(String).join(', ')}`;
  }
  if (issue.code === 'unrecognized_keys') {
    return `unknown config key(s) ${issue.keys.join(', ')}; valid keys are ${Object.keys(schema.shape).join(', ')}`;
  }
  return `${where || 'config'}${envHint}: ${issue.message}`;
}

/** The origin URL checked, and what cannot go with it. */
function resolveOrigin(raw: string, thinkMs: ThinkTimes, servers: readonly string[]): string {
  const origin = parseOriginUrl(raw, 'origin (config "origin" or PUSHBENCH_ORIGIN)');
  if (thinksAtAll(thinkMs)) {
    throw new UsageError(`thinkMs (config "thinkMs" or PUSHBENCH_THINK_MS): with origin ${origin} the think time is your server's own; set it to 0`);
  }
  if (servers.some((s) => s !== 'pushbench')) {
    throw new UsageError(`servers (config "servers" or PUSHBENCH_SERVERS): with origin ${origin} only pushbench's edge sits in front of your server; use servers ["pushbench"]`);
  }
  return origin;
}

/**
 * The site's second origins (sites/site-origins.ts) are host names the browser must map to their
 * servers, as config hosts are: Firefox cannot, and a config host of the same name would be a second route.
 */
function assertSecondOriginsFit(secondOrigins: readonly string[], hosts: Readonly<Record<string, string>>, browsers: readonly string[]): void {
  if (secondOrigins.length === 0) return;
  if (browsers.includes('firefox')) {
    throw new UsageError(`browsers (config "browsers" or PUSHBENCH_BROWSERS): the site has second origins (${secondOrigins.join(', ')}: its _origins/ folder), and Firefox cannot map a host name to an address (it has no equivalent of Chromium's --host-resolver-rules MAP); drop firefox from browsers or use a site without _origins/`);
  }
  const clash = secondOrigins.find((host) => Object.hasOwn(hosts, host));
  if (clash) {
    throw new UsageError(`hosts (config "hosts" or PUSHBENCH_HOSTS): ${clash} is a second origin of the site (its _origins/${clash} folder), served by pushbench; drop it from hosts or rename the folder`);
  }
}

/** Validates the input, resolves profiles and paths. Throws UsageError on any bad value. */
export function resolveBenchmark(input: BenchmarkInput, rootDir: string): Benchmark {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new UsageError(describeIssue(parsed.error.issues[0]!, input));
  const config = parsed.data;

  const badBrowser = config.browsers.find((b) => !isKnownBrowserName(b));
  if (badBrowser) {
    throw new UsageError(
      `browsers (config "browsers" or PUSHBENCH_BROWSERS): unknown browser "${badBrowser}"; valid names are chromium, chromium-shell, chromium-103, chromium-92, chromium@N (after \`npx pushbench browsers install chromium@N\`), firefox`,
    );
  }
  const profiles = config.profiles.map((name) => {
    try {
      return resolveProfile(name);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new UsageError(`profiles (config "profiles" or PUSHBENCH_PROFILES): ${why}; presets are ${Object.keys(PRESETS).join(', ')}`);
    }
  });
  // A profile's name keys its loads (ids, cells, the report): two with one name would be mixed.
  const twice = profiles.find((p, i) => profiles.findIndex((q) => q.name === p.name) !== i);
  if (twice) {
    throw new UsageError(`profiles (config "profiles" or PUSHBENCH_PROFILES): two profiles are named "${twice.name}"; give each inline profile its own name, e.g. rtt50:rtt=50,down=5000,up=1000 and rtt100:rtt=100,down=5000,up=1000`);
  }
  const thinkMs = parseThinkSpec(config.thinkMs, 'thinkMs (config "thinkMs" or PUSHBENCH_THINK_MS)');
  const variants = [...new Set(config.variants)];
  const servers = [...new Set(config.servers)];
  const origin = config.origin === undefined ? undefined : resolveOrigin(config.origin, thinkMs, servers);
  const siteDir = origin ? '' : path.resolve(rootDir, config.site);
  // A running server is measured behind pushbench's edge: the topology that has an origin.
  const topology: Topology = origin ? 'edge' : config.topology;
  const { arms, leftOut } = armsOf(servers, variants, { thinkMs, topology });
  assertDistinctNames(config.journeys);
  const hosts = resolveHosts(config.hosts);
  if (Object.keys(hosts).length && config.browsers.includes('firefox')) {
    throw new UsageError(`hosts (config "hosts" or PUSHBENCH_HOSTS): Firefox cannot map a host name to an address (it has no equivalent of Chromium's --host-resolver-rules MAP); drop firefox from browsers or the host mapping`);
  }
  assertSecondOriginsFit(origin ? [] : secondOriginsOf(siteDir).map((o) => o.host), hosts, config.browsers);
  // A variant that only a regular profile honours (Chromium's <link rel=preconnect>) is measured,
  // with every other arm of the run, in a fresh browser per load unless the config chose.
  const isolation = (input as Record<string, unknown>).isolation === undefined && variants.some((v) => VARIANT_TRAITS[v].regularProfile) ? 'process' : config.isolation;
  return {
    ...config,
    isolation,
    // A run with journeys loads their steps instead of `pages` (the manifest and an origin copy cover them).
    pages: config.journeys.length ? [...new Set(config.journeys.flatMap((j) => j.steps))] : config.pages,
    hosts,
    origin,
    topology,
    servers,
    arms,
    armsLeftOut: leftOut,
    variants,
    browsers: [...new Set(config.browsers)],
    profiles,
    thinkMs,
    siteDir,
    outDir: path.resolve(rootDir, config.out),
  };
}
