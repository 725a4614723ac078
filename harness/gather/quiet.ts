// Every measured navigation starts on a quiet machine, as WebPageTest's agent waits for an idle
// CPU before a test. What it guards against was measured on this project's 2-core VM: Debian's
// Chromium 156 keeps both cores 60–95 % busy for about 700 ms after it starts, and again after
// every new renderer (each fresh context's page); Chromium 103 is quiet at once. Cold loads that
// started right after a Chromium 156 launch showed FCP 55–110 ms and TTFB up to 12 ms later
// than loads that waited 1.5 s (5 variants × 3, profile none, medians per variant). Quiet means
// at most 20 % of all cores busy over 50 ms; after 2 s the load goes ahead anyway and its row
// says how busy the machine was (cpu_busy_pct). Linux only (/proc/stat); elsewhere it returns at once.

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

function cpuTicks(): { idle: number; total: number } | undefined {
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3]! + (fields[4] ?? 0); // idle + iowait
    return { idle, total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

/** Busy percentage between two samples (undefined when no tick passed). */
export function busyPct(a: { idle: number; total: number }, b: { idle: number; total: number }): number | undefined {
  const total = b.total - a.total;
  return total > 0 ? 100 * (1 - (b.idle - a.idle) / total) : undefined;
}

export async function waitForQuietCpu(opts: QuietOptions = {}): Promise<QuietResult> {
  const { maxBusyPct = 20, windowMs = 50, timeoutMs = 2000 } = opts;
  const t0 = performance.now();
  let prev = cpuTicks();
  if (!prev) return { waitedMs: 0, quiet: true };
  for (;;) {
    await new Promise((r) => setTimeout(r, windowMs));
    const now = cpuTicks()!;
    const busy = busyPct(prev, now);
    prev = now;
    const waitedMs = performance.now() - t0;
    if (busy !== undefined && busy <= maxBusyPct) return { waitedMs, busyPct: busy, quiet: true };
    if (waitedMs >= timeoutMs) return { waitedMs, busyPct: busy, quiet: false };
  }
}
