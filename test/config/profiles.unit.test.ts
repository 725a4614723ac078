import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../harness/shared/usage-error.ts';
import { defaultQueueBytes, PRESETS, resolveProfile, validateProfile } from '../../harness/config/profiles.ts';

const valid = { name: 'x', rttMs: 100, downKbps: 5000, upKbps: 1000, lossPct: 0, queueBytes: 300_000 };

function throwsUsage(fn: () => unknown, ...mustContain: string[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof UsageError, `expected UsageError, got ${String(err)}`);
    for (const part of mustContain) assert.ok(err.message.includes(part), `"${err.message}" should mention "${part}"`);
    return true;
  });
}

test('every preset validates and cites a source', () => {
  for (const [name, p] of Object.entries(PRESETS)) {
    assert.equal(p.name, name);
    assert.deepEqual(validateProfile(p), p);
    assert.ok(p.source && p.source.length > 5, `${name} has a source`);
  }
  assert.equal(PRESETS['slow-4g']!.rttMs, 150);
  assert.equal(PRESETS['slow-4g']!.downKbps, 1638.4);
});

test('validation errors name the field', () => {
  throwsUsage(() => validateProfile({ ...valid, rttMs: -1 }), 'rttMs');
  throwsUsage(() => validateProfile({ ...valid, downKbps: 0 }), 'downKbps', 'none');
  throwsUsage(() => validateProfile({ ...valid, upKbps: -5 }), 'upKbps');
  throwsUsage(() => validateProfile({ ...valid, lossPct: 101 }), 'lossPct', '0 and 100');
  throwsUsage(() => validateProfile({ ...valid, lossPct: -0.1 }), 'lossPct');
  throwsUsage(() => validateProfile({ ...valid, queueBytes: 1.5 }), 'queueBytes');
  throwsUsage(() => validateProfile({ ...valid, queueBytes: 100 }), 'queueBytes');
  throwsUsage(() => validateProfile({ ...valid, trace: { down: '/nonexistent.trace', up: 'steady-768kbps' } }), 'trace.down');
  throwsUsage(() => validateProfile('slow-4g'), 'profile');
});

test('"none" may be unlimited; other profiles may not', () => {
  assert.equal(resolveProfile('none').downKbps, 0);
  throwsUsage(() => validateProfile({ ...valid, name: 'mine', downKbps: 0, upKbps: 0 }), 'downKbps');
});

test('unknown preset lists the presets', () => {
  throwsUsage(() => resolveProfile('slow-5g'), 'slow-5g', 'slow-4g', 'desktop', 'fios');
});

test('inline specs parse, default the queue, and reject bad items', () => {
  const p = resolveProfile('custom:rtt=100,down=5000,up=1000,loss=0.5');
  assert.deepEqual([p.name, p.rttMs, p.downKbps, p.upKbps, p.lossPct], ['custom', 100, 5000, 1000, 0.5]);
  assert.equal(p.queueBytes, defaultQueueBytes(100, 5000));
  assert.equal(resolveProfile('custom:rtt=10,down=1000,up=1000,queue=9000').queueBytes, 9000);
  throwsUsage(() => resolveProfile('custom:rtt=100,down=abc,up=1'), 'down=abc');
  throwsUsage(() => resolveProfile('custom:rtt=100,up=1'), 'down');
  throwsUsage(() => resolveProfile('custom:rtt=-3,down=1,up=1'), 'rttMs');
});

test('partial profiles override a preset and keep the queue rule', () => {
  const p = resolveProfile({ name: 'slow-4g', rttMs: 300 });
  assert.equal(p.rttMs, 300);
  assert.equal(p.downKbps, 1638.4);
  assert.equal(p.queueBytes, defaultQueueBytes(300, 1638.4));
  throwsUsage(() => resolveProfile({ name: 'mine', rttMs: 10 }), 'downKbps');
});

test('queue rule: 4 BDP with a 256 KiB floor', () => {
  assert.equal(defaultQueueBytes(10, 1000), 256 * 1024);
  assert.equal(defaultQueueBytes(200, 50_000), 4 * 50_000_000 / 8 * 0.2);
});

test('trace profiles resolve shipped trace names', () => {
  const p = validateProfile({ ...valid, trace: { down: 'variable-cellular', up: 'steady-768kbps' } });
  assert.equal(p.trace?.down, 'variable-cellular');
});
