// `pushbench calibrate [--shaper S] [--profile P]... [--out DIR] [--queue BYTES|profile] [--slot N]`
// Measures a shaper against theory (harness/shapers/transfer-theory.ts) over a few profiles,
// prints a table and writes calibration.csv. Targets are printed, not enforced (exit 0).
// `--shaper devtools` measures from a page of the registry's Chromium (calibration-devtools.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { resolveProfile } from '../config/profiles.ts';
import type { NetworkProfile } from '../config/profile.ts';
import { calibrateLink, type CalibrationRow } from '../shapers/calibration.ts';
import { calibrateDevtoolsLink, launchCalibrationChromium, warmUp } from '../shapers/calibration-devtools.ts';
import { defaultShaperName, getShaper } from '../shapers/index.ts';
import { calibrateQuic, quicSenderLine } from '../shapers/calibration-quic.ts';
import { UsageError } from '../shared/usage-error.ts';

/** RTT 20–300 ms and 1.6–50 Mbit/s. */
export const DEFAULT_PROFILES = ['desktop', 'slow-4g', '3g', 'lan-50:rtt=20,down=50000,up=50000'];
/** Calibration compares with loss-free theory; a big queue keeps slow start's overshoot from dropping. */
export const CALIBRATION_QUEUE_BYTES = 4 * 1024 * 1024;

const USAGE = `usage: pushbench calibrate [--shaper tun|proxy|devtools|none|netem] [--profile NAME|custom:rtt=MS,down=KBPS,up=KBPS]... [--out DIR] [--queue BYTES|profile] [--slot N] [--quic]
--quic  also measure HTTP/3: Chromium against Caddy over the same link, QUIC handshake and fresh
        100 KB / 1 MB fetches against the QUIC model, beside the same over HTTP/2 (TCP + TLS)`;

function fmt(n: number): string {
  if (Number.isNaN(n)) return 'n/a';
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2);
}

export function formatTable(rows: CalibrationRow[]): string {
  const header = ['shaper', 'profile', 'metric', 'target', 'measured', 'error', 'ok'];
  const body = rows.map((r) => [r.shaper, r.profile, r.metric, `${fmt(r.target)} ${r.unit}`, Number.isNaN(r.measured) ? 'n/a' : `${fmt(r.measured)} ${r.unit}`, Number.isNaN(r.errorPct) ? 'n/a' : `${r.errorPct >= 0 ? '+' : ''}${r.errorPct.toFixed(1)}%`, r.ok]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [header, ...body].map((cells) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        shaper: { type: 'string' },
        profile: { type: 'string', multiple: true },
        out: { type: 'string' },
        queue: { type: 'string' },
        slot: { type: 'string' },
        quic: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; ${USAGE}`);
  }
  if (values.help) { console.log(USAGE); return 0; }
  const shaperName = values.shaper ?? defaultShaperName();
  const shaper = getShaper(shaperName);
  const slot = Number(values.slot ?? 240);
  if (!Number.isInteger(slot) || slot < 0 || slot > 255) throw new UsageError(`--slot "${values.slot}": use a whole number 0–255`);
  let queue: number | undefined = CALIBRATION_QUEUE_BYTES;
  if (values.queue === 'profile') queue = undefined;
  else if (values.queue !== undefined) {
    queue = Number(values.queue);
    if (!Number.isInteger(queue) || queue < 1500) throw new UsageError(`--queue "${values.queue}": give bytes ≥ 1500, or "profile" to keep each profile's queue`);
  }
  const profiles: NetworkProfile[] = (values.profile ?? DEFAULT_PROFILES).map((spec) => {
    const p = resolveProfile(spec);
    return queue === undefined || p.name === 'none' ? p : { ...p, queueBytes: queue };
  });
  const outDir = values.out ?? path.join('results', `calibration-${new Date().toISOString().replace(/[:.]/g, '-')}`);

  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`calibrating shaper "${shaperName}" on ${os.cpus().length} cores, load average ${load}`);
  const rows: CalibrationRow[] = [];
  // devtools: one browser for all profiles, a fresh context (own socket pool) per profile. The
  // registry says which Chromium (its UsageError says how to install one when there is none).
  if (values.quic && !shaper.carriesUdp) throw new UsageError(`--quic: the ${shaperName} shaper carries TCP only; use --shaper tun`);
  if (values.quic) console.log(await quicSenderLine());
  const launched = shaperName === 'devtools' ? await launchCalibrationChromium() : undefined;
  const browser = launched?.browser;
  try {
    if (launched) {
      console.log(`browser: Chromium ${launched.browser.version()} (${launched.resolved.executablePath}); figures from fetch() + Resource Timing, servers on 127.0.0.1`);
      await warmUp(launched.browser);
    }
    for (const profile of profiles) {
      const queueNote = browser ? 'no queue (request-level emulation)' : `queue ${profile.queueBytes} B`;
      console.log(`\n${profile.name}: rtt ${profile.rttMs} ms, down ${profile.downKbps} kbit/s, up ${profile.upKbps} kbit/s, loss ${profile.lossPct}%, ${queueNote}`);
      const link = await shaper.start(profile, { slot });
      try {
        const profileRows = browser ? await calibrateDevtoolsLink(link, browser) : await calibrateLink(link);
        if (values.quic) profileRows.push(...await calibrateQuic(link));
        console.log(formatTable(profileRows));
        rows.push(...profileRows);
      } finally {
        await link.stop();
      }
    }
  } finally {
    await browser?.close();
  }
  mkdirSync(outDir, { recursive: true });
  const csvPath = path.join(outDir, 'calibration.csv');
  const date = new Date().toISOString();
  writeFileSync(csvPath, stringify(rows.map((r) => ({
    date, shaper: r.shaper, profile: r.profile, metric: r.metric, unit: r.unit,
    target: r.target.toFixed(3), measured: Number.isNaN(r.measured) ? 'n/a' : r.measured.toFixed(3),
    error_pct: Number.isNaN(r.errorPct) ? 'n/a' : r.errorPct.toFixed(2), ok: r.ok,
    load_average: load,
  })), { header: true }));
  console.log(`\nwrote ${csvPath}`);
  return 0;
}
