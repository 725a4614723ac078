// The dashboard header: who/what/where of a run, from run.json where present and from the
// runs.csv rows otherwise (a merged or partial run may lack run.json; the rows always say enough).
import { basename } from 'node:path';
import { readRunJson, type RunJsonRead } from '../../run/run-json.ts';
import type { RunRow } from '../../shared/row-schema.ts';
import { BASELINE_VARIANT } from '../../shared/variants.ts';
import type { NetworkProfile } from '../../config/profile.ts';

export interface RunInfo {
  runId: string;
  commit: string;
  /** ISO time the run started. */
  date: string;
  toolVersion: string;
  /** Registry name and full version of every browser in the run. */
  browsers: { name: string; version: string; source: string }[];
  profiles: NetworkProfile[];
  shapers: string[];
  variants: string[];
  /** The variant the others are compared against (run.json benchmark.baseline, default h2). */
  baseline: string;
  loads: number;
  failed: number;
}

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];
const num = (text: string) => (Number.isFinite(Number(text)) && text.trim() !== '' ? Number(text) : 0);

export function runInfoOf(runDir: string, rows: readonly RunRow[], runJson: RunJsonRead = readRunJson(runDir)): RunInfo {
  const browsers = new Map<string, { name: string; version: string; source: string }>();
  for (const b of runJson.browsers ?? []) {
    if (b.name) browsers.set(`${b.name} ${b.version ?? ''}`, { name: b.name, version: b.version ?? '', source: b.source ?? '' });
  }
  for (const r of rows) {
    const known = [...browsers.values()].some((b) => b.name === r.browser && (b.version === r.browser_version || r.browser_version.includes(b.version)));
    if (!known && r.browser) browsers.set(`${r.browser} ${r.browser_version}`, { name: r.browser, version: r.browser_version, source: '' });
  }
  const profiles = new Map<string, NetworkProfile>();
  for (const p of runJson.benchmark?.profiles ?? []) profiles.set(p.name, p);
  for (const r of rows) {
    if (!profiles.has(r.profile) && r.profile) {
      profiles.set(r.profile, { name: r.profile, rttMs: num(r.rtt_ms), downKbps: num(r.down_kbps), upKbps: num(r.up_kbps), lossPct: num(r.loss_pct), queueBytes: num(r.queue_bytes) });
    }
  }
  const starts = rows.map((r) => r.started_at).filter((s) => s !== '').sort();
  return {
    runId: runJson.runId ?? (unique(rows.map((r) => r.run_id).filter(Boolean)).join('+') || basename(runDir)),
    commit: runJson.commit ?? unique(rows.map((r) => r.commit).filter(Boolean)).join('+'),
    date: runJson.startedAt ?? starts[0] ?? '',
    toolVersion: runJson.toolVersion ?? unique(rows.map((r) => r.tool_version).filter(Boolean)).join(', '),
    browsers: [...browsers.values()],
    profiles: [...profiles.values()],
    shapers: unique([...rows.map((r) => r.shaper), runJson.benchmark?.shaper ?? ''].filter(Boolean)),
    variants: unique([...(runJson.benchmark?.variants ?? []), ...rows.map((r) => r.variant)].filter(Boolean)),
    baseline: runJson.benchmark?.baseline ?? BASELINE_VARIANT,
    loads: rows.length,
    failed: rows.filter((r) => r.error.trim() !== '').length,
  };
}
