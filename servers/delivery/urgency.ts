// RFC 9218 Extensible Priorities: the `priority` request header and PRIORITY_UPDATE frames carry a
// Priority Field Value, a Structured Fields dictionary with `u` (urgency 0–7, default 3; lower is
// more urgent) and `i` (incremental, default false). Unknown members and bad values are ignored,
// as §4 asks.
import { parseDictionary } from 'structured-headers';

export interface Urgency {
  urgency: number;
  incremental: boolean;
}

export const DEFAULT_URGENCY: Urgency = { urgency: 3, incremental: false };

/** Parses a Priority Field Value; a missing or malformed member keeps `base`'s value. */
export function parseUrgency(value: string, base: Urgency = DEFAULT_URGENCY): Urgency {
  let dict: ReturnType<typeof parseDictionary>;
  try {
    dict = parseDictionary(value);
  } catch {
    return base;
  }
  const u = dict.get('u')?.[0];
  const i = dict.get('i')?.[0];
  return {
    urgency: typeof u === 'number' && Number.isInteger(u) && u >= 0 && u <= 7 ? u : base.urgency,
    incremental: typeof i === 'boolean' ? i : base.incremental,
  };
}
