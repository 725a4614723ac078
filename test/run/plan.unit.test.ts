// The load plan of a think-time sweep: every (server, variant, think time) arm in every repetition,
// interleaved and rotated like today's arms, each load with an id of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { armLabel, armsOf } from '../../harness/config/arms.ts';
import { parseThinkSpec } from '../../harness/config/think-time.ts';
import { resolveProfile } from '../../harness/config/profiles.ts';
import { planLoads } from '../../harness/run/plan.ts';
import { loadId } from '../../harness/run/run-dir.ts';
import { idOf, loadTitle } from '../../harness/bench/measure-load.ts';

const plan = (thinkSpec: string, servers: ('pushbench' | 'caddy')[] = ['pushbench']) => {
  const { arms } = armsOf(servers, ['h2', 'early-hints'], { thinkMs: parseThinkSpec(thinkSpec, 'thinkMs'), topology: 'edge' });
  return { arms, loads: planLoads({ profiles: [resolveProfile('none')], repeat: 3, cache: ['cold', 'warm'], pages: ['/', '/about/'], arms }) };
};

test('a sweep plans every arm × repetition × cache × page once, with its think time', () => {
  const { arms, loads } = plan('0,50,150,300,600');
  assert.equal(arms.length, 10);
  assert.equal(loads.length, 10 * 3 * 2 * 2);
  for (const arm of arms) {
    const mine = loads.filter((l) => l.variant === arm.variant && l.thinkMs === arm.thinkMs);
    assert.equal(mine.length, 3 * 2 * 2, armLabel(arm));
    assert.deepEqual([...new Set(mine.map((l) => l.repetition))], [1, 2, 3]);
  }
  assert.ok(loads.every((l) => l.swept));
});

test('think times interleave and rotate between repetitions like variants', () => {
  const { arms, loads } = plan('0,150');
  const group = (repetition: number) => loads.filter((l) => l.repetition === repetition && l.cache === 'cold' && l.page === '/');
  assert.deepEqual(group(1).map(armLabel), arms.map(armLabel));
  assert.deepEqual(group(1).map(armLabel), ['h2+t0', 'h2+t150', 'early-hints+t0', 'early-hints+t150']);
  assert.deepEqual(group(2).map(armLabel), ['h2+t150', 'early-hints+t0', 'early-hints+t150', 'h2+t0']);
  assert.deepEqual(group(3).map(armLabel), ['early-hints+t0', 'early-hints+t150', 'h2+t0', 'h2+t150']);
  assert.deepEqual(group(2).map((l) => l.order), [1, 2, 3, 4]);
});

test('load ids and titles are unique in a sweep; "+" is kept whole in the id', () => {
  for (const servers of [['pushbench'], ['pushbench', 'caddy']] as const) {
    const { loads } = plan('0,50,150', [...servers]);
    const ids = loads.map((l) => idOf('chromium', l));
    assert.equal(new Set(ids).size, loads.length);
    assert.equal(new Set(loads.map(loadTitle)).size, loads.length);
  }
  const first = plan('0,150', ['pushbench', 'caddy']).loads.find((l) => l.server === 'caddy' && l.thinkMs === 150)!;
  assert.equal(idOf('chromium', first), `chromium__none__${first.cache}__r1__${first.variant}@caddy+t150__${first.page === '/' ? 'index' : 'about'}`);
  assert.match(loadTitle(first), /· h2@caddy\+t150 ·|· early-hints@caddy\+t150 ·/);
});

test('one think time: ids and titles exactly as before sweeps', () => {
  const { loads } = plan('100', ['pushbench', 'caddy']);
  const load = loads.find((l) => l.server === 'caddy' && l.variant === 'early-hints' && l.repetition === 2 && l.cache === 'warm' && l.page === '/about/')!;
  assert.equal(load.thinkMs, 100);
  assert.equal(idOf('chromium-103', load), 'chromium-103__none__warm__r2__early-hints@caddy__about_');
  assert.equal(loadTitle(load), 'r2 · warm · early-hints@caddy · /about/');
  assert.equal(loadId({ browser: 'chromium', profile: 'custom:rtt=1', cache: 'cold', repetition: 1, variant: 'h2', page: '/a+b.html' }), 'chromium__custom_rtt_1__cold__r1__h2__a_b', 'the other parts keep their rule');
});
