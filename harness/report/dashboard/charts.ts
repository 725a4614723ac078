// Vega-Lite specs of the dashboard's charts, one function per section. Each spec carries its own
// data inline (data.values), so every chart is self-contained and a test can check it has rows.
import type { DashboardData, Sweep } from './data.ts';
import { SWEEP_AXIS_TITLES } from './sweep.ts';
import type { Waterfall } from './waterfall.ts';

/** A Vega-Lite spec as plain JSON (the library's own types are not needed to build one). */
export type VegaLiteSpec = Record<string, unknown>;

export interface ChartSpec {
  /** DOM id suffix and test handle, e.g. "distributions". */
  id: string;
  title: string;
  spec: VegaLiteSpec;
  /** Rows in the chart's data; charts with none are not drawn (a note is shown instead). */
  rows: number;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const METRIC_ROW = { field: 'metric', type: 'nominal', title: null, sort: ['FCP', 'LCP'] };
const PANEL_COLUMN = { field: 'panel', type: 'nominal', title: 'profile · cache' };

/** Row = metric, column = profile · cache; y scales independent per metric (FCP and LCP differ). */
function faceted(values: unknown[], layer: VegaLiteSpec[], extra: VegaLiteSpec = {}): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    data: { values },
    facet: { row: METRIC_ROW, column: PANEL_COLUMN },
    spec: { layer, ...extra },
    resolve: { scale: { y: 'independent' } },
  };
}

function distributions(d: DashboardData): ChartSpec {
  const x = { field: 'variant', type: 'nominal', sort: d.variants, title: null };
  const spec = faceted(d.distributions, [
    {
      mark: { type: 'point', filled: true, opacity: 0.55, size: 36 },
      encoding: {
        x, xOffset: { field: 'browser', type: 'nominal' },
        y: { field: 'ms', type: 'quantitative', title: 'ms', scale: { zero: false } },
        color: { field: 'browser', type: 'nominal' },
        tooltip: [{ field: 'variant' }, { field: 'browser' }, { field: 'browserVersion', title: 'version' }, { field: 'ms', format: '.0f' }],
      },
    },
    {
      mark: { type: 'tick', thickness: 2, color: 'black', size: 14 },
      encoding: { x, xOffset: { field: 'browser', type: 'nominal' }, y: { field: 'ms', type: 'quantitative', aggregate: 'median' } },
    },
  ]);
  return { id: 'distributions', title: 'FCP and LCP per load (black tick: median)', spec, rows: d.distributions.length };
}

function deltas(d: DashboardData): ChartSpec {
  const y = { field: 'variant', type: 'nominal', sort: d.variants, title: null };
  const spec = faceted(d.deltas, [
    { mark: { type: 'rule', color: '#888', strokeDash: [3, 3] }, encoding: { x: { datum: 0 } } },
    {
      mark: { type: 'rule', strokeWidth: 2 },
      encoding: { y, yOffset: { field: 'browser', type: 'nominal' }, x: { field: 'low', type: 'quantitative', title: `ms vs ${d.baseline}` }, x2: { field: 'high' }, color: { field: 'browser', type: 'nominal' } },
    },
    {
      mark: { type: 'point', filled: true, size: 50 },
      encoding: {
        y, yOffset: { field: 'browser', type: 'nominal' },
        x: { field: 'shift', type: 'quantitative' },
        color: { field: 'browser', type: 'nominal' },
        tooltip: [
          { field: 'variant' }, { field: 'browser' }, { field: 'shift', format: '.1f', title: 'shift ms' },
          { field: 'low', format: '.1f', title: '95% low' }, { field: 'high', format: '.1f', title: '95% high' },
          { field: 'shiftPct', format: '.1f', title: '% of baseline' }, { field: 'p', format: '.3f' }, { field: 'n' },
        ],
      },
    },
  ], { width: 220 });
  // Deltas share the x scale per row only if it makes sense; independent x keeps each panel readable.
  spec.resolve = { scale: { x: 'independent' } };
  return { id: 'deltas', title: `Difference to ${d.baseline} (Hodges–Lehmann shift, 95 % interval; left of 0 = faster)`, spec, rows: d.deltas.length };
}

