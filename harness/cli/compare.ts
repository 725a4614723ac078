// `pushbench compare BASE CURRENT`: the CI regression gate.
//
// For every cell present in both runs (matched on CELL_KEY_COLUMNS except browser_version and
// think_ms, which may change between runs and are reported; a run that sweeps think times matches
// on think_ms too, each think time against its own) and every
// chosen metric, compare the loads with the decision of harness/stats/decide.ts: a Mann–Whitney U
// test (as sitespeed.io's compare) plus a Hodges–Lehmann shift with its confidence interval
// (as Tachometer reports intervals on differences). A cell regresses when p < alpha AND the shift
// is slower by more than both --min-effect-ms and --min-effect-pct of the base median.
// Exit 1 when any cell regresses, 0 otherwise, 2 on bad input (UsageError).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { UsageError } from '../shared/usage-error.ts';
import { appendStepSummary } from './step-summary.ts';
import { CELL_KEY_COLUMNS, SUMMARY_METRICS, type RunRow } from '../shared/row-schema.ts';
import { readRunsCsv, resolveRunsCsv } from '../report/read-runs.ts';
import { runVerdictMarkdown } from '../report/verdict-text.ts';
import { appendToHistory, loadHistory } from '../report/history.ts';
import { groupByCell, isFailed, measuresSeveralThinkTimes, successfulValues, type CellKeyColumn } from '../stats/cells.ts';
import { compareSamples, DEFAULT_DECISION, type Comparison } from '../stats/decide.ts';
import type { SummaryMetric } from '../stats/summarize.ts';

const USAGE = `usage: pushbench compare BASE CURRENT [options]
       pushbench compare --history DIR [--last N] CURRENT [options]

BASE, CURRENT   a results folder (holding runs.csv) or a runs.csv file
--metric LIST   comma-separated metrics to gate on (default lcp_ms,fcp_ms; any of ${SUMMARY_METRICS.join(', ')})
--min-effect-ms N   smallest slowdown that counts, in ms (default 20; applies to *_ms metrics)
--min-effect-pct N  smallest slowdown that counts, in % of the base median (default 5)
--alpha A       significance level of the two-sided Mann–Whitney U test (default 0.05)
--history DIR   use the last N runs stored in DIR as BASE (see --append-to-history)
--last N        how many history runs to merge (default 5)
--append-to-history DIR   after comparing, store CURRENT in the history folder DIR
--out DIR       where to write compare.csv and compare.md (default: CURRENT's folder)`;

/**
 * Conditions that may change between BASE and CURRENT without making it another cell: a browser
 * update, or a slower backend (think time). Both are reported next to the verdict.
 */
export const REPORTED_COLUMNS = ['browser_version', 'think_ms'] as const satisfies readonly CellKeyColumn[];
type ReportedColumn = (typeof REPORTED_COLUMNS)[number];
/** The cell columns compared runs must share. */
export const MATCH_COLUMNS = CELL_KEY_COLUMNS.filter((c) => !(REPORTED_COLUMNS as readonly string[]).includes(c)) as CellKeyColumn[];

/**
 * True when one run of the rows (run_id) measured a cell (MATCH_COLUMNS) at several think times: a
 * think-time sweep, whose think times are cells of their own.
 */
export function sweepsThinkTime(rows: readonly RunRow[]): boolean {
  return measuresSeveralThinkTimes(rows, MATCH_COLUMNS);
}

/** The columns cells match on: MATCH_COLUMNS, and think_ms when either side sweeps think times. */
export function matchColumnsFor(baseRows: readonly RunRow[], currentRows: readonly RunRow[]): CellKeyColumn[] {
  return sweepsThinkTime(baseRows) || sweepsThinkTime(currentRows) ? [...MATCH_COLUMNS, 'think_ms'] : MATCH_COLUMNS;
}

export interface CompareOptions {
  metrics: SummaryMetric[];
  minEffectMs: number;
  minEffectPct: number;
  alpha: number;
}

export interface CompareArgs extends CompareOptions {
  base?: string;
  current: string;
  history?: string;
  last: number;
  appendToHistory?: string;
  out?: string;
  help: boolean;
}

export type CompareRow = Record<Exclude<CellKeyColumn, ReportedColumn>, string> & Record<`${'base' | 'current'}_${ReportedColumn}`, string> & {
  metric: SummaryMetric;
  n_failed_base: number;
  n_failed_current: number;
} & Comparison;

function parseNumber(text: string | undefined, flag: string, fallback: number, check: (v: number) => boolean, rule: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) throw new UsageError(`${flag}: "${text}" is not valid; it must be ${rule}`);
  return value;
}

