// The verdict (harness/stats/verdict.ts) in plain words: one block per cell, a sentence naming the
// strategies that beat the baseline, lost to it, or showed no evidence either way, then a table of
// shifts with their 95 % intervals. The same text goes to summary.md and the dashboard's first section.
import fs from 'node:fs';
import path from 'node:path';
import type { RunRow } from '../shared/row-schema.ts';
import { BASELINE_VARIANT } from '../shared/variants.ts';
import { readRunJson } from '../run/run-json.ts';
import { variantDeltas } from '../stats/variant-deltas.ts';
import { verdictOf, type Judgement, type VerdictCell, type VerdictRow } from '../stats/verdict.ts';

/**
 * A variant's label with its think time, "early-hints · think 150 ms": how the report names an arm
 * when the run's rows hold more than one think time (a sweep, or a variant slowed on purpose).
 */
export function withThinkTime(label: string, thinkMs: string | number): string {
  return `${label} · think ${thinkMs === '' ? '?' : thinkMs} ms`;
}

/** True when the rows hold more than one think time: the report's labels then say each one's. */
export function severalThinkTimes(rows: readonly Pick<RunRow, 'think_ms'>[]): boolean {
  return new Set(rows.map((r) => r.think_ms)).size > 1;
}

const sign = (v: number) => (v > 0 ? `+${v.toFixed(0)}` : v.toFixed(0));
const kb = (v: number) => (v > 0 ? `+${(v / 1000).toFixed(1)}` : (v / 1000).toFixed(1));

function judged(j: Judgement | undefined, unit: 'ms' | 'kB'): string {
  if (!j) return '—';
  const f = unit === 'ms' ? sign : kb;
  const word = j.evidence === 'better' ? (unit === 'ms' ? 'faster' : 'fewer bytes') : j.evidence === 'worse' ? (unit === 'ms' ? 'slower' : 'more bytes') : 'no evidence';
  return `${f(j.shift)} ${unit} (${f(j.low)} to ${f(j.high)}): ${word}`;
}

function names(rows: readonly VerdictRow[], pick: (r: VerdictRow) => Judgement | undefined, evidence: Judgement['evidence']): string[] {
  return rows.filter((r) => pick(r)?.evidence === evidence).map((r) => r.variant);
}

/** "On FCP, early-hints, preload beat h2; h2-push lost to h2; no evidence either way for h1. On LCP, …" */
export function verdictSentence(cell: VerdictCell): string {
  const parts: string[] = [];
  // A sweep compares each think time with the baseline at the same think time.
  const baseline = new Set(cell.rows.map((r) => r.thinkMs)).size > 1 ? `${cell.baseline} at the same think time` : cell.baseline;
  for (const [metric, pick] of [['FCP', (r: VerdictRow) => r.fcp], ['LCP', (r: VerdictRow) => r.lcp]] as const) {
    const better = names(cell.rows, pick, 'better');
    const worse = names(cell.rows, pick, 'worse');
    const none = names(cell.rows, pick, 'no evidence');
    const said: string[] = [];
    if (better.length) said.push(`${better.join(', ')} beat ${baseline}`);
    if (worse.length) said.push(`${worse.join(', ')} lost to ${baseline}`);
    if (none.length) said.push(`no evidence either way for ${none.join(', ')}`);
    if (said.length) parts.push(`On ${metric}, ${said.join('; ')}`);
  }
  const costly = cell.rows.filter((r) => r.bytes?.evidence === 'worse').map((r) => `${r.variant} (${kb(r.bytes!.shift)} kB)`);
  if (cell.cache !== 'cold' && costly.length) parts.push(`Returning visitors paid more bytes with ${costly.join(', ')}`);
  return parts.length ? `${parts.join('. ')}.` : 'No variant had values beside the baseline.';
}

export function cellTitle(cell: VerdictCell, several: { pages: boolean; servers: boolean }): string {
  const extra = [several.pages ? `page ${cell.page}` : '', several.servers ? `server ${cell.server}` : ''].filter(Boolean);
  return `${cell.profile} · ${cell.cache} · ${cell.browser} ${cell.browserVersion}${extra.length ? ` · ${extra.join(' · ')}` : ''}`;
}

/** The cells with each row's variant named with its think time ("early-hints · think 150 ms"). */
export function thinkLabelled(cells: readonly VerdictCell[]): VerdictCell[] {
  return cells.map((cell) => ({ ...cell, rows: cell.rows.map((r) => ({ ...r, variant: withThinkTime(r.variant, r.thinkMs) })) }));
}

/**
 * The markdown of summary.md's verdict; `thinkLabels` (default: when the rows name more than one
 * think time) names each row's think time.
 */
export function verdictMarkdown(verdictCells: readonly VerdictCell[], thinkLabels = new Set(verdictCells.flatMap((c) => c.rows.map((r) => r.thinkMs))).size > 1): string {
  const cells = thinkLabels ? thinkLabelled(verdictCells) : verdictCells;
  if (cells.length === 0) return '## Verdict\n\nNo cell has the baseline and another variant with values: nothing to compare.\n';
  const several = { pages: new Set(cells.map((c) => c.page)).size > 1, servers: new Set(cells.map((c) => c.server)).size > 1 };
  const lines = [
    '## Verdict',
    '',
    `Each strategy against ${cells[0]!.baseline}: Hodges–Lehmann shift (variant − baseline) with its 95 % interval; "faster" or "slower" only when the interval excludes 0, otherwise "no evidence". Bytes: transfer per load in a warm cache (returning visitors).`,
  ];
  for (const cell of cells) {
    lines.push('', `### ${cellTitle(cell, several)}`, '', verdictSentence(cell), '', '| variant | FCP | LCP | bytes, returning visitor |', '|---|---|---|---|');
    for (const row of cell.rows) lines.push(`| ${row.variant} | ${judged(row.fcp, 'ms')} | ${judged(row.lcp, 'ms')} | ${cell.cache === 'cold' ? 'n/a (cold)' : judged(row.bytes, 'kB')} |`);
  }
  return lines.join('\n') + '\n';
}

export { judged as judgementText };

/** The verdict of a run folder's rows against the run's baseline (run.json), as markdown. */
export function runVerdictMarkdown(runDir: string, rows: readonly RunRow[]): string {
  const baseline = readRunJson(runDir).benchmark?.baseline ?? BASELINE_VARIANT;
  const verdict = verdictMarkdown(verdictOf(variantDeltas(rows, baseline)), severalThinkTimes(rows));
  return rows.some((r) => r.filmstrip_frames !== '') ? `${FILMSTRIP_CAVEAT}\n\n${verdict}` : verdict;
}

/** Said above the verdict of a filmstrip pass. */
export const FILMSTRIP_CAVEAT = '> This run recorded the screen (a filmstrip pass): its FCP and LCP carry the recording\'s cost (8–68 ms later on the default matrix, results/README.md). Compare strategies on a run without it.';

/** summary.md of a run folder: its verdict, beside summary.csv. */
export function writeVerdictMarkdown(runDir: string, rows: readonly RunRow[]): string {
  const file = path.join(runDir, 'summary.md');
  fs.writeFileSync(file, `# ${path.basename(runDir)}\n\n${runVerdictMarkdown(runDir, rows)}`);
  return file;
}
