// The dashboard page: one self-contained HTML string (inline CSS, inline plotting library,
// inline data), so report.html can be opened from disk, attached to a CI run or mailed.
import { shownVariant, type DashboardData } from './data.ts';
import type { ChartSpec } from './charts.ts';
import { chartSpecs } from './charts.ts';
import { SWEEP_AXIS_TITLES } from './sweep.ts';
import type { InlineLibrary } from './libraries.ts';
import { FILMSTRIP_CSS, filmstripSection } from './filmstrip-html.ts';
import { esc } from './escape.ts';
import { SUPPORT_COLUMNS } from '../support-matrix.ts';
import { cellTitle, FILMSTRIP_CAVEAT, judgementText, verdictSentence } from '../verdict-text.ts';


/** JSON safe inside <script>: no "</script>", no "<!--", no U+2028/9 surprises. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

function table(headers: string[], rows: unknown[][], cls = ''): string {
  const head = headers.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table class="${cls}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function chartBox(chart: ChartSpec, emptyNote: string): string {
  if (chart.rows === 0) return `<p class="note">${esc(emptyNote)}</p>`;
  return `<figure><figcaption>${esc(chart.title)}</figcaption><div class="chart" id="chart-${esc(chart.id)}" data-chart="${esc(chart.id)}"></div></figure>`;
}

function header(d: DashboardData): string {
  const i = d.info;
  const facts = [
    ['run', i.runId], ['commit', i.commit], ['started', i.date], ['tool', i.toolVersion],
    ['shaper', i.shapers.join(', ') || '—'], ['variants', d.variantNames.join(', ')], ['baseline', d.baseline],
    ['loads', `${i.loads} (${i.failed} failed)`],
  ];
  return `<header>
<h1>pushbench report <span class="run">${esc(i.runId)}</span></h1>
<dl>${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
<div class="cols">
<div><h3>Browsers</h3>${table(['name', 'full version', 'source'], i.browsers.map((b) => [b.name, b.version, b.source]))}</div>
<div><h3>Network profiles</h3>${table(['profile', 'RTT ms', 'down kbit/s', 'up kbit/s', 'loss %', 'queue bytes'],
    i.profiles.map((p) => [p.name, p.rttMs, p.downKbps || 'unlimited', p.upKbps || 'unlimited', p.lossPct, p.queueBytes]))}</div>
</div>
</header>`;
}

/** The sweeps section, or "" when the run's loads vary along no number alone. */
function sweepSection(d: DashboardData, charts: readonly ChartSpec[]): string {
  if (d.sweeps.length === 0) return '';
  const along = d.sweeps.map((s) => SWEEP_AXIS_TITLES[s.dimension].replace(/ \(.*\)$/, '')).join(' and ');
  return `<section id="sweeps"><h2>Difference to the baseline along ${esc(along)}</h2><p class="lead">This run's loads differ in ${esc(along)} alone, so each
variant's Hodges–Lehmann shift against ${esc(d.baseline)} (the same per-cell difference as above) is drawn against that number, per browser and cache
state, for FCP and LCP: a line per variant, its 95 % interval as a bar, and a dashed line at 0. A point below 0 means the variant is faster than
${esc(d.baseline)} at that value (▼), above 0 slower (▲); a point whose interval crosses 0 (●) is no evidence of a difference either way.</p>
${d.sweeps.map((s, i) => chartBox(charts[i]!, `No deltas along ${SWEEP_AXIS_TITLES[s.dimension]}: the run needs the baseline ${d.baseline} and another variant with values in the same cell.`)).join('\n')}</section>
`;
}

function boundTable(d: DashboardData): string {
  const seen = new Map<string, { panel: string; variant: string; fcp?: number; lcp?: number; explain: string }>();
  for (const b of d.bounds.filter((x) => x.kind === 'physics bound')) {
    const key = `${b.panel}\u0000${b.variant}`;
    const row = seen.get(key) ?? { panel: b.panel, variant: b.variant, explain: b.explain };
    if (b.metric === 'FCP') row.fcp = b.ms;
    else row.lcp = b.ms;
    seen.set(key, row);
  }
  if (seen.size === 0) return '<p class="note">No physics bound: run.json (with the manifest and profiles) is missing.</p>';
  return `<details><summary>How each bound was computed</summary>${table(['profile · cache', 'variant', 'FCP bound ms', 'LCP bound ms', 'model'],
    [...seen.values()].map((r) => [r.panel, r.variant, r.fcp?.toFixed(0) ?? '', r.lcp?.toFixed(0) ?? '', r.explain]), 'small')}</details>`;
}