export function parseCompareArgs(argv: string[]): CompareArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        metric: { type: 'string' },
        'min-effect-ms': { type: 'string' },
        'min-effect-pct': { type: 'string' },
        alpha: { type: 'string' },
        history: { type: 'string' },
        last: { type: 'string' },
        'append-to-history': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(`compare: ${(err as Error).message}\n${USAGE}`);
  }
  const { values: v, positionals } = parsed;
  const metrics = (v.metric ?? 'lcp_ms,fcp_ms').split(',').map((m) => m.trim()).filter(Boolean);
  for (const m of metrics) {
    if (!(SUMMARY_METRICS as readonly string[]).includes(m)) throw new UsageError(`--metric: "${m}" is not a summarised metric; use one or more of ${SUMMARY_METRICS.join(', ')}`);
  }
  if (metrics.length === 0) throw new UsageError(`--metric: empty; use one or more of ${SUMMARY_METRICS.join(', ')}`);
  const help = v.help ?? false;
  const wanted = v.history ? 1 : 2;
  if (!help && positionals.length !== wanted) {
    throw new UsageError(
      v.history
        ? `compare --history takes exactly one positional (CURRENT), got ${positionals.length}\n${USAGE}`
        : `compare needs BASE and CURRENT (results folders or runs.csv files), got ${positionals.length} argument(s)\n${USAGE}`,
    );
  }
  if (v.last !== undefined && !v.history) throw new UsageError('--last: only meaningful with --history DIR');
  return {
    metrics: metrics as SummaryMetric[],
    minEffectMs: parseNumber(v['min-effect-ms'], '--min-effect-ms', DEFAULT_DECISION.minEffectAbs, (x) => x >= 0, 'a number of milliseconds >= 0'),
    minEffectPct: parseNumber(v['min-effect-pct'], '--min-effect-pct', DEFAULT_DECISION.minEffectPct, (x) => x >= 0, 'a percentage >= 0'),
    alpha: parseNumber(v.alpha, '--alpha', DEFAULT_DECISION.alpha, (x) => x > 0 && x < 1, 'between 0 and 1, e.g. 0.05'),
    base: v.history ? undefined : positionals[0],
    current: positionals[wanted - 1] ?? '',
    history: v.history,
    last: parseNumber(v.last, '--last', 5, (x) => Number.isInteger(x) && x >= 1, 'a whole number >= 1'),
    appendToHistory: v['append-to-history'],
    out: v.out,
    help,
  };
}

/** The distinct values of a reported column in one cell, e.g. "156.0.8078.79" or "0 | 200". */
function distinct(rows: readonly RunRow[], column: ReportedColumn): string {
  return [...new Set(rows.map((r) => r[column]).filter((s) => s !== ''))].sort().join(' | ');
}

function reported(baseCell: readonly RunRow[], currentCell: readonly RunRow[]): Record<`${'base' | 'current'}_${ReportedColumn}`, string> {
  const out = {} as Record<`${'base' | 'current'}_${ReportedColumn}`, string>;
  for (const c of REPORTED_COLUMNS) {
    out[`base_${c}`] = distinct(baseCell, c);
    out[`current_${c}`] = distinct(currentCell, c);
  }
  return out;
}

/**
 * Compares every overlapping cell × metric. Pure: rows in, rows out.
 * Throws UsageError (naming both inputs) when no cell overlaps.
 */
export function compareRuns(baseRows: readonly RunRow[], currentRows: readonly RunRow[], options: CompareOptions, labels = { base: 'BASE', current: 'CURRENT' }): CompareRow[] {
  const match = matchColumnsFor(baseRows, currentRows);
  const base = groupByCell(baseRows, match);
  const current = groupByCell(currentRows, match);
  const out: CompareRow[] = [];
  for (const [id, currentCell] of current) {
    const baseCell = base.get(id);
    if (!baseCell) continue;
    const key = Object.fromEntries(MATCH_COLUMNS.map((c) => [c, currentCell[0][c]])) as Record<Exclude<CellKeyColumn, ReportedColumn>, string>;
    for (const metric of options.metrics) {
      const comparison = compareSamples(successfulValues(baseCell, metric), successfulValues(currentCell, metric), {
        alpha: options.alpha,
        minEffectAbs: metric.endsWith('_ms') ? options.minEffectMs : 0,
        minEffectPct: options.minEffectPct,
      });
      out.push({
        ...key,
        ...reported(baseCell, currentCell),
        metric,
        n_failed_base: baseCell.filter(isFailed).length,
        n_failed_current: currentCell.filter(isFailed).length,
        ...comparison,
      });
    }
  }
  if (out.length === 0) {
    const sample = (cells: Map<string, RunRow[]>) => [...cells.values()].slice(0, 3).map((rows) => cellLabel(rows[0], match)).join('; ') || '(no rows)';
    throw new UsageError(
      `no overlapping cells between ${labels.base} and ${labels.current} (cells match on ${match.join(', ')}${match.includes('think_ms') ? ': a think-time sweep compares each think time with its own' : ''}); ` +
        `${labels.base} has ${sample(base)} — ${labels.current} has ${sample(current)}; compare runs of the same matrix`,
    );
  }
  return out;
}

