// Counters a shaper's helper process reports (tun emulator, SOCKS proxy); calibrate reads them.
import type { ShapedLink } from './shaper.ts';
import type { EmulatorStats } from './tun-emulator-types.ts';

export type { EmulatorStats } from './tun-emulator-types.ts';

/** A link whose emulator process can report its counters and CPU time. */
export interface MeasurableLink extends ShapedLink {
  emulatorStats(): Promise<EmulatorStats>;
}

export function isMeasurable(link: ShapedLink): link is MeasurableLink {
  return typeof (link as Partial<MeasurableLink>).emulatorStats === 'function';
}
