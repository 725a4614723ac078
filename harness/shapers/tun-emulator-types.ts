// Types shared by the emulator processes (tun-emulator.ts, proxy-process.ts) and their parents.
import type { LinkCounters, LinkDirectionOptions } from './link-model.ts';

export interface EmulatorConfig {
  /** TUN facing the client (browser) namespace, and the one facing the server namespace. */
  clientDev: string;
  serverDev: string;
  /** server -> client */
  down: LinkDirectionOptions;
  /** client -> server */
  up: LinkDirectionOptions;
}

export interface EmulatorStats {
  type: 'stats';
  down: LinkCounters;
  up: LinkCounters;
  writeErrors: number;
  /** How late packets were written compared with their due time: sum over packets and maximum, ms. */
  latenessSumMs: number;
  latenessMaxMs: number;
  /** Packets written (both directions); latenessSumMs / written is the mean lateness. */
  written: number;
  /** CPU time of the emulator process since it started, ms. */
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Wall time since it started, ms. */
  wallMs: number;
}
