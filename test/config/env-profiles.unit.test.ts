// PUSHBENCH_PROFILES takes the README's inline form, whole, and mixed with presets: a `key=value`
// piece after a comma belongs to the inline profile before it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEnvOverrides, resolveBenchmark } from '../../harness/config/benchmark.ts';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';

const profilesFrom = (value: string) => resolveBenchmark(applyEnvOverrides({}, { PUSHBENCH_PROFILES: value }), PROJECT_ROOT).profiles;

test('an inline profile alone', () => {
  const [p, ...rest] = profilesFrom('custom:rtt=300,down=50000,up=50000');
  assert.equal(rest.length, 0);
  assert.deepEqual([p!.rttMs, p!.downKbps, p!.upKbps], [300, 50000, 50000]);
});

test('inline profiles between presets', () => {
  const ps = profilesFrom('desktop,custom:rtt=300,down=50000,up=50000,slow-4g,lossy:rtt=20,down=1000,up=500,loss=1');
  assert.equal(ps.length, 4);
  assert.equal(ps[0]!.name, 'desktop');
  assert.deepEqual([ps[1]!.rttMs, ps[1]!.downKbps], [300, 50000]);
  assert.equal(ps[2]!.name, 'slow-4g');
  assert.deepEqual([ps[3]!.rttMs, ps[3]!.upKbps, ps[3]!.lossPct], [20, 500, 1]);
  assert.equal(ps[3]!.name, 'lossy');
});

test('two profiles of one name are refused, naming the fix (an RTT sweep names each point)', () => {
  assert.throws(() => profilesFrom('custom:rtt=50,down=5000,up=1000,custom:rtt=100,down=5000,up=1000'),
    (err: Error) => err.name === 'UsageError' && /two profiles are named "custom"/.test(err.message) && /rtt50:rtt=50/.test(err.message));
  const sweep = profilesFrom('rtt50:rtt=50,down=5000,up=1000,rtt100:rtt=100,down=5000,up=1000');
  assert.deepEqual(sweep.map((p) => [p.name, p.rttMs]), [['rtt50', 50], ['rtt100', 100]]);
});
