// Names of files in a load's trace folder that both gather (writing) and compute (reading) use.

import type { WireLogFormat } from '../../servers/types.ts';

/** The load's screen recording (gather/screencast.ts ScreencastFile), gzipped JSON. */
export const SCREENCAST_FILE = 'screencast.json.gz';

/** The trace file a load's slice of its server's log is kept in, by the log's format. */
export const SERVER_LOG_FILE: Record<WireLogFormat, string> = {
  'pushbench-wire': 'wire.jsonl',
  'caddy-access': 'caddy-access.jsonl',
};

/** A second origin's server log: the whole of it in the run's wire/ folder, a load's slice in its trace folder (sites/site-origins.ts). */
export const originLogFile = (host: string): string => `origin-${host}.jsonl`;
