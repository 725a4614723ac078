// What each shard of a distributed run really ran, for `pushbench merge`: its loads, the browsers
// with the full versions the loads recorded, the shapers the loads went through and its failed loads.
// Everything comes from the rows, not from the config: `shaper: auto` becomes tun or proxy
// depending on whether the shard had root, and a shard beyond the number of Playwright projects
// runs nothing — a summary that repeated the config would hide both.
import type { RunRow } from '../shared/row-schema.ts';

/** The columns a shard's summary reads. */
export type ShardRow = Pick<RunRow, 'browser' | 'browser_version' | 'shaper' | 'error'>;

export interface ShardInput {
  /** The shard's results folder, as given to merge. */
  dir: string;
  /** The rows of the loads this shard ran. */
  rows: readonly ShardRow[];
  /** benchmark.shaper of the shard's run.json (auto, tun, proxy…), when it has one. */
  configuredShaper?: string;
}

export interface ShardSummary {
  dir: string;
  loads: number;
  /** "name version", e.g. "chromium-103 103.0.5058.0", sorted. */
  browsers: string[];
  /** Shapers the loads went through, sorted (a `none` profile runs through `none`). */
  shapers: string[];
  configuredShaper?: string;
  /** Loads with a non-empty error column. */
  errors: number;
}

const sortedUnique = (values: Iterable<string>): string[] => [...new Set(values)].sort();

export function summarizeShard(input: ShardInput): ShardSummary {
  return {
    dir: input.dir,
    loads: input.rows.length,
    browsers: sortedUnique(input.rows.map((r) => `${r.browser} ${r.browser_version}`.trim())),
    shapers: sortedUnique(input.rows.map((r) => r.shaper).filter((s) => s !== '')),
    configuredShaper: input.configuredShaper,
    errors: input.rows.filter((r) => r.error.trim() !== '').length,
  };
}

/** A Markdown cell: a `|` would end the cell, a newline the row. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The shapers used, and the configured one where it is not simply what ran (e.g. "tun (config: auto)"). */
function shaperCell(s: ShardSummary): string {
  if (s.shapers.length === 0) return '—';
  const used = s.shapers.join(', ');
  const sameAsConfig = s.shapers.length === 1 && s.shapers[0] === s.configuredShaper;
  return s.configuredShaper && !sameAsConfig ? `${used} (config: ${s.configuredShaper})` : used;
}

/**
 * One table line per shard, in the order given, then a note for every shard that ran no loads.
 * Markdown, so the same text reads in a terminal and renders in $GITHUB_STEP_SUMMARY.
 */
export function shardSummaryMarkdown(shards: readonly ShardInput[]): string {
  const summaries = shards.map(summarizeShard);
  const lines = [
    '### What each shard ran',
    '',
    '| shard | loads | browsers (full versions) | shaper | errors |',
    '|---|---:|---|---|---:|',
    ...summaries.map((s) =>
      `| ${cell(s.dir)} | ${s.loads} | ${cell(s.browsers.join(', ') || '—')} | ${cell(shaperCell(s))} | ${s.errors} |`),
  ];
  const empty = summaries.filter((s) => s.loads === 0);
  if (empty.length > 0) {
    lines.push('');
    for (const s of empty) {
      lines.push(`**${cell(s.dir)} ran no loads**: use at most as many shards as Playwright projects (browsers × profiles).`);
    }
  }
  return lines.join('\n') + '\n';
}