function cellLabel(row: Pick<RunRow, CellKeyColumn>, columns: readonly CellKeyColumn[]): string {
  return columns.map((c) => `${c}=${row[c]}`).join(' ');
}

/** The key columns worth showing: variant, profile, cache always; others when they vary. */
function labelColumns(rows: readonly CompareRow[]): CellKeyColumn[] {
  const always: CellKeyColumn[] = ['variant', 'profile', 'cache'];
  const varying = MATCH_COLUMNS.filter((c) => !always.includes(c) && new Set(rows.map((r) => r[c as keyof CompareRow])).size > 1);
  return [...always, ...varying];
}

function fmt(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}
function fmtSigned(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(digits)}` : '–';
}
function fmtP(p: number): string {
  if (!Number.isFinite(p)) return '–';
  return p < 0.0001 ? '<0.0001' : p.toFixed(4);
}

function notes(r: CompareRow): string {
  const out: string[] = [];
  if (r.n_failed_base + r.n_failed_current > 0) out.push(`failed loads ${r.n_failed_base}/${r.n_failed_current}`);
  if (r.base_browser_version !== r.current_browser_version) out.push(`browser ${r.base_browser_version || '?'} → ${r.current_browser_version || '?'}`);
  if (r.base_think_ms !== r.current_think_ms) out.push(`think ${r.base_think_ms || '?'} → ${r.current_think_ms || '?'} ms`);
  return out.join('; ');
}

interface Cells {
  header: string[];
  lines: string[][];
}

function tableCells(rows: readonly CompareRow[], alpha: number): Cells {
  const columns = labelColumns(rows);
  const think = thinkVaries(rows); // a sweep: the think time is part of the cell
  const header = [`cell (${[...columns, ...(think ? ['think_ms'] : [])].join(' / ')})`, 'metric', 'n base/cur', 'base median', 'cur median', `shift [${Number((100 * (1 - alpha)).toFixed(2))}% CI]`, 'shift %', 'p', 'verdict', 'note'];
  const lines = rows.map((r) => [
    [...columns.map((c) => r[c as keyof CompareRow]), ...(think ? [r.current_think_ms] : [])].join(' / '),
    r.metric,
    `${r.nBase}/${r.nCurrent}`,
    fmt(r.baseMedian),
    fmt(r.currentMedian),
    `${fmtSigned(r.shift)} [${fmtSigned(r.shiftLow)}, ${fmtSigned(r.shiftHigh)}]`,
    fmtSigned(r.shiftPct),
    fmtP(r.p),
    r.verdict,
    notes(r),
  ]);
  return { header, lines };
}

export function renderTable(rows: readonly CompareRow[], alpha: number): string {
  const { header, lines } = tableCells(rows, alpha);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [row(header), row(widths.map((w) => '-'.repeat(w))), ...lines.map(row)].join('\n');
}

/** True when the compared cells differ in think time (a sweep): each row then names its own. */
function thinkVaries(rows: readonly CompareRow[]): boolean {
  return new Set(rows.map((r) => r.current_think_ms)).size > 1;
}

function regressionLine(r: CompareRow, withThink = false): string {
  const unit = r.metric.endsWith('_ms') ? ' ms' : '';
  return `variant=${r.variant}${withThink ? ` think_ms=${r.current_think_ms}` : ''} profile=${r.profile} cache=${r.cache} metric=${r.metric}` +
    ` (browser=${r.browser} page=${r.page}): ${fmtSigned(r.shift)}${unit} (${fmtSigned(r.shiftPct)}%), p=${fmtP(r.p)}`;
}

export function renderMarkdown(rows: readonly CompareRow[], options: CompareOptions, labels: { base: string; current: string }): string {
  const regressions = rows.filter((r) => r.verdict === 'regression');
  const improvements = rows.filter((r) => r.verdict === 'improvement');
  const { header, lines } = tableCells(rows, options.alpha);
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const status = regressions.length > 0
    ? `❌ **${regressions.length} regression(s)**`
    : '✅ **no significant regression**';
  return [
    '## pushbench compare',
    '',
    `${status}${improvements.length ? `, ${improvements.length} improvement(s)` : ''} — base \`${labels.base}\`, current \`${labels.current}\``,
    '',
    `Regression = Mann–Whitney U p < ${options.alpha} and Hodges–Lehmann shift > ${options.minEffectMs} ms and > ${options.minEffectPct}% of the base median.`,
    '',
    ...(regressions.length ? ['Regressed cells:', '', ...regressions.map((r) => `- ${esc(regressionLine(r, thinkVaries(rows)))}`), ''] : []),
    `| ${header.map(esc).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...lines.map((l) => `| ${l.map(esc).join(' | ')} |`),
    '',
  ].join('\n');
}

const CSV_COLUMNS = [
  ...MATCH_COLUMNS, ...REPORTED_COLUMNS.flatMap((c) => [`base_${c}`, `current_${c}`]), 'metric',
  'n_base', 'n_current', 'n_failed_base', 'n_failed_current', 'base_median', 'current_median',
  'shift', 'shift_ci_low', 'shift_ci_high', 'shift_pct', 'p', 'verdict',
] as const;

export function renderCsv(rows: readonly CompareRow[]): string {
  const num = (v: number, d = 3) => (Number.isFinite(v) ? String(Number(v.toFixed(d))) : '');
  const records = rows.map((r) => [
    ...MATCH_COLUMNS.map((c) => r[c as keyof CompareRow] as string),
    ...REPORTED_COLUMNS.flatMap((c) => [r[`base_${c}`], r[`current_${c}`]]), r.metric,
    String(r.nBase), String(r.nCurrent), String(r.n_failed_base), String(r.n_failed_current),
    num(r.baseMedian), num(r.currentMedian), num(r.shift), num(r.shiftLow), num(r.shiftHigh), num(r.shiftPct),
    Number.isFinite(r.p) ? String(Number(r.p.toPrecision(6))) : '', r.verdict,
  ]);
  return stringify([[...CSV_COLUMNS], ...records]);
}

export async function run(argv: string[]): Promise<number> {
  const args = parseCompareArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const currentFile = resolveRunsCsv(args.current, 'CURRENT');
  const currentRows = readRunsCsv(currentFile);
  let baseRows: RunRow[];
  let baseLabel: string;
  if (args.history) {
    baseRows = loadHistory(args.history, args.last);
    baseLabel = `${args.history} (last ${args.last} runs)`;
  } else {
    const baseFile = resolveRunsCsv(args.base!, 'BASE');
    baseRows = readRunsCsv(baseFile);
    baseLabel = baseFile;
    if (baseRows.length === 0) throw new UsageError(`BASE: ${baseFile} has a header but no rows; pass the runs.csv of a finished run`);
  }
  if (currentRows.length === 0) throw new UsageError(`CURRENT: ${currentFile} has a header but no rows; pass the runs.csv of a finished run`);
  const labels = { base: baseLabel, current: currentFile };
  const rows = compareRuns(baseRows, currentRows, args, labels);

  console.log(renderTable(rows, args.alpha));
  const outDir = args.out ?? dirname(currentFile);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'compare.csv'), renderCsv(rows));
  // The current run's own verdict (which strategies beat its baseline) below the regression table.
  const markdown = `${renderMarkdown(rows, args, labels)}\n${runVerdictMarkdown(dirname(currentFile), currentRows)}`;
  writeFileSync(join(outDir, 'compare.md'), markdown);
  appendStepSummary(markdown);
  console.log(`\nwrote ${join(outDir, 'compare.csv')} and ${join(outDir, 'compare.md')}`);

  const match = matchColumnsFor(baseRows, currentRows);
  const baseCells = new Set(groupByCell(baseRows, match).keys());
  const currentCells = new Set(groupByCell(currentRows, match).keys());
  const baseOnly = [...baseCells].filter((k) => !currentCells.has(k)).length;
  const currentOnly = [...currentCells].filter((k) => !baseCells.has(k)).length;
  if (baseOnly + currentOnly > 0) console.log(`note: not compared — ${baseOnly} cell(s) only in BASE, ${currentOnly} only in CURRENT`);
  if (args.appendToHistory) console.log(`added CURRENT to history: ${appendToHistory(args.appendToHistory, args.current)}`);

  const regressions = rows.filter((r) => r.verdict === 'regression');
  if (regressions.length === 0) {
    console.log('no significant regression above the minimum effect');
    return 0;
  }
  console.log(`\nREGRESSION in ${regressions.length} cell(s):`);
  for (const r of regressions) console.log(`  ${regressionLine(r, thinkVaries(rows))}`);
  return 1;
}
