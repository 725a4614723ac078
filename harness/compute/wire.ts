// The server's JSONL wire log (servers/wire-log.ts), as the compute modules read it.

import type { WireEvent } from '../../servers/wire-log.ts';

export type { WireEvent };
export { parseWireLog } from '../../servers/wire-log.ts';

export function eventsOf<T extends WireEvent['type']>(events: readonly WireEvent[], type: T): Extract<WireEvent, { type: T }>[] {
  return events.filter((e): e is Extract<WireEvent, { type: T }> => e.type === type);
}
