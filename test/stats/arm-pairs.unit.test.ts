// Arm pairs (harness/stats/arm-pairs.ts): the same variant on two servers, HTTP/3 against HTTP/2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { armPairs, tcpCounterpart } from '../../harness/stats/arm-pairs.ts';
import { RUN_COLUMNS, type RunRow } from '../../harness/shared/row-schema.ts';

function row(fields: Partial<RunRow>): RunRow {
  const r = Object.fromEntries(RUN_COLUMNS.map((c) => [c, ''])) as RunRow;
  return { ...r, browser: 'chromium', browser_version: '156', profile: 'slow-4g', cache: 'cold', page: '/', ...fields };
}

test('each HTTP/3 variant has the HTTP/2 variant that does the same as its counterpart', () => {
  assert.equal(tcpCounterpart('h3'), 'h2');
  assert.equal(tcpCounterpart('h3-early-hints'), 'early-hints');
  assert.equal(tcpCounterpart('h3-preload'), 'preload');
  assert.equal(tcpCounterpart('h2'), undefined);
});

test('pairs: one variant on two servers, and h3 vs h2 on the same server, per cell and metric', () => {
  const rows = [
    ...[500, 510, 520].map((fcp) => row({ server: 'pushbench', server_version: 'pushbench 0.1.0', variant: 'h2', fcp_ms: String(fcp) })),
    ...[400, 410, 420].map((fcp) => row({ server: 'caddy', server_version: 'caddy 2.6.2', variant: 'h2', fcp_ms: String(fcp) })),
    ...[300, 310, 320].map((fcp) => row({ server: 'caddy', server_version: 'caddy 2.6.2', variant: 'h3', fcp_ms: String(fcp) })),
    row({ server: 'caddy', server_version: 'caddy 2.6.2', variant: 'h3', fcp_ms: '', error: 'network: x' }),
    // Another profile: its own cell, never mixed with the first.
    row({ server: 'caddy', variant: 'h3', profile: 'desktop', fcp_ms: '100' }),
  ];
  const fcp = armPairs(rows).filter((p) => p.metric === 'fcp_ms');
  assert.deepEqual(fcp.map((p) => [p.kind, `${p.left.variant}@${p.left.server}`, `${p.right.variant}@${p.right.server}`, p.shift, p.n_left, p.n_right]), [
    ['server', 'h2@pushbench', 'h2@caddy', -100, 3, 3],
    ['protocol', 'h2@caddy', 'h3@caddy', -100, 3, 3],
  ]);
  assert.ok(fcp.every((p) => p.profile === 'slow-4g'));
});
