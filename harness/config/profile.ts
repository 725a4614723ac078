// A network profile is defined by numbers. Presets live in ./profiles.ts.

export interface NetworkProfile {
  /** Preset or user name, e.g. "slow-4g". "none" means no shaping at all. */
  name: string;
  /** Round-trip time added by the link, split half per direction. */
  rttMs: number;
  /** Link rates in kbit/s (1 kbit = 1000 bit). 0 means unlimited (only for "none"). */
  downKbps: number;
  upKbps: number;
  /** Random loss per packet, per direction, in percent (0–100). */
  lossPct: number;
  /** Drop-tail queue size per direction in bytes. */
  queueBytes: number;
  /** Optional mahimahi-format trace files (one line per 1500-byte delivery opportunity, ms). */
  trace?: { down: string; up: string };
  /** Where the numbers come from (a citation), for presets. */
  source?: string;
}