function pairsTable(d: DashboardData): string {
  if (d.pairs.length === 0) return '<p class="note">No pairs: measure a variant on two servers (servers: pushbench, caddy) or an h3 variant beside its HTTP/2 counterpart.</p>';
  const kind = { server: 'same variant, two servers', protocol: 'HTTP/3 vs HTTP/2' } as const;
  const label = (s: { server: string; variant: string }) => shownVariant(s);
  const ms = (v: number) => v.toFixed(0);
  const rows = d.pairs.map((p) => [
    kind[p.kind], p.panel, `${p.browser} ${p.browser_version}`, p.metric.replace('_ms', '').toUpperCase(), label(p.left), ms(p.left_median), label(p.right), ms(p.right_median),
    `${p.shift >= 0 ? '+' : ''}${ms(p.shift)} [${ms(p.ci_low)}, ${ms(p.ci_high)}]`, p.p.toFixed(3), `${p.n_left} / ${p.n_right}`,
  ]);
  return table(['comparison', 'profile · cache', 'browser', 'metric', 'left', 'median ms', 'right', 'median ms', 'shift right − left ms [95 %]', 'p', 'n'], rows, 'small');
}

function verdictSection(d: DashboardData): string {
  if (d.verdict.length === 0) return `<p class="note">No cell has ${esc(d.baseline)} and another variant with values: nothing to compare.</p>`;
  const several = { pages: new Set(d.verdict.map((c) => c.page)).size > 1, servers: new Set(d.verdict.map((c) => c.server)).size > 1 };
  return d.verdict.map((cell) => `<h3>${esc(cellTitle(cell, several))}</h3><p>${esc(verdictSentence(cell))}</p>` +
    table(['variant', 'FCP vs ' + d.baseline, 'LCP vs ' + d.baseline, 'bytes, returning visitor'], cell.rows.map((r) => [
      r.variant, judgementText(r.fcp, 'ms'), judgementText(r.lcp, 'ms'), cell.cache === 'cold' ? 'n/a (cold)' : judgementText(r.bytes, 'kB'),
    ]), 'small')).join('\n');
}

function supportTable(d: DashboardData): string {
  if (d.support.length === 0) return '<p class="note">No successful loads: nothing was measured.</p>';
  // Eleven columns: scrolls sideways on a narrow window rather than running off the page.
  return `<figure>${table([...SUPPORT_COLUMNS], d.support.map((s) => SUPPORT_COLUMNS.map((c) => s[c])), 'small')}</figure>`;
}

