// The dashboard's sweep chart (harness/report/dashboard/sweep.ts, charts.ts, html.ts): which numbers
// a run's loads vary along alone, each variant's delta to the baseline placed on that number, and the
// Vega-Lite spec drawn from them. Synthetic rows, no browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RUN_COLUMNS, type RunRow } from '../../harness/shared/row-schema.ts';
import { variantDeltas } from '../../harness/stats/variant-deltas.ts';
import { sweepDimensions, sweepPoints } from '../../harness/report/dashboard/sweep.ts';
import { dashboardData } from '../../harness/report/dashboard/data.ts';
import { chartSpecs } from '../../harness/report/dashboard/charts.ts';
import { dashboardHtml } from '../../harness/report/dashboard/html.ts';
import { runInfoOf } from '../../harness/report/dashboard/run-info.ts';

interface Profile { name: string; rtt: number; down: number; up: number; loss: number; queue: number }
const DESKTOP: Profile = { name: 'desktop', rtt: 40, down: 10000, up: 5000, loss: 0, queue: 262144 };
const SLOW_4G: Profile = { name: 'slow-4g', rtt: 150, down: 1638.4, up: 750, loss: 0, queue: 262144 };

/** FCP of one load: 300 ms + the think time, early-hints 40 % of the think time faster, h2-push as h2. */
function fcpOf(variant: string, thinkMs: number, rep: number, profile: Profile): number {
  const gain = variant === 'early-hints' ? 0.4 * thinkMs : 0;
  return 300 + 2 * profile.rtt + thinkMs - gain + ((rep * 7) % 11);
}

function rowsOf(opts: { thinks?: number[]; profiles?: Profile[]; pages?: string[]; reps?: number; caches?: string[] }): RunRow[] {
  const rows: RunRow[] = [];
  for (const profile of opts.profiles ?? [DESKTOP]) for (const page of opts.pages ?? ['/']) for (const think of opts.thinks ?? [0])
    for (const cache of opts.caches ?? ['cold', 'warm']) for (let rep = 1; rep <= (opts.reps ?? 5); rep++) for (const variant of ['h2', 'early-hints', 'h2-push']) {
      const fcp = fcpOf(variant, think, rep, profile);
      rows.push({
        ...(Object.fromEntries(RUN_COLUMNS.map((c) => [c, ''])) as RunRow),
        run_id: 'sweep', browser: 'chromium', browser_version: '156.0.8078.79', server: 'pushbench', variant, topology: 'direct',
        think_ms: String(think), site: 'blog', page, profile: profile.name, rtt_ms: String(profile.rtt), down_kbps: String(profile.down),
        up_kbps: String(profile.up), loss_pct: String(profile.loss), queue_bytes: String(profile.queue), shaper: 'tun', cache,
        repetition: String(rep), fcp_ms: fcp.toFixed(1), lcp_ms: (fcp + 120).toFixed(1),
      });
    }
  return rows;
}

const rtt = (ms: number): Profile => ({ name: `rtt${ms}`, rtt: ms, down: 5000, up: 1000, loss: 0, queue: Math.max(262144, ms * 5000) });

test('a think sweep: think_ms is the dimension, one point per variant, browser, cache, metric and think time', () => {
  const rows = rowsOf({ thinks: [0, 150, 600] });
  assert.deepEqual(sweepDimensions(rows), ['think_ms']);
  const deltas = variantDeltas(rows, 'h2');
  const points = sweepPoints(rows, deltas, 'think_ms');
  // 2 variants × 1 browser × 2 caches × 2 metrics × 3 think times.
  assert.equal(points.length, 24);
  assert.equal(new Set(points.map((p) => [p.variant, p.browser, p.cache, p.metric, p.x].join('|'))).size, 24, 'no two points share a key');
  assert.deepEqual([...new Set(points.map((p) => p.x))].sort((a, b) => a - b), [0, 150, 600]);
  assert.ok(points.every((p) => p.baseline === 'h2' && p.apart === '' && p.panel === `chromium · ${p.cache}` && p.nVariant === 5 && p.nBaseline === 5));

  // The shift is variantDeltas' own, placed at the cell's think time.
  const delta = deltas.find((d) => d.variant === 'early-hints' && d.think_ms === '150' && d.cache === 'cold' && d.metric === 'lcp_ms')!;
  const point = points.find((p) => p.variant === 'early-hints' && p.x === 150 && p.cache === 'cold' && p.metric === 'LCP')!;
  assert.deepEqual([point.shift, point.low, point.high, point.p, point.nVariant, point.nBaseline], [delta.shift, delta.ci_low, delta.ci_high, delta.p, delta.n_variant, delta.n_baseline]);
  assert.equal(point.shift, -60, 'early-hints gains 40 % of 150 ms');

  // Faster where the interval lies below 0; no evidence where it crosses 0.
  const at = (variant: string, x: number) => points.find((p) => p.variant === variant && p.x === x && p.cache === 'warm' && p.metric === 'FCP')!;
  assert.equal(at('early-hints', 600).evidence, 'faster');
  assert.ok(at('early-hints', 600).high < 0);
  assert.equal(at('early-hints', 0).evidence, 'none');
  assert.ok(at('early-hints', 0).low <= 0 && at('early-hints', 0).high >= 0);
  assert.equal(at('h2-push', 600).evidence, 'none');
});

