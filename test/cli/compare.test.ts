// `pushbench compare` end to end: synthetic runs.csv folders in a temp dir, the real CLI entry.
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { RUN_COLUMNS, type RunRow } from '../../harness/shared/row-schema.ts';
import { seededRandom } from '../../harness/stats/index.ts';
import { UsageError } from '../../harness/shared/usage-error.ts';
import { compareRuns, run as compareInProcess } from '../../harness/cli/compare.ts';
import { appendToHistory } from '../../harness/report/history.ts';
import { readRunsCsv } from '../../harness/report/read-runs.ts';

const CLI = join(PROJECT_ROOT, 'harness', 'bin', 'pushbench.js');
const tmp = mkdtempSync(join(tmpdir(), 'pb-compare-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

interface RunSpec {
  seed: number;
  /** Extra milliseconds added to lcp/fcp of this variant. */
  slow?: Record<string, number>;
  variants?: string[];
  profile?: string;
  browserVersion?: string;
  /** think_ms per variant (default 0). */
  think?: Record<string, number>;
  n?: number;
  columns?: readonly string[];
}

/** A runs.csv with every RUN_COLUMN: 3 variants × 2 cache states × n loads, log-normal times (5 % CV). */
function writeRun(name: string, spec: RunSpec): string {
  const random = seededRandom(spec.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const rows: RunRow[] = [];
  const blank = Object.fromEntries(RUN_COLUMNS.map((c) => [c, ''])) as RunRow;
  for (const variant of spec.variants ?? ['h2', 'push', 'early-hints']) {
    for (const cache of ['cold', 'warm']) {
      for (let rep = 1; rep <= (spec.n ?? 10); rep++) {
        const extra = spec.slow?.[variant] ?? 0;
        const lcp = 1500 * Math.exp(0.05 * normal()) + extra;
        rows.push({
          ...blank,
          run_id: name, commit: 'abc1234', pushbench_version: '0.1.0', tool_version: 'playwright-core 1.65.1',
          browser: 'chromium-103', browser_version: spec.browserVersion ?? 'HeadlessChrome 103.0.5058.0',
          variant, topology: 'direct', think_ms: String(spec.think?.[variant] ?? 0), site: 'blog', page: '/', profile: spec.profile ?? '4g',
          rtt_ms: '150', down_kbps: '1600', up_kbps: '750', loss_pct: '0', queue_bytes: '', shaper: 'none',
          congestion_control: 'cubic', cache, repetition: String(rep), order: '1',
          started_at: new Date(Date.UTC(2026, 0, spec.seed % 28 + 1, 0, 0, rep)).toISOString(),
          shaping_check: 'n/a', ttfb_ms: '80', fcp_ms: (0.5 * lcp).toFixed(1), lcp_ms: lcp.toFixed(1),
          dcl_ms: (0.6 * lcp).toFixed(1), load_ms: (1.1 * lcp).toFixed(1), transfer_bytes: '250000',
        });
      }
    }
  }
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  const columns = spec.columns ?? RUN_COLUMNS;
  writeFileSync(join(dir, 'runs.csv'), stringify([columns, ...rows.map((r) => columns.map((c) => r[c as keyof RunRow]))]));
  return dir;
}

/** Runs `node harness/bin/pushbench.js compare …` (asynchronously, so independent calls overlap). */
function pushbench(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'compare', ...args], { env: { ...process.env, GITHUB_STEP_SUMMARY: '', ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('pushbench compare', { concurrency: true }, () => {
test('a variant slowed by server think time is the same cell, and its regression is named', async () => {
  const base = writeRun('think-base', { seed: 21 });
  const current = writeRun('think-current', { seed: 22, think: { 'early-hints': 200 }, slow: { 'early-hints': 200 } });
  const res = await pushbench([base, current, '--out', join(tmp, 'think-out')]);
  assert.equal(res.code, 1, res.out + res.err);
  assert.match(res.out, /early-hints.*regression/);
  assert.match(res.out, /think 0 → 200 ms/);
  assert.doesNotMatch(res.out, /h2 \/.*regression/);
});

test('same distribution: exit 0, writes compare.csv/compare.md and appends to $GITHUB_STEP_SUMMARY', async () => {
  const base = writeRun('same-base', { seed: 1 });
  // a browser update keeps the cells matched and is reported
  const current = writeRun('same-current', { seed: 2, browserVersion: 'HeadlessChrome 104.0.5112.0' });
  const summary = join(tmp, 'step-summary.md');
  writeFileSync(summary, '# earlier step\n');
  const r = await pushbench([base, current], { GITHUB_STEP_SUMMARY: summary });
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /no significant regression/);
  assert.match(r.out, /browser HeadlessChrome 103\.0\.5058\.0 → HeadlessChrome 104\.0\.5112\.0/);
  const csv = readFileSync(join(current, 'compare.csv'), 'utf8').trim().split('\n');
  assert.equal(csv.length, 1 + 3 * 2 * 2); // header + 3 variants × 2 caches × 2 default metrics
  assert.ok(!csv.some((l) => l.endsWith(',regression')));
  const md = readFileSync(join(current, 'compare.md'), 'utf8');
  assert.match(md, /^## pushbench compare/);
  assert.match(md, /\| --- \|/);
  assert.match(md, /## Verdict\n/, 'the current run\'s verdict below the regression table');
  const step = readFileSync(summary, 'utf8');
  assert.ok(step.startsWith('# earlier step\n') && step.includes(md));
});

test('one variant slowed by 200 ms: exit 1, the regression names that variant only', async () => {
  const base = writeRun('slow-base', { seed: 3 });
  const current = writeRun('slow-current', { seed: 4, slow: { push: 200 } });
  const out = join(tmp, 'slow-out');
  const r = await pushbench([join(base, 'runs.csv'), current, '--metric', 'lcp_ms', '--out', out]);
  assert.equal(r.code, 1, r.out + r.err);
  const regressionLines = r.out.split('\n').filter((l) => l.includes('variant='));
  assert.equal(regressionLines.length, 2, r.out); // push × cold and warm
  for (const line of regressionLines) assert.match(line, /variant=push profile=4g cache=(cold|warm) metric=lcp_ms/);
  assert.ok(existsSync(join(out, 'compare.csv')) && existsSync(join(out, 'compare.md')));
  assert.match(readFileSync(join(out, 'compare.md'), 'utf8'), /regression\(s\)/);
  // The same slowdown below the minimum effect passes the gate (same decision, in process).
  const rows = compareRuns(readRunsCsv(join(base, 'runs.csv')), readRunsCsv(join(current, 'runs.csv')), { metrics: ['lcp_ms'], minEffectMs: 500, minEffectPct: 5, alpha: 0.05 });
  assert.ok(rows.every((row) => row.verdict !== 'regression'));
});

async function rejectsUsage(args: string[], message: RegExp) {
  await assert.rejects(compareInProcess(args), (err: unknown) => err instanceof UsageError && message.test(err.message));
}

test('bad input exits 2 with a message naming the file and the problem', async () => {
  const good = writeRun('bad-good', { seed: 7 });
  const missingPath = join(tmp, 'does-not-exist');
  const short = writeRun('bad-columns', { seed: 8, columns: RUN_COLUMNS.filter((c) => c !== 'cache' && c !== 'lcp_ms') });
  const other = writeRun('bad-profile', { seed: 9, profile: '3g' });
  const [missing, columns, disjoint] = await Promise.all([
    pushbench([missingPath, good]),
    pushbench([good, short]),
    pushbench([good, other]),
  ]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /BASE: ".*does-not-exist" does not exist/);
  assert.equal(columns.code, 2);
  assert.match(columns.err, /bad-columns[\\/]runs\.csv: runs\.csv header is missing column\(s\) cache, lcp_ms/);
  assert.equal(disjoint.code, 2);
  assert.match(disjoint.err, /no overlapping cells between .*bad-good.* and .*bad-profile/);
  assert.match(disjoint.err, /profile=4g/);
  assert.match(disjoint.err, /profile=3g/);

  // The remaining checks throw the same UsageError in process (the CLI turns it into exit 2).
  const emptyDir = join(tmp, 'no-runs');
  mkdirSync(emptyDir, { recursive: true });
  await rejectsUsage([good, emptyDir], /CURRENT: folder ".*no-runs" has no runs\.csv/);
  const headerOnly = join(tmp, 'header-only.csv');
  writeFileSync(headerOnly, RUN_COLUMNS.join(',') + '\n');
  await rejectsUsage([headerOnly, good], /BASE: .*header-only\.csv has a header but no rows/);
  const ragged = join(tmp, 'ragged.csv');
  writeFileSync(ragged, RUN_COLUMNS.join(',') + '\n' + 'a,b,c\n');
  await rejectsUsage([good, ragged], /ragged\.csv: (row 2 has 3 fields|not a valid CSV file)/);
  await rejectsUsage([good, good, '--metric', 'lcp'], /--metric: "lcp" is not a summarised metric/);
  await rejectsUsage([good], /needs BASE and CURRENT/);
  await rejectsUsage([good, good, '--alpha', '2'], /--alpha: "2" is not valid/);
  await rejectsUsage([good, good, '--min-effect-ms', 'x'], /--min-effect-ms/);
  await rejectsUsage([good, good, '--frobnicate'], /compare: Unknown option '--frobnicate'/);
});

test('--history DIR --last N: baseline from stored runs; --append-to-history stores CURRENT', async () => {
  const history = join(tmp, 'history');
  const first = writeRun('hist-1', { seed: 10 });
  const second = writeRun('hist-2', { seed: 11 });
  appendToHistory(history, first);
  // and through the CLI flag
  assert.equal((await pushbench([first, second, '--append-to-history', history])).code, 0);
  assert.deepEqual(readdirSync(history).sort(), ['hist-1.json', 'hist-2.json']);

  const fine = writeRun('hist-3', { seed: 12 });
  const slow = writeRun('hist-4', { seed: 13, slow: { 'early-hints': 200 } });
  const [passed, regressed] = await Promise.all([
    pushbench(['--history', history, '--last', '2', fine]),
    pushbench(['--history', history, '--last', '1', slow]),
  ]);
  assert.equal(passed.code, 0, passed.out + passed.err);
  assert.match(passed.out, /\b20\/10\b/); // 2 runs × 10 loads merged as the baseline
  assert.equal(regressed.code, 1, regressed.out + regressed.err);
  assert.match(regressed.out, /variant=early-hints/);
  assert.doesNotMatch(regressed.out, /variant=(h2|push) /);

  await rejectsUsage(['--history', join(tmp, 'nope'), fine], /--history: ".*nope" is not a folder/);
  await rejectsUsage(['--history', history, '--last', '0', fine], /--last: "0" is not valid/);
  await rejectsUsage(['--history', history, first, fine], /exactly one positional/);
});
});
