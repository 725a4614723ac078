// Network profile presets and the one place user-supplied profiles are validated.
// A profile is numbers only (./profile.ts); shapers turn it into a link.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { UsageError } from '../shared/usage-error.ts';
import type { NetworkProfile } from './profile.ts';

/** Folder of the mahimahi-format traces shipped with pushbench. */
export const TRACES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'shapers', 'traces');

/**
 * Drop-tail queue per direction: four bandwidth-delay products of the down link, at least 256 KiB.
 * Why: throttling tools that papers compare against (DevTools, Lighthouse) never drop, and a queue
 * smaller than slow start's overshoot adds losses those tools never show; 4×BDP holds the overshoot
 * of the first RTTs of a page load, and the floor keeps fast, short links (tiny BDP) from dropping
 * the 10-segment initial windows of several parallel connections. The queue changes results: on
 * this machine a 200 KB transfer at 150 ms / 1.6 Mbit/s took 1467 ms with a 64 KB queue and 1280 ms
 * with 400 KB. It is recorded in every row (queue_bytes).
 */
export function defaultQueueBytes(rttMs: number, downKbps: number): number {
  const bdpBytes = (downKbps * 1000 / 8) * (rttMs / 1000);
  return Math.max(256 * 1024, Math.ceil(4 * bdpBytes));
}

function preset(name: string, rttMs: number, downKbps: number, upKbps: number, source: string): NetworkProfile {
  return { name, rttMs, downKbps, upKbps, lossPct: 0, queueBytes: defaultQueueBytes(rttMs, downKbps), source };
}

/** Mean rate of a shipped mahimahi trace, kbit/s (each line is one 1500-byte opportunity). */
export function traceMeanKbps(trace: string): number {
  const times = readFileSync(resolveTracePath(trace), 'utf8').split('\n').filter((l) => l.trim() !== '').map(Number);
  return Math.round((times.length * 1500 * 8) / times[times.length - 1]!);
}

/** A trace-driven preset: rates come from the traces (the kbit/s fields are their means, for reports). */
function tracePreset(name: string, rttMs: number, down: string, up: string, source: string): NetworkProfile {
  const downKbps = traceMeanKbps(down), upKbps = traceMeanKbps(up);
  return { name, rttMs, downKbps, upKbps, lossPct: 0, queueBytes: defaultQueueBytes(rttMs, downKbps), trace: { down, up }, source };
}

const LIGHTHOUSE = 'Lighthouse throttling constants (core/config/constants.js, throttling.mobileSlow4G / desktopDense4G)';
const WPT = 'WebPageTest connectivity profiles (www/settings/connectivity.ini.sample)';

export const PRESETS: Record<string, NetworkProfile> = {
  'slow-4g': preset('slow-4g', 150, 1638.4, 750, `${LIGHTHOUSE}: rttMs 150, throughputKbps 1638.4, uploadThroughputKbps 750`),
  desktop: preset('desktop', 40, 10240, 10240, `${LIGHTHOUSE}: rttMs 40, throughputKbps 10240, uploadThroughputKbps 10240`),
  '3g': preset('3g', 300, 1600, 768, `${WPT}: 3G = 1.6 Mbps down, 768 Kbps up, 300 ms RTT`),
  '3g-fast': preset('3g-fast', 150, 1600, 768, `${WPT}: 3GFast = 1.6 Mbps down, 768 Kbps up, 150 ms RTT`),
  '4g': preset('4g', 170, 9000, 9000, `${WPT}: 4G = 9 Mbps down/up, 170 ms RTT`),
  lte: preset('lte', 70, 12000, 12000, `${WPT}: LTE = 12 Mbps down/up, 70 ms RTT`),
  cable: preset('cable', 28, 5000, 1000, `${WPT}: Cable = 5 Mbps down, 1 Mbps up, 28 ms RTT`),
  dsl: preset('dsl', 50, 1500, 384, `${WPT}: DSL = 1.5 Mbps down, 384 Kbps up, 50 ms RTT`),
  fios: preset('fios', 4, 20000, 5000, `${WPT}: FIOS = 20 Mbps down, 5 Mbps up, 4 ms RTT`),
  'cellular-trace': tracePreset('cellular-trace', 70, 'variable-cellular', 'steady-768kbps',
    'synthetic trace: rate redrawn every 500 ms in 2–20 Mbit/s (harness/shapers/traces/generate.ts, seed 42); RTT of WebPageTest LTE'),
  none: { name: 'none', rttMs: 0, downKbps: 0, upKbps: 0, lossPct: 0, queueBytes: 0, source: 'no shaping' },
};

const presetList = (): string => Object.keys(PRESETS).join(', ');

const profileSchema = z.object({
  name: z.string().min(1),
  rttMs: z.number().finite().min(0),
  downKbps: z.number().finite().min(0),
  upKbps: z.number().finite().min(0),
  lossPct: z.number().finite().min(0).max(100),
  queueBytes: z.number().int().min(0),
  trace: z.object({ down: z.string().min(1), up: z.string().min(1) }).optional(),
  source: z.string().optional(),
});