test('one think time, one profile: no sweep', () => {
  assert.deepEqual(sweepDimensions(rowsOf({})), []);
});

test('profiles that differ in RTT only are a sweep along RTT (the queue that follows the RTT does not count)', () => {
  const rows = rowsOf({ profiles: [rtt(50), rtt(100), rtt(200)] });
  assert.deepEqual(sweepDimensions(rows), ['rtt_ms']);
  const points = sweepPoints(rows, variantDeltas(rows), 'rtt_ms');
  assert.equal(points.length, 24);
  assert.deepEqual([...new Set(points.map((p) => p.x))].sort((a, b) => a - b), [50, 100, 200]);
  assert.ok(points.every((p) => p.apart === ''), 'the profile is the x, not a column kept apart');
});

test('desktop against slow-4g (RTT and rates differ) is no sweep; nor are profiles sharing a name, or a rate sweep with an unlimited rate', () => {
  assert.deepEqual(sweepDimensions(rowsOf({ profiles: [DESKTOP, SLOW_4G] })), []);
  // Two inline specs both named "custom": their loads share cells, nothing can be placed on an RTT.
  assert.deepEqual(sweepDimensions(rowsOf({ profiles: [{ ...rtt(50), name: 'custom' }, { ...rtt(100), name: 'custom' }] })), []);
  const rate = (down: number): Profile => ({ ...rtt(100), name: `down${down}`, down });
  assert.deepEqual(sweepDimensions(rowsOf({ profiles: [rate(1000), rate(10000)] })), ['down_kbps']);
  assert.deepEqual(sweepDimensions(rowsOf({ profiles: [rate(1000), rate(0)] })), [], '0 kbit/s is unlimited: no place on the axis');
  const lossy = (loss: number): Profile => ({ ...rtt(100), name: `loss${loss}`, loss });
  assert.deepEqual(sweepDimensions(rowsOf({ profiles: [lossy(0), lossy(0.5), lossy(2)] })), ['loss_pct']);
});

test('other cell columns that differ are kept apart, never merged into one point', () => {
  // A think sweep over two pages and two profiles that are no sweep themselves.
  const rows = rowsOf({ thinks: [0, 300], pages: ['/', '/b'], profiles: [DESKTOP, SLOW_4G], caches: ['cold'], reps: 4 });
  assert.deepEqual(sweepDimensions(rows), ['think_ms']);
  const points = sweepPoints(rows, variantDeltas(rows), 'think_ms');
  assert.equal(points.length, 2 * 2 * 2 * 2 * 2, 'variants × pages × profiles × metrics × think times');
  assert.equal(new Set(points.map((p) => [p.variant, p.panel, p.metric, p.x].join('|'))).size, points.length);
  assert.ok(points.some((p) => p.panel === 'chromium · cold · page /b · profile slow-4g'), points[0]!.panel);
  // A profile measured at one think time only, beside one swept: its panel shows nothing along think time.
  const partly = [...rowsOf({ thinks: [0, 300], caches: ['cold'], reps: 4 }), ...rowsOf({ profiles: [SLOW_4G], caches: ['cold'], reps: 4 })];
  assert.deepEqual([...new Set(sweepPoints(partly, variantDeltas(partly), 'think_ms').map((p) => p.panel))], ['chromium · cold · profile desktop']);
  // An RTT sweep run at two think times keeps the think times apart.
  const both = rowsOf({ thinks: [0, 100], profiles: [rtt(50), rtt(150)], caches: ['cold'], reps: 4 });
  assert.deepEqual(sweepDimensions(both), ['think_ms', 'rtt_ms']);
  const byRtt = sweepPoints(both, variantDeltas(both), 'rtt_ms');
  assert.deepEqual([...new Set(byRtt.map((p) => p.apart))].sort(), ['think 0 ms', 'think 100 ms']);
});

