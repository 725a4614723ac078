// Two arms of the same cell side by side: one variant on two server families (pushbench's own
// server against Caddy), and a variant over HTTP/3 against its HTTP/2 counterpart on the same
// server (h3 vs h2, h3-early-hints vs early-hints, h3-preload vs preload). Each pair is the
// Hodges–Lehmann shift right − left with its 95 % interval and the Mann–Whitney p, as the
// baseline deltas are (variant-deltas.ts). Pure.

import { CELL_KEY_COLUMNS, type RunRow } from '../shared/row-schema.ts';
import { traitsOf, variantsWhere, type VariantName } from '../shared/variants.ts';
import { cellKeyOf, groupByCell, successfulValues, type CellKey, type CellKeyColumn } from './cells.ts';
import { median } from './describe.ts';
import { hodgesLehmannShift } from './hodges-lehmann.ts';
import { mannWhitneyU } from './mann-whitney.ts';

export type PairKind = 'server' | 'protocol';

export interface Side { server: string; variant: string }

export type ArmPair = Omit<CellKey, 'variant' | 'server' | 'server_version'> & {
  kind: PairKind;
  left: Side;
  right: Side;
  metric: 'fcp_ms' | 'lcp_ms' | 'ttfb_ms';
  n_left: number;
  n_right: number;
  left_median: number;
  right_median: number;
  /** Hodges–Lehmann shift right − left (negative: the right arm is faster). */
  shift: number;
  ci_low: number;
  ci_high: number;
  p: number;
};

const PAIR_METRICS = ['ttfb_ms', 'fcp_ms', 'lcp_ms'] as const;
const SHARED_KEYS = CELL_KEY_COLUMNS.filter((c) => c !== 'variant' && c !== 'server' && c !== 'server_version') as CellKeyColumn[];
const serverOf = (r: RunRow) => r.server || 'pushbench';

/** The HTTP/2 variant doing what an HTTP/3 variant does (same mechanism and early path), if any. */
export function tcpCounterpart(variant: string): VariantName | undefined {
  const t = traitsOf(variant);
  if (!t || t.transport !== 'quic') return undefined;
  return variantsWhere((v) => v.protocol === 'h2' && v.mechanism === t.mechanism && v.early === t.early && v.refines === null)[0];
}

function compare(kind: PairKind, key: CellKey, left: { side: Side; rows: RunRow[] }, right: { side: Side; rows: RunRow[] }): ArmPair[] {
  const out: ArmPair[] = [];
  const { variant: _v, server: _s, server_version: _sv, ...shared } = key;
  for (const metric of PAIR_METRICS) {
    const a = successfulValues(left.rows, metric);
    const b = successfulValues(right.rows, metric);
    if (a.length === 0 || b.length === 0) continue;
    const hl = hodgesLehmannShift(a, b);
    out.push({
      ...shared, kind, left: left.side, right: right.side, metric, n_left: a.length, n_right: b.length,
      left_median: median(a), right_median: median(b), shift: hl.shift, ci_low: hl.low, ci_high: hl.high, p: mannWhitneyU(b, a).p,
    });
  }
  return out;
}

export function armPairs(rows: readonly RunRow[]): ArmPair[] {
  const out: ArmPair[] = [];
  for (const group of groupByCell(rows, SHARED_KEYS).values()) {
    const key = cellKeyOf(group[0]!);
    const arms = new Map<string, { side: Side; rows: RunRow[] }>();
    for (const r of group) {
      const side = { server: serverOf(r), variant: r.variant };
      const id = `${side.server}\u0000${side.variant}`;
      const arm = arms.get(id) ?? { side, rows: [] };
      arm.rows.push(r);
      arms.set(id, arm);
    }
    const all = [...arms.values()];
    // The same variant on two servers: pushbench's own on the left.
    for (const right of all.filter((a) => a.side.server !== 'pushbench')) {
      const left = arms.get(`pushbench\u0000${right.side.variant}`);
      if (left) out.push(...compare('server', key, left, right));
    }
    // HTTP/3 against HTTP/2 on one server.
    for (const right of all) {
      const counterpart = tcpCounterpart(right.side.variant);
      const left = counterpart && arms.get(`${right.side.server}\u0000${counterpart}`);
      if (left) out.push(...compare('protocol', key, left, right));
    }
  }
  return out;
}