/**
 * One sweep: each variant's shift against the baseline (line and points, 95 % interval as error bars)
 * against the number the loads vary along; a dashed rule at 0. Rows FCP/LCP, columns browser · cache.
 * The point's shape says whether its interval lies below 0, above 0 or crosses it (no evidence).
 */
function sweep(d: DashboardData, s: Sweep): ChartSpec {
  const axisTitle = SWEEP_AXIS_TITLES[s.dimension];
  const xs = s.points.map((p) => p.x);
  // Rates spanning a decade or more read better on a log axis (a rate sweep never holds 0, sweep.ts).
  const log = (s.dimension === 'down_kbps' || s.dimension === 'up_kbps') && xs.length > 0 && Math.max(...xs) >= 10 * Math.min(...xs);
  // Variants at the same x are nudged apart (1.2 % of the axis each) so their intervals do not hide
  // one another; the tooltip gives the exact number.
  const shown = d.variants.filter((v) => s.points.some((p) => p.variant === v));
  const span = xs.length > 0 ? (log ? Math.log10(Math.max(...xs) / Math.min(...xs)) : Math.max(...xs) - Math.min(...xs)) || 1 : 1;
  const values = s.points.map((p) => {
    const nudge = (shown.indexOf(p.variant) - (shown.length - 1) / 2) * 0.012 * span;
    return { ...p, xPlot: log ? p.x * 10 ** nudge : p.x + nudge };
  });
  const x = { field: 'xPlot', type: 'quantitative', title: axisTitle, scale: log ? { type: 'log' } : { zero: false } };
  const yTitle = `ms vs ${d.baseline}`;
  const color = { field: 'variant', type: 'nominal', sort: d.variants, title: 'variant' };
  const panels = [...new Set(s.points.map((p) => p.panel))];
  const spec = faceted(values, [
    { mark: { type: 'rule', color: '#888', strokeDash: [4, 4] }, encoding: { y: { datum: 0 } } },
    {
      mark: { type: 'rule', strokeWidth: 1.5, opacity: 0.7 },
      encoding: { x, y: { field: 'low', type: 'quantitative', title: yTitle }, y2: { field: 'high' }, color },
    },
    { mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y: { field: 'shift', type: 'quantitative', title: yTitle }, color } },
    {
      mark: { type: 'point', filled: true, size: 60, opacity: 1 },
      encoding: {
        x, y: { field: 'shift', type: 'quantitative', title: yTitle }, color,
        shape: {
          field: 'evidence', type: 'nominal', title: '95 % interval',
          scale: { domain: ['faster', 'slower', 'none'], range: ['triangle-down', 'triangle-up', 'circle'] },
          legend: { direction: 'vertical', labelExpr: "datum.label === 'faster' ? 'below 0: faster' : datum.label === 'slower' ? 'above 0: slower' : 'crosses 0: no evidence'" },
        },
        tooltip: [
          { field: 'variant' }, { field: 'browser' }, { field: 'cache' }, ...(s.points.some((p) => p.apart) ? [{ field: 'apart', title: 'cell' }] : []),
          { field: 'x', title: axisTitle }, { field: 'shift', format: '.1f', title: 'shift ms' },
          { field: 'low', format: '.1f', title: '95% low' }, { field: 'high', format: '.1f', title: '95% high' },
          { field: 'shiftPct', format: '.1f', title: '% of baseline' }, { field: 'p', format: '.3f' },
          { field: 'nVariant', title: 'n variant' }, { field: 'nBaseline', title: 'n baseline' }, { field: 'evidence' },
        ],
      },
    },
  ], { width: 220 });
  spec.facet = {
    row: METRIC_ROW,
    column: { field: 'panel', type: 'nominal', sort: panels, title: s.points.some((p) => p.apart) ? 'browser · cache · cell' : 'browser · cache' },
  };
  const id = `sweep-${s.dimension.replace(/_/g, '-')}`;
  return { id, title: `Difference to ${d.baseline} against ${axisTitle} (Hodges–Lehmann shift, 95 % interval; below 0 = faster)`, spec, rows: s.points.length };
}

