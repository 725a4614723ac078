// Every measured navigation starts on a quiet machine, as WebPageTest's agent waits for an idle
// CPU before a test. What it guards against was measured on this project's 2-core VM: Debian's
// Chromium 156 keeps both cores 60–95 % busy for about 700 ms after it starts, and again after
// every new renderer (each fresh context's page); Chromium 103 is quiet at once. Cold loads that
// started right after a Chromium 156 launch showed FCP 55–110 ms and TTFB up to 12 ms later
// than loads that waited 1.5 s (5 variants × 3, profile none, medians per variant). Quiet means
// at most 20 % of all cores busy over one window; after 2 s the load goes ahead anyway and its row
// says how busy the machine was (cpu_busy_pct). Linux only; elsewhere it returns at once.
//
// The CPU time comes from the root cgroup's cpuacct.usage where this process sits in that cgroup
// (nanoseconds of CPU used by every task on the machine; time stolen by a hypervisor counts as idle
// there, as busy in /proc/stat: 0 on this VM), else from /proc/stat's 10 ms ticks (10 ticks in a window on
// 2 cores). The window stays 50 ms with either: with an exact 25 ms window, warm Chromium 103 loads
// on slow-4g started right after their browser came up painted 23–74 ms later in 5 of 5 cells
// (n = 3 each, not significant one by one), so the shorter window was not taken.

import fs from 'node:fs';

export interface QuietOptions {
  /** Busy share of all cores, over one window, at or under which the machine counts as quiet. */
  maxBusyPct?: number;
  windowMs?: number;
  /** Give up and go on after this long (the row's cpu_busy_pct then shows how busy it was). */
  timeoutMs?: number;
}

export interface QuietResult {
  waitedMs: number;
  /** Busy share of the last window, or undefined where /proc/stat is unavailable. */
  busyPct?: number;
  quiet: boolean;
}

/** A sample of how much CPU time has passed and how much of it was idle, in any one unit. */
export interface CpuSample { idle: number; total: number }

/** Where CPU samples come from, and the window that source can resolve. */
export interface CpuSource { name: 'cpuacct' | 'proc-stat'; windowMs: number; sample(): CpuSample | undefined }

const CPUACCT = '/sys/fs/cgroup/cpuacct';

/**
 * The CPUs the root cgroup's counter covers, when this process sits in that root cgroup (so the
 * counter is the whole machine's, not a container's own); undefined otherwise.
 */
function rootCpuacctCpus(): number | undefined {
  try {
    const line = fs.readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => /^\d+:([^:]*,)?cpuacct(,[^:]*)?:/.test(l));
    if (!line || line.slice(line.lastIndexOf(':') + 1) !== '/') return undefined;
    const cpus = fs.readFileSync(`${CPUACCT}/cpuacct.usage_percpu`, 'utf8').trim().split(/\s+/).length;
    return cpus > 0 ? cpus : undefined;
  } catch {
    return undefined;
  }
}

/** The root cgroup's CPU time (ns) against wall time (ns × the CPUs it covers): idle is what nobody used. */
function cpuacctSample(cpus: number): CpuSample | undefined {
  try {
    const usedNs = Number(fs.readFileSync(`${CPUACCT}/cpuacct.usage`, 'utf8'));
    if (!Number.isFinite(usedNs)) return undefined;
    const total = Number(process.hrtime.bigint()) * cpus;
    return { idle: total - usedNs, total };
  } catch {
    return undefined;
  }
}

let source: CpuSource | undefined;

/** The precise source when this machine has it (cgroup v1 root cpuacct), else /proc/stat's ticks; found once per process. */
export function cpuSource(): CpuSource {
  if (source) return source;
  const cpus = rootCpuacctCpus();
  source = cpus && cpuacctSample(cpus)
    ? { name: 'cpuacct', windowMs: 50, sample: () => cpuacctSample(cpus) }
    : { name: 'proc-stat', windowMs: 50, sample: cpuTicks };
  return source;
}

function cpuTicks(): CpuSample | undefined {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3]! + (fields[4] ?? 0); // idle + iowait
    return { idle, total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

/** Busy percentage between two samples (undefined when no tick passed). */
export function busyPct(a: CpuSample, b: CpuSample): number | undefined {
  const total = b.total - a.total;
  return total > 0 ? Math.min(100, Math.max(0, 100 * (1 - (b.idle - a.idle) / total))) : undefined;
}

export async function waitForQuietCpu(opts: QuietOptions = {}): Promise<QuietResult> {
  const source = cpuSource();
  const { maxBusyPct = 20, windowMs = source.windowMs, timeoutMs = 2000 } = opts;
  const t0 = performance.now();
  let prev = source.sample();
  if (!prev) return { waitedMs: 0, quiet: true };
  for (;;) {
    await new Promise((r) => setTimeout(r, windowMs));
    const now = source.sample()!;
    const busy = busyPct(prev, now);
    prev = now;
    const waitedMs = performance.now() - t0;
    if (busy !== undefined && busy <= maxBusyPct) return { waitedMs, busyPct: busy, quiet: true };
    if (waitedMs >= timeoutMs) return { waitedMs, busyPct: busy, quiet: false };
  }
}