test('the sweep chart: its spec has the points, the dimension on x with its unit, the shift on y, facets and a section in the page', () => {
  const rows = rowsOf({ thinks: [0, 150, 600] });
  const info = runInfoOf('/nonexistent', rows, { benchmark: { baseline: 'h2' } });
  const d = dashboardData({ info, rows, bounds: [], waterfalls: [] });
  assert.deepEqual(d.sweeps.map((s) => s.dimension), ['think_ms']);
  const [chart, ...more] = chartSpecs(d).sweeps;
  assert.equal(more.length, 0);
  assert.equal(chart!.id, 'sweep-think-ms');
  assert.equal(chart!.rows, 24);
  const spec = chart!.spec as {
    data: { values: Record<string, unknown>[] };
    facet: { row: { field: string }; column: { field: string; title: string } };
    spec: { layer: { mark: { type: string }; encoding: Record<string, { field?: string; title?: string; datum?: number; scale?: { domain?: string[] } }> }[] };
    config: { legend: { orient: string } };
  };
  assert.equal(spec.data.values.length, 24);
  for (const field of ['x', 'variant', 'browser', 'cache', 'metric', 'panel', 'shift', 'low', 'high', 'nVariant', 'nBaseline', 'evidence']) {
    assert.ok(spec.data.values.every((v) => v[field] !== undefined), `every row has ${field}`);
  }
  assert.ok(spec.data.values.every((v) => Math.abs((v.xPlot as number) - (v.x as number)) <= 0.03 * 600), 'variants only nudged apart at the same x');
  assert.deepEqual([spec.facet.row.field, spec.facet.column.field, spec.facet.column.title], ['metric', 'panel', 'browser · cache']);
  assert.equal(spec.config.legend.orient, 'top', 'legends on top, as the other charts');
  const layers = spec.spec.layer;
  assert.ok(layers.some((l) => l.mark.type === 'rule' && l.encoding.y?.datum === 0), 'a rule at 0');
  const bars = layers.find((l) => l.mark.type === 'rule' && l.encoding.y2)!;
  assert.deepEqual([bars.encoding.y!.field, bars.encoding.y2!.field], ['low', 'high']);
  const line = layers.find((l) => l.mark.type === 'line')!;
  const points = layers.find((l) => l.mark.type === 'point')!;
  assert.deepEqual([line.encoding.x!.field, line.encoding.x!.title, line.encoding.y!.field, line.encoding.y!.title, line.encoding.color!.field], ['xPlot', 'think time (ms)', 'shift', 'ms vs h2', 'variant']);
  assert.deepEqual([points.encoding.shape!.field, points.encoding.shape!.scale!.domain], ['evidence', ['faster', 'slower', 'none']]);

  const html = dashboardHtml(d, []);
  const at = (id: string) => html.indexOf(`<section id="${id}">`);
  assert.ok(at('deltas') > 0 && at('sweeps') > at('deltas') && at('bounds') > at('sweeps'), 'the sweeps come right after the deltas');
  assert.match(html, /id="chart-sweep-think-ms"/);
  assert.match(html, /"id":"sweep-think-ms","rows":24/, 'the chart is drawn with the others');

  const flat = rowsOf({ profiles: [DESKTOP, SLOW_4G] });
  const none = dashboardData({ info: runInfoOf('/nonexistent', flat, {}), rows: flat, bounds: [], waterfalls: [] });
  assert.deepEqual(none.sweeps, []);
  assert.equal(dashboardHtml(none, []).indexOf('<section id="sweeps">'), -1, 'no sweep: no section');
});
