// run.json: what a run was asked to measure and where: provenance, the machine, the resolved
// benchmark, the browsers with their full versions, and the site's manifest. One writer (the runner's
// startRun) and one reader; the reader is lenient, because merged, partial and older run folders
// may lack it or some of its fields, and the report must still be written from the rows.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark } from '../config/benchmark.ts';
import type { ThinkTimes } from '../config/think-time.ts';
import type { ResolvedBrowser } from '../browsers/registry.ts';
import type { SiteManifest } from '../../sites/manifest-types.ts';
import type { Provenance } from './provenance.ts';

export interface MachineInfo {
  hostname: string;
  cpus: number;
  cpuModel: string;
  platform: string;
  node: string;
}

export interface RunJson extends Provenance {
  runId: string;
  /** ISO time the run started. */
  startedAt: string;
  machine: MachineInfo;
  /**
   * The resolved benchmark. Its thinkMs is { values, byVariant }: `values` the think times every
   * variant without its own was measured at (several: a think-time sweep), and each of its `arms`
   * carries its own thinkMs (`swept` when the labels name it).
   */
  benchmark: Benchmark;
  browsers: ResolvedBrowser[];
  /** The flags every Chromium launch of the run got (browsers/chromium-args.ts), --disable-features included. */
  chromiumFlags: string[];
  /** How the site's br/gzip representations were made (servers/representations.ts). */
  compression?: Record<string, string | number>;
  manifest: SiteManifest;
}

/** thinkMs as versions before think-time sweeps wrote it: one think time for every variant without its own. */
export interface ThinkTimesBeforeSweeps {
  default: number;
  byVariant: ThinkTimes['byVariant'];
}

/**
 * run.json as read back: the written type with each field optional (older, merged or hand-made
 * folders lack some; a field that is there was written whole), and thinkMs also as older versions
 * wrote it: a plain number, or { default, byVariant } (config/think-time.ts recordedThinkValues reads each).
 */
export type RunJsonRead = Partial<Omit<RunJson, 'benchmark'>> & {
  benchmark?: Partial<Omit<Benchmark, 'thinkMs'>> & { thinkMs?: number | ThinkTimes | ThinkTimesBeforeSweeps };
};

export function machineInfo(): MachineInfo {
  return { hostname: os.hostname(), cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', platform: `${os.platform()} ${os.release()}`, node: process.version };
}

export function writeRunJson(file: string, info: RunJson): void {
  fs.writeFileSync(file, JSON.stringify(info, null, 2));
}

/** run.json of a run folder, or {} when it is missing or not a JSON object (never throws). */
export function readRunJson(runDir: string): RunJsonRead {
  const file = path.join(runDir, 'run.json');
  if (!fs.existsSync(file)) return {};
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as RunJsonRead) : {};
  } catch {
    return {};
  }
}