function bounds(d: DashboardData): ChartSpec {
  const x = { field: 'variant', type: 'nominal', sort: d.variants, title: null };
  const spec = faceted(d.bounds, [
    {
      transform: [{ filter: "datum.kind === 'physics bound'" }],
      mark: { type: 'bar', color: '#ced4da', width: { band: 0.8 } },
      encoding: { x, y: { field: 'ms', type: 'quantitative', title: 'ms' }, tooltip: [{ field: 'variant' }, { field: 'ms', title: 'bound ms', format: '.0f' }, { field: 'explain' }] },
    },
    {
      transform: [{ filter: "datum.kind === 'measured median'" }],
      mark: { type: 'point', filled: true, size: 60 },
      encoding: {
        x, y: { field: 'ms', type: 'quantitative' }, color: { field: 'browser', type: 'nominal', title: 'measured median' },
        tooltip: [{ field: 'variant' }, { field: 'browser' }, { field: 'ms', title: 'median ms', format: '.0f' }, { field: 'explain' }],
      },
    },
  ]);
  return { id: 'bounds', title: 'Measured median (points) against the physics bound (grey bars)', spec, rows: d.bounds.length };
}

function versions(d: DashboardData): ChartSpec {
  const encoding = {
    x: { field: 'browserVersion', type: 'ordinal', sort: d.browserVersions, title: 'browser version' },
    y: { field: 'median', type: 'quantitative', title: 'median ms', scale: { zero: false } },
    color: { field: 'variant', type: 'nominal', sort: d.variants },
    tooltip: [{ field: 'variant' }, { field: 'browser' }, { field: 'browserVersion' }, { field: 'median', format: '.0f' }, { field: 'n' }],
  };
  const spec = faceted(d.versions, [{ mark: { type: 'line', point: true }, encoding }]);
  return { id: 'versions', title: 'Median by browser version (oldest left)', spec, rows: d.versions.length };
}

function trend(d: DashboardData): ChartSpec {
  const values = d.trend ?? [];
  const x = { field: 'run', type: 'ordinal', sort: { field: 'runIndex' }, title: 'run', axis: { labelAngle: -30, labelLimit: 140 } };
  const y = { field: 'median', type: 'quantitative', title: 'median ms', scale: { zero: false } };
  const spec = faceted(values, [
    {
      mark: { type: 'line', point: true },
      encoding: {
        x, y, color: { field: 'variant', type: 'nominal', sort: d.variants }, detail: { field: 'browser' },
        tooltip: [{ field: 'runId' }, { field: 'commit' }, { field: 'variant' }, { field: 'browser' }, { field: 'browserVersion' }, { field: 'median', format: '.0f' }, { field: 'verdict' }, { field: 'p', format: '.3f' }],
      },
    },
    ...([['regression', '#e03131'], ['improvement', '#2f9e44']] as const).map(([verdict, color]) => ({
      transform: [{ filter: `datum.verdict === '${verdict}'` }],
      mark: { type: 'point', shape: 'triangle-up', filled: true, size: 170, color, opacity: 1 },
      encoding: { x, y, tooltip: [{ field: 'runId' }, { field: 'variant' }, { field: 'browser' }, { field: 'verdict' }, { field: 'p', format: '.3f' }] },
    })),
  ]);
  return { id: 'trend', title: 'Median per run over the history (▲ red: regression, green: improvement, vs the run before)', spec, rows: values.length };
}

/** Segment colours: set-up in greys, waiting light, receiving by how the request started. */
const SEGMENT_COLORS = {
  domain: ['dns', 'connect', 'tls', 'waiting', 'document', 'normal', 'pushed', 'early-hints'],
  range: ['#ced4da', '#adb5bd', '#868e96', '#e9ecef', '#2f9e44', '#7048e8', '#d9480f', '#1c7ed6'],
};