/** How to fix each field, appended to the validation message. */
const FIELD_HINTS: Record<string, string> = {
  name: 'give the profile a non-empty name',
  rttMs: 'use a round-trip time in ms ≥ 0',
  downKbps: 'use a rate in kbit/s > 0 (0 means unlimited and is only allowed for "none")',
  upKbps: 'use a rate in kbit/s > 0 (0 means unlimited and is only allowed for "none")',
  lossPct: 'use a loss percentage between 0 and 100',
  queueBytes: 'use a whole number of bytes > 0 (e.g. 262144)',
  trace: 'give {down, up} paths to mahimahi-format trace files',
};

/** Check an untrusted profile (config file, CLI); throws a UsageError naming the field. */
export function validateProfile(p: unknown): NetworkProfile {
  const parsed = profileSchema.safeParse(p);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'profile';
    const hint = FIELD_HINTS[String(issue.path[0])] ?? `use a preset (${presetList()}) or a full profile`;
    throw new UsageError(`network profile field "${field}": ${issue.message}; ${hint}`);
  }
  const profile: NetworkProfile = parsed.data;
  const shaped = profile.name !== 'none';
  if (shaped) {
    for (const field of ['downKbps', 'upKbps'] as const) {
      if (profile[field] <= 0 && !profile.trace) {
        throw new UsageError(`network profile field "${field}" is ${profile[field]}; ${FIELD_HINTS[field]}`);
      }
    }
    if (profile.queueBytes < 1500) {
      throw new UsageError(`network profile field "queueBytes" is ${profile.queueBytes}; a queue must hold at least one 1500-byte packet (e.g. 262144)`);
    }
  }
  if (profile.trace) {
    for (const dir of ['down', 'up'] as const) {
      if (!existsSync(resolveTracePath(profile.trace[dir]))) {
        throw new UsageError(`network profile field "trace.${dir}": file ${profile.trace[dir]} not found; give a path or a trace name from ${TRACES_DIR}`);
      }
    }
  }
  return profile;
}

/** A trace given by bare name ("steady-12mbps") is looked up in the shipped traces folder. */
export function resolveTracePath(p: string): string {
  if (p.includes('/')) return p;
  return path.join(TRACES_DIR, p.endsWith('.trace') ? p : `${p}.trace`);
}

const INLINE_KEYS: Record<string, keyof NetworkProfile> = {
  rtt: 'rttMs', down: 'downKbps', up: 'upKbps', loss: 'lossPct', queue: 'queueBytes',
};

/** "custom:rtt=100,down=5000,up=1000,loss=0.5[,queue=BYTES]" (also "NAME:..." for any name). */
function parseInline(spec: string): NetworkProfile {
  const colon = spec.indexOf(':');
  const name = spec.slice(0, colon);
  const fields: Record<string, number> = {};
  for (const part of spec.slice(colon + 1).split(',').filter(Boolean)) {
    const [key, value] = part.split('=');
    const field = INLINE_KEYS[key?.trim() ?? ''];
    const num = Number(value);
    if (!field || value === undefined || value.trim() === '' || !Number.isFinite(num)) {
      throw new UsageError(`network profile "${spec}": bad item "${part}"; write ${name}:rtt=MS,down=KBPS,up=KBPS[,loss=PCT][,queue=BYTES]`);
    }
    fields[field] = num;
  }
  for (const required of ['rttMs', 'downKbps', 'upKbps']) {
    if (!(required in fields)) {
      const key = Object.keys(INLINE_KEYS).find((k) => INLINE_KEYS[k] === required);
      throw new UsageError(`network profile "${spec}": missing "${key}"; write ${name}:rtt=MS,down=KBPS,up=KBPS[,loss=PCT][,queue=BYTES]`);
    }
  }
  const rttMs = fields.rttMs!, downKbps = fields.downKbps!;
  return validateProfile({
    name, lossPct: 0, queueBytes: defaultQueueBytes(rttMs, downKbps), ...fields,
    source: `inline spec "${spec}"`,
  });
}

/**
 * A preset name ("slow-4g"), an inline spec ("custom:rtt=100,down=5000,up=1000"), or a partial
 * profile. A partial whose `name` is a preset overrides that preset's fields
 * (`{ name: "slow-4g", lossPct: 1 }`); any other partial must give rttMs, downKbps and upKbps.
 */
export function resolveProfile(nameOrSpec: string | Partial<NetworkProfile>): NetworkProfile {
  if (typeof nameOrSpec === 'string') {
    if (nameOrSpec.includes(':')) return parseInline(nameOrSpec);
    const found = PRESETS[nameOrSpec];
    if (!found) throw new UsageError(`network profile "${nameOrSpec}" is not a preset; use one of ${presetList()}, or custom:rtt=MS,down=KBPS,up=KBPS`);
    return { ...found };
  }
  const base = nameOrSpec.name !== undefined ? PRESETS[nameOrSpec.name] : undefined;
  if (base) {
    const merged = { ...base, ...nameOrSpec };
    // A changed rate or RTT keeps the queue rule unless the queue was given explicitly.
    if (nameOrSpec.queueBytes === undefined && merged.name !== 'none') {
      merged.queueBytes = defaultQueueBytes(merged.rttMs, merged.downKbps);
    }
    return validateProfile(merged);
  }
  const rttMs = nameOrSpec.rttMs ?? 0, downKbps = nameOrSpec.downKbps ?? 0;
  return validateProfile({
    lossPct: 0,
    queueBytes: defaultQueueBytes(rttMs, downKbps),
    ...nameOrSpec,
    name: nameOrSpec.name ?? 'custom',
  });
}
