// The verdict is the statistics in words: "beat" and "lost" only when the interval excludes zero.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RUN_COLUMNS, type RunRow } from '../../harness/shared/row-schema.ts';
import { variantDeltas } from '../../harness/stats/variant-deltas.ts';
import { judge, verdictOf } from '../../harness/stats/verdict.ts';
import { verdictMarkdown, verdictSentence } from '../../harness/report/verdict-text.ts';

function rows(variant: string, cache: string, fcps: number[], bytes: number): RunRow[] {
  return fcps.map((fcp, i) => ({
    ...(Object.fromEntries(RUN_COLUMNS.map((c) => [c, ''])) as RunRow),
    browser: 'chromium', browser_version: '156.0.8078.108', server: 'pushbench', variant, profile: 'slow-4g', cache, page: '/', repetition: String(i + 1),
    fcp_ms: String(fcp), lcp_ms: String(fcp + 500), transfer_bytes: String(bytes + i), error: '',
  }));
}

test('beat, lost and no evidence follow the interval; returning visitors\' bytes are counted in warm cells only', () => {
  const spread = [0, 7, 3, 9, 5, 1, 8, 2];
  const data = [
    ...rows('h2', 'cold', spread.map((d) => 1000 + d), 200_000),
    ...rows('early-hints', 'cold', spread.map((d) => 800 + d), 200_000),
    ...rows('h2-push', 'cold', spread.map((d) => 1200 + d), 380_000),
    ...rows('preload', 'cold', spread.map((d) => 998 + d), 200_000),
    ...rows('h2', 'warm', spread.map((d) => 600 + d), 5_000),
    ...rows('h2-push', 'warm', spread.map((d) => 600 + d), 185_000),
  ];
  const cells = verdictOf(variantDeltas(data, 'h2'));
  const cold = cells.find((c) => c.cache === 'cold')!;
  const of = (v: string) => cold.rows.find((r) => r.variant === v)!;
  assert.equal(of('early-hints').fcp!.evidence, 'better');
  assert.ok(of('early-hints').fcp!.high < 0);
  assert.equal(of('h2-push').lcp!.evidence, 'worse');
  assert.equal(of('preload').fcp!.evidence, 'no evidence', 'a 2 ms shift inside 9 ms of spread is no evidence');
  assert.ok(of('preload').fcp!.low < 0 && of('preload').fcp!.high > 0);
  assert.equal(of('h2-push').bytes, undefined, 'cold cells say nothing about returning visitors');
  const warm = cells.find((c) => c.cache === 'warm')!;
  assert.equal(warm.rows[0]!.bytes!.evidence, 'worse');
  assert.match(verdictSentence(cold), /^On FCP, early-hints beat h2; h2-push lost to h2; no evidence either way for preload\. On LCP, /);
  assert.match(verdictSentence(warm), /Returning visitors paid more bytes with h2-push \(\+180\.0 kB\)/);
  const md = verdictMarkdown(cells);
  assert.match(md, /\| preload \| [-+]?\d+ ms \([-+]?\d+ to [-+]?\d+\): no evidence \|/);
  assert.match(md, /### slow-4g · cold · chromium 156\.0\.8078\.108/);
  assert.deepEqual(judge({ shift: -5, ci_low: -9, ci_high: 0, n_variant: 5, n_baseline: 5 }).evidence, 'no evidence', 'an interval that touches zero is no evidence');
});