function waterfall(w: Waterfall): ChartSpec {
  const y = { field: 'label', type: 'ordinal', sort: { field: 'index' }, title: null, axis: { labelLimit: 320 } };
  // Receiving is coloured by how the request started (document, pushed, 103-hinted, normal).
  const segments = w.requests.flatMap((r) => r.segments.map((seg) => ({
    index: r.index, label: r.label, path: r.path, kind: r.kind, bytes: r.bytes,
    segment: seg.phase === 'receiving' ? r.kind : seg.phase, phase: seg.phase, fromMs: seg.fromMs, toMs: seg.toMs,
    startMs: r.startMs, firstByteMs: r.firstByteMs, endMs: r.endMs,
  })));
  // Line labels alternate sides, so close lines stay readable.
  const lines = [
    ...(w.hintsArrivalMs !== null ? [{ marker: '103', ms: w.hintsArrivalMs }] : []),
    ...(w.ttfbMs !== null ? [{ marker: 'TTFB', ms: w.ttfbMs }] : []),
    ...(w.fcpMs !== null && w.lcpMs !== null && Math.abs(w.fcpMs - w.lcpMs) < 1 ? [{ marker: 'FCP = LCP', ms: w.lcpMs }] : [
      ...(w.fcpMs !== null ? [{ marker: 'FCP', ms: w.fcpMs }] : []),
      ...(w.lcpMs !== null ? [{ marker: 'LCP', ms: w.lcpMs }] : []),
    ]),
  ].sort((a, b) => a.ms - b.ms).map((m, i) => ({ ...m, side: i % 2 === 0 ? 'left' : 'right' }));
  const label = (side: string) => ({
    data: { values: lines.filter((m) => m.side === side) },
    mark: { type: 'text', align: side === 'left' ? 'right' : 'left', dx: side === 'left' ? -3 : 3, baseline: 'top', color: '#495057' },
    encoding: { x: { field: 'ms', type: 'quantitative' }, y: { value: 0 }, text: { field: 'marker' } },
  });
  const spec: VegaLiteSpec = {
    $schema: SCHEMA,
    width: 'container',
    layer: [
      {
        data: { values: segments },
        mark: { type: 'bar', height: { band: 0.7 } },
        encoding: {
          y, x: { field: 'fromMs', type: 'quantitative', title: 'ms since navigation start (the zero of TTFB, FCP and LCP)' }, x2: { field: 'toMs' },
          color: { field: 'segment', type: 'nominal', scale: SEGMENT_COLORS, title: 'segment', legend: { orient: 'bottom', columns: 4 } },
          tooltip: [{ field: 'path' }, { field: 'kind' }, { field: 'phase' }, { field: 'fromMs', format: '.0f', title: 'from' }, { field: 'toMs', format: '.0f', title: 'to' },
            { field: 'startMs', format: '.0f', title: 'request start' }, { field: 'firstByteMs', format: '.0f', title: 'first byte' }, { field: 'endMs', format: '.0f', title: 'end' }, { field: 'bytes' }],
        },
      },
      ...(lines.length === 0 ? [] : [{
        data: { values: lines },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#495057' },
        encoding: { x: { field: 'ms', type: 'quantitative' }, tooltip: [{ field: 'marker' }, { field: 'ms', format: '.0f' }] },
      }, ...['left', 'right'].filter((side) => lines.some((m) => m.side === side)).map(label)]),
    ],
  };
  return { id: `waterfall-${w.variant}`, title: `${w.variant}: ${w.loadId}`, spec, rows: w.requests.length };
}

/**
 * Legends above the chart, never cut: at the right of a wide faceted chart they ended past the page's
 * edge ("brow…" at 1280 px); four entries a row, so a think sweep's longer labels wrap instead. Checked at
 * 1280 and 1920 px (test/report/dashboard.test.ts).
 */
function legendsOnTop(chart: ChartSpec): ChartSpec {
  return { ...chart, spec: { ...chart.spec, config: { legend: { orient: 'top', labelLimit: 0, titleLimit: 0, columns: 4 } } } };
}

/** The chart specs per section, in page order. */
export function chartSpecs(d: DashboardData): {
  distributions: ChartSpec; deltas: ChartSpec; sweeps: ChartSpec[]; bounds: ChartSpec; versions: ChartSpec; trend: ChartSpec | null; waterfalls: ChartSpec[];
} {
  return {
    distributions: legendsOnTop(distributions(d)),
    deltas: legendsOnTop(deltas(d)),
    sweeps: d.sweeps.map((s) => legendsOnTop(sweep(d, s))),
    bounds: legendsOnTop(bounds(d)),
    versions: legendsOnTop(versions(d)),
    trend: d.trend ? legendsOnTop(trend(d)) : null,
    waterfalls: d.waterfalls.filter((w) => w.requests.length > 0).map(waterfall).map(legendsOnTop),
  };
}
