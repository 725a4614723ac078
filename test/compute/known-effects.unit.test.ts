// The known-effects judge of `pushbench validate` (harness/compute/known-effects.ts), on made-up rows.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { cellSpreads, judgeKnownEffects } from '../../harness/compute/known-effects.ts';
import { RUN_COLUMNS, type RunRow } from '../../harness/shared/row-schema.ts';

function row(values: Partial<RunRow>): RunRow {
  const blank = Object.fromEntries(RUN_COLUMNS.map((c) => [c, ''])) as RunRow;
  return { ...blank, think_ms: '0', send_queue: '16384', priorities: 'on', ...values };
}

function cell(n: number, values: Partial<RunRow>): RunRow[] {
  return Array.from({ length: n }, (_, i) => row({ ...values, repetition: String(i + 1) }));
}

const RTT = 300;

function rows(pushFcp: number) {
  return {
    push: [
      ...cell(3, { browser: 'chromium-103', variant: 'h2', cache: 'cold', ttfb_ms: '920', fcp_ms: '1500' }),
      ...cell(3, { browser: 'chromium-103', variant: 'h2-push', cache: 'cold', ttfb_ms: '925', fcp_ms: String(pushFcp) }),
      ...cell(3, { browser: 'chromium-103', variant: 'preload', cache: 'cold', ttfb_ms: '920', fcp_ms: '1480' }),
      ...cell(3, { browser: 'chromium-103', variant: 'h2', cache: 'warm', server_bytes: '6000', push_wasted_bytes: '' }),
      ...cell(3, { browser: 'chromium-103', variant: 'h2-push', cache: 'warm', server_bytes: '186000', push_wasted_bytes: '178000' }),
      ...cell(3, { browser: 'chromium-103', variant: 'h2-push-cache-aware', cache: 'warm', server_bytes: '6000', push_wasted_bytes: '0', push_skipped: '4' }),
    ],
    hints: [
      ...cell(3, { browser: 'chromium', variant: 'h2', cache: 'cold', fcp_ms: '1750' }),
      ...cell(3, { browser: 'chromium', variant: 'early-hints', cache: 'cold', fcp_ms: '1420' }),
      ...cell(3, { browser: 'chromium', variant: 'early-hints-h1', cache: 'cold', fcp_ms: '1760', hint_preloads_started: '0' }),
    ],
    naive: [
      ...cell(3, { browser: 'chromium-103', variant: 'h2', cache: 'cold', ttfb_ms: '915', send_queue: 'unlimited', priorities: 'off' }),
      ...cell(3, { browser: 'chromium-103', variant: 'h2-push', cache: 'cold', ttfb_ms: '1220', send_queue: 'unlimited', priorities: 'off' }),
    ],
  };
}

it('reproduced effects pass; a push that saves too little fails; what was not measured is not judged', () => {
  const good = judgeKnownEffects(rows(1160), RTT);
  assert.deepEqual(good.map((c) => c.ok), [true, true, true, true, true, true, true, true]);
  const weak = judgeKnownEffects(rows(1450), RTT); // 50 ms saved: under half an RTT
  assert.equal(weak[0]!.ok, false);
  assert.match(weak[0]!.measured, /0\.17 RTT/);
  const none = judgeKnownEffects({ push: [], hints: [], naive: [] }, RTT);
  assert.ok(none.every((c) => c.ok === null));
});

it('failed loads are left out, and a cell’s spread is max − min in RTTs', () => {
  const spread = cellSpreads([
    row({ browser: 'b', cache: 'cold', variant: 'h2', fcp_ms: '1000' }),
    row({ browser: 'b', cache: 'cold', variant: 'h2', fcp_ms: '1150' }),
    row({ browser: 'b', cache: 'cold', variant: 'h2', fcp_ms: '9000', error: 'timeout' }),
  ], RTT);
  assert.equal(spread.length, 1);
  assert.equal(spread[0]!.loads, 2);
  assert.equal(spread[0]!.fcpSpreadRtt, 0.5);
});
