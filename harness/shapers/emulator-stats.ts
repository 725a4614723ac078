// Counters a shaper's helper process reports (tun emulator, SOCKS proxy); calibrate reads them.
import type { ChildProcess } from 'node:child_process';
import type { ShapedLink } from './shaper.ts';
import { waitForLine } from './ts-child.ts';
import type { EmulatorStats } from './tun-emulator-types.ts';

export type { EmulatorStats } from './tun-emulator-types.ts';

/** A link whose emulator process can report its counters and CPU time. */
export interface MeasurableLink extends ShapedLink {
  emulatorStats(): Promise<EmulatorStats>;
}

export function isMeasurable(link: ShapedLink): link is MeasurableLink {
  return typeof (link as Partial<MeasurableLink>).emulatorStats === 'function';
}

/**
 * The stats protocol of an emulator child process (tun emulator, SOCKS proxy): a `stats` line on
 * its stdin asks for the counters so far; closing stdin asks for the final counters and ends it.
 */
export function statsChannel(child: ChildProcess): { current(): Promise<EmulatorStats>; finish(): Promise<EmulatorStats | undefined> } {
  let finalStats: EmulatorStats | undefined;
  return {
    async current() {
      if (finalStats) return finalStats;
      const reply = waitForLine<EmulatorStats>(child, 'stats', 5000);
      child.stdin!.write('stats\n');
      return reply;
    },
    async finish() {
      const last = waitForLine<EmulatorStats>(child, 'stats', 3000).catch(() => undefined);
      child.stdin!.end();
      finalStats = await last;
      return finalStats;
    },
  };
}