function failedTable(d: DashboardData, limit = 300): string {
  if (d.failed.length === 0) return '<p class="note">No load failed.</p>';
  const rows = d.failed.slice(0, limit).map((f) => [f.browser, f.browserVersion, f.variant, f.profile, f.cache, f.page, f.repetition, f.error, f.traceDir]);
  const more = d.failed.length > limit ? `<p class="note">… and ${d.failed.length - limit} more (see runs.csv).</p>` : '';
  return table(['browser', 'version', 'variant', 'profile', 'cache', 'page', 'rep', 'error', 'trace'], rows, 'small') + more;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1500px;padding:16px 24px;color:#212529}
h1{font-size:22px;margin:0 0 8px}h1 .run{font-weight:400;color:#495057}h2{font-size:18px;margin:28px 0 4px;border-bottom:1px solid #dee2e6}
h3{font-size:14px;margin:10px 0 4px}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}dt{color:#6c757d}dd{margin:0}
.cols{display:flex;gap:32px;flex-wrap:wrap}table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #dee2e6;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f1f3f5}table.small{font-size:12px}.note{color:#6c757d;font-style:italic}figure{margin:8px 0 16px;overflow-x:auto}
figcaption{font-weight:600;margin-bottom:4px}.lead{color:#495057;margin:2px 0 8px}.legend span{display:inline-block;padding:0 6px;margin-right:8px;border-radius:3px;color:#fff}
`;

/** The data as the page carries it: the filmstrip's frames are in #filmstrip-frames already, once. */
const withoutFrameData = (d: DashboardData): DashboardData => ({ ...d, filmstrips: { ...d.filmstrips, frames: {} } });

/** The whole report page. */
export function dashboardHtml(d: DashboardData, libraries: readonly InlineLibrary[]): string {
  const charts = chartSpecs(d);
  const drawn = [charts.distributions, charts.deltas, ...charts.sweeps, charts.bounds, charts.versions, ...(charts.trend ? [charts.trend] : []), ...charts.waterfalls].filter((c) => c.rows > 0);
  const waterfallNotes = d.waterfalls.filter((w) => w.requests.length === 0).map((w) => `<p class="note">${esc(w.variant)}: no waterfall (${esc(w.missing)}).</p>`);
  const focus = d.waterfalls[0];
  const libs = libraries.map((l) => `<script data-library="${esc(l.name)}@${esc(l.version)}">${l.code.replace(/<\/script/gi, '<\\/script')}</script>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>pushbench ${esc(d.info.runId)}</title><style>${STYLE}${FILMSTRIP_CSS}</style></head>
<body>
${header(d)}
<section id="verdict"><h2>Verdict</h2><p class="lead">Each strategy against ${esc(d.baseline)} in the same cell: Hodges–Lehmann shift with its 95 % interval, "faster" or "slower" only when the interval excludes 0, otherwise "no evidence" (harness/stats/verdict.ts; the same text is in summary.md).</p>
${d.filmstrips.groups.length > 0 ? `<p class="note">${esc(FILMSTRIP_CAVEAT.replace(/^> /, ''))}</p>` : ''}${verdictSection(d)}</section>
<section id="distributions"><h2>Distributions</h2><p class="lead">Every successful load, per variant, browser, network profile and cache state.</p>
${chartBox(charts.distributions, 'No successful load has an FCP or LCP.')}</section>
<section id="deltas"><h2>Difference to the baseline (${esc(d.baseline)})</h2><p class="lead">Hodges–Lehmann shift of each variant against ${esc(d.baseline)} in the same cell, with its 95 % interval; an interval that crosses 0 is no evidence of a difference.</p>
${chartBox(charts.deltas, `No deltas: the run needs the baseline ${d.baseline} and at least one other variant with values in the same cell.`)}</section>
${sweepSection(d, charts.sweeps)}<section id="bounds"><h2>Physics bound</h2><p class="lead">The lowest FCP/LCP the profile's RTT and rate allow for each variant (harness/compute/bound.ts), next to the measured median.</p>
${chartBox(charts.bounds, 'No measured medians to compare with a bound.')}${boundTable(d)}</section>
<section id="versions"><h2>By browser version</h2>
${chartBox(charts.versions, 'No medians by browser version.')}</section>
<section id="pairs"><h2>Servers and HTTP/3 side by side</h2><p class="lead">The same variant on pushbench's own server and on Caddy, and each HTTP/3 variant against the HTTP/2 variant that does the same on the same server: Hodges–Lehmann shift of the right arm against the left, with its 95 % interval.</p>
${pairsTable(d)}</section>
<section id="support"><h2>Support matrix (measured in this run)</h2><p class="lead">From each load's own columns (push_support, push_used, hint_preloads_started, preloads_unused, protocol, preconnect_used, prefetch_used), never from a version table. The same matrix as <code>pushbench support</code>.</p>
${supportTable(d)}</section>
<section id="trend"><h2>Trend over the history</h2>
${charts.trend ? chartBox(charts.trend, 'The history holds no FCP/LCP values.') : '<p class="note">No history given (pushbench report --history DIR).</p>'}</section>
<section id="waterfalls"><h2>Waterfall of the median load (by LCP)</h2>
<p class="lead">${focus ? `${esc(focus.browser)}, profile ${esc(focus.profile)}, ${esc(focus.cache)} cache. ` : ''}Every bar on the navigation's clock, the zero of TTFB, FCP and LCP
(from the page's Navigation and Resource Timing; harness/compute/waterfall.ts): greys are connection set-up (DNS, TCP, TLS), the
light part waiting for the first byte, the coloured part receiving, by how the request started (document, normal, pushed, 103-hinted).
Dashed lines: the 103's arrival (Chromium ≥ 115 tells it), TTFB, FCP, LCP. Cross-origin files show only start and end.</p>
${charts.waterfalls.map((c) => chartBox(c, '')).join('\n')}${waterfallNotes.join('\n')}</section>
${filmstripSection(d.filmstrips)}
<section id="failed"><h2>Failed loads (${d.failed.length})</h2>${failedTable(d)}</section>
${libs}
<script type="application/json" id="pb-charts">${scriptJson(drawn.map((c) => ({ id: c.id, rows: c.rows, spec: c.spec })))}</script>
<script type="application/json" id="pb-data">${scriptJson(withoutFrameData(d))}</script>
<script>
// Draw every chart; record the outcome on window.__pbCharts (the report test reads it).
(async () => {
  const state = (window.__pbCharts = { done: false, results: [] });
  const charts = JSON.parse(document.getElementById('pb-charts').textContent);
  for (const c of charts) {
    const el = document.getElementById('chart-' + c.id);
    try {
      await vegaEmbed(el, c.spec, { actions: false, renderer: 'svg' });
      state.results.push({ id: c.id, ok: true, rows: c.rows });
    } catch (err) {
      console.error('chart ' + c.id + ' failed: ' + err);
      el.textContent = 'This chart failed to draw: ' + err;
      state.results.push({ id: c.id, ok: false, rows: c.rows, error: String(err) });
    }
  }
  state.done = true;
})();
</script>
</body></html>
`;
}
