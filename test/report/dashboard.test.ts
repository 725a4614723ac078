// `pushbench report`: the HTML dashboard of a synthetic run (two browsers, two profiles, two cache
// states, failed loads, a missing HAR, a history with a regression), opened in Chromium.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { stringify } from 'csv-stringify/sync';
import { chromium, type Browser } from 'playwright-core';
import { RUN_COLUMNS, type RunRow } from '../../harness/shared/row-schema.ts';
import { appendToHistory } from '../../harness/report/history.ts';
import { seededRandom } from '../../harness/stats/index.ts';
import { run } from '../../harness/cli/report.ts';
import { writeReport } from '../../harness/report/write-report.ts';
import { UsageError } from '../../harness/shared/usage-error.ts';
import { supportMatrix } from '../../harness/report/support-matrix.ts';
import { medianLoad } from '../../harness/report/dashboard/waterfall.ts';
import { waterfallOf } from '../../harness/compute/waterfall.ts';
import type { CdpEvent, PageArtifacts } from '../../harness/gather/artifacts.ts';
import { compareVersions } from '../../harness/report/dashboard/data.ts';
import { resolveBrowser } from '../../harness/browsers/registry.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pb-report-'));
after(() => rmSync(tmp, { recursive: true, force: true, maxRetries: 3 }));

const VARIANTS = ['h2', 'h2-push', 'early-hints', 'early-hints-h1', 'h1'];
const BROWSERS = [['chromium', '156.0.8078.79'], ['chromium-103', '103.0.5058.0']] as const;
const PROFILES = [{ name: 'none', rttMs: 0, downKbps: 0, upKbps: 0, lossPct: 0, queueBytes: 0 }, { name: 'slow-4g', rttMs: 150, downKbps: 1638.4, upKbps: 750, lossPct: 0, queueBytes: 262144 }];
const MANIFEST = [{ path: '/assets/site.css', as: 'style' }, { path: '/assets/hero.jpg', as: 'image' }];

function blankRow(): RunRow {
  return Object.fromEntries(RUN_COLUMNS.map((c) => [c, ''])) as RunRow;
}

/** runs.csv rows of one synthetic run; `slowdown` ms is added to h2's LCP (to make a regression). */
function runRows(runId: string, day: number, reps: number, slowdown = 0): RunRow[] {
  const random = seededRandom(day);
  const rows: RunRow[] = [];
  for (const [browser, version] of BROWSERS) for (const p of PROFILES) for (const cache of ['cold', 'warm']) for (let rep = 1; rep <= reps; rep++) {
    VARIANTS.forEach((variant, order) => {
      const base = p.rttMs * 4 + 300 + VARIANTS.indexOf(variant) * 15 + (cache === 'warm' ? -100 : 0);
      const fcp = base + random() * 40;
      const id = `${browser}__${p.name}__${cache}__r${rep}__${variant}__index`;
      const old = browser === 'chromium-103';
      rows.push({
        ...blankRow(), run_id: runId, commit: `c${day}`, browser, browser_version: version, variant, topology: 'direct', think_ms: '0',
        site: 'blog', page: '/', profile: p.name, rtt_ms: String(p.rttMs), down_kbps: String(p.downKbps), up_kbps: String(p.upKbps),
        loss_pct: '0', queue_bytes: String(p.queueBytes), shaper: p.name === 'none' ? 'none' : 'tun', cache, repetition: String(rep), order: String(order + 1),
        started_at: `2026-03-${String(day).padStart(2, '0')}T10:${String(rep).padStart(2, '0')}:00.000Z`,
        fcp_ms: fcp.toFixed(1),
        // chromium-103 reports no LCP for h1: a cell without LCP must not break anything.
        lcp_ms: old && variant === 'h1' ? '' : (fcp + 80 + random() * 60 + (variant === 'h2' ? slowdown : 0)).toFixed(1),
        push_support: variant === 'h2-push' ? (old ? 'accepted' : 'refused') : 'n/a',
        push_promised: variant === 'h2-push' && old ? '2' : '0', push_used: variant === 'h2-push' && old ? '2' : '0',
        hints_support: variant === 'early-hints' ? (old ? 'ignored' : 'honoured') : variant === 'early-hints-h1' ? 'ignored' : 'n/a',
        hint_preloads_started: variant === 'early-hints' && !old ? '3' : variant.startsWith('early-hints') ? '0' : '',
        preloads_unused: variant.startsWith('early-hints') ? '0' : '',
        trace_dir: `traces/${id}`,
      });
    });
  }
  return rows;
}

function writeRunsCsv(dir: string, rows: RunRow[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'runs.csv'), stringify([[...RUN_COLUMNS], ...rows.map((r) => RUN_COLUMNS.map((c) => r[c]))]));
}

/** A load's page.json (Navigation and Resource Timing, ms from navigation start) and its CDP events (push marks). */
function traceFor(variant: string): { page: object; cdp: object[] } {
  const url = (path: string) => `https://127.0.0.1:4443${path}`;
  const resource = (path: string, start: number, firstByte: number, end: number) => ({
    name: url(path), initiatorType: variant === 'early-hints' ? 'early-hints' : 'link', startTime: start, requestStart: start + 1,
    responseStart: firstByte, responseEnd: end, transferSize: 1000, encodedBodySize: 900, decodedBodySize: 900, nextHopProtocol: 'h2',
  });
  const navigation = {
    startTime: 0, fetchStart: 2, domainLookupStart: 2, domainLookupEnd: 2, connectStart: 2, secureConnectionStart: 152, connectEnd: 302,
    requestStart: 303, responseStart: 605, responseEnd: 625, domContentLoadedEventEnd: 700, loadEventEnd: 900,
    transferSize: 5000, encodedBodySize: 4700, decodedBodySize: 16000, nextHopProtocol: 'h2',
    ...(variant === 'early-hints' ? { firstInterimResponseStart: 455, finalResponseHeadersStart: 605 } : {}),
  };
  const page = {
    navigation, paint: [{ name: 'first-contentful-paint', startTime: 800 }], lcp: { supported: true, candidates: [] }, usage: null,
    resources: [resource('/assets/site.css', 630, 780, 810), resource('/assets/hero.jpg', 635, 785, 985)],
  };
  const pushStart = (path: string) => ({ method: 'Network.responseReceived', params: { type: 'Stylesheet', response: { url: url(path), timing: { pushStart: 1 } } } });
  return { page, cdp: variant === 'h2-push' ? [pushStart('/assets/site.css'), pushStart('/assets/hero.jpg')] : [] };
}

let runDir = '';
let historyDir = '';
before(() => {
  // Three earlier runs in the history, then the current run whose h2 LCP is 400 ms slower.
  historyDir = join(tmp, 'history');
  for (const day of [1, 2, 3]) {
    const dir = join(tmp, `old-${day}`);
    writeRunsCsv(dir, runRows(`run-${day}`, day, 5));
    appendToHistory(historyDir, dir);
  }
  runDir = join(tmp, 'run-10');
  const rows = runRows('run-10', 10, 5, 400);
  rows[3] = { ...rows[3], error: 'timeout: navigation did not finish in 60000 ms', fcp_ms: '', lcp_ms: '' };
  rows[17] = { ...rows[17], error: 'net::ERR_CONNECTION_RESET <script>', fcp_ms: '', lcp_ms: '' };
  // One cell (chromium, no shaping, cold) also at think times 50 and 150 ms: a think sweep, so the
  // sweep chart is drawn and checked (marks, legends at 1280/1920 px) with the others.
  const thinkSweep = [50, 150].flatMap((think) => runRows('run-10', 10 + think, 3)
    .filter((r) => r.browser === 'chromium' && r.profile === 'none' && r.cache === 'cold')
    .map((r) => ({ ...r, think_ms: String(think), fcp_ms: (Number(r.fcp_ms) + think).toFixed(1), lcp_ms: (Number(r.lcp_ms) + think).toFixed(1) })));
  writeRunsCsv(runDir, [...rows, ...thinkSweep]);
  writeFileSync(join(runDir, 'run.json'), JSON.stringify({
    runId: 'run-10', commit: 'c10', startedAt: '2026-03-10T10:00:00.000Z', toolVersion: 'playwright-core 1.65.1',
    benchmark: { variants: VARIANTS, profiles: PROFILES, cache: ['cold', 'warm'], thinkMs: 0, pages: ['/'], shaper: 'auto', baseline: 'h2' },
    browsers: BROWSERS.map(([name, version]) => ({ name, version, source: 'test' })),
    manifest: { siteDir: join(tmp, 'no-site'), pages: [{ page: '/', resources: MANIFEST }] },
  }));
  // Traces for every load of the waterfall's browser/profile/cache, except h1's (the fallback).
  for (const variant of VARIANTS.filter((v) => v !== 'h1')) {
    for (let rep = 1; rep <= 5; rep++) {
      const dir = join(runDir, 'traces', `chromium__slow-4g__cold__r${rep}__${variant}__index`);
      mkdirSync(dir, { recursive: true });
      const { page, cdp } = traceFor(variant);
      writeFileSync(join(dir, 'meta.json'), JSON.stringify({ variant, page: '/', error: '' }));
      writeFileSync(join(dir, 'page.json'), JSON.stringify(page));
      writeFileSync(join(dir, 'cdp.json.gz'), gzipSync(JSON.stringify(cdp)));
    }
  }
});

test('report.html is one offline file with the run, its failed loads and no external references', async () => {
  const started = performance.now();
  const file = await writeReport(runDir, { historyDir });
  const elapsed = performance.now() - started;
  assert.equal(file, join(runDir, 'report.html'));
  assert.ok(elapsed < 2000, `writeReport took ${elapsed.toFixed(0)} ms for 400 rows; it runs after every benchmark`);
  const html = readFileSync(file, 'utf8');
  assert.doesNotMatch(html, /<(script|link|img|iframe)\b[^>]*\s(src|href)\s*=\s*["']?(https?:)?\/\//i, 'no external script/link/img');
  assert.match(html, /156\.0\.8078\.79/);
  assert.match(html, /timeout: navigation did not finish/);
  assert.match(html, /net::ERR_CONNECTION_RESET &lt;script&gt;/, 'errors are HTML-escaped');
  assert.match(html, /h1: no waterfall \(no meta.json in chromium__slow-4g__cold__r\d__h1__index\)/);
  assert.match(html, /<section id="verdict"><h2>Verdict<\/h2>/, "the verdict comes first");
  assert.match(html, /<section id="sweeps"><h2>Difference to the baseline along think time<\/h2>/, 'the think sweep has its section');
});

test('the dashboard renders every chart with data in Chromium, without console errors', { timeout: 120_000 }, async (t) => {
  const file = await writeReport(runDir, { historyDir, out: join(tmp, 'out', 'dash.html') });
  const browser: Browser = await chromium.launch({
    executablePath: (await resolveBrowser('chromium')).executablePath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  // Offline: any request that is not the file itself fails the test.
  await page.route('**/*', (route) => (route.request().url().startsWith('file://') ? route.continue() : (problems.push(`request ${route.request().url()}`), route.abort())));
  await page.goto(`file://${file}`);
  await page.waitForFunction(() => (window as unknown as { __pbCharts?: { done: boolean } }).__pbCharts?.done === true, null, { timeout: 60_000 });
  const results = await page.evaluate(() => (window as unknown as { __pbCharts: { results: { id: string; ok: boolean; rows: number }[] } }).__pbCharts.results);
  const ids = results.map((r) => r.id);
  for (const id of ['distributions', 'deltas', 'sweep-think-ms', 'bounds', 'versions', 'trend', 'waterfall-h2', 'waterfall-h2-push', 'waterfall-early-hints']) assert.ok(ids.includes(id), `chart ${id} drawn (${ids.join(', ')})`);
  assert.ok(!ids.includes('waterfall-h1'), 'h1 has no trace: no empty chart');
  for (const r of results) {
    assert.ok(r.ok, `chart ${r.id} failed`);
    assert.ok(r.rows > 0, `chart ${r.id} has data`);
    const marks = await page.locator(`#chart-${r.id} svg g.role-mark > *`).count();
    assert.ok(marks > 0, `chart ${r.id} drew marks`);
  }
  // Pushed and early-hinted requests are coloured apart from normal ones.
  const fills = async (id: string) => page.locator(`#chart-${id} svg g.role-mark path`).evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('fill')))]);
  const pushed = await fills('waterfall-h2-push');
  const hinted = await fills('waterfall-early-hints');
  assert.ok(pushed.includes('#d9480f') && hinted.includes('#1c7ed6'), `push ${pushed} / hints ${hinted}`);
  // The trend marks the current run's h2 LCP (400 ms slower) as a regression.
  const data = JSON.parse(await page.locator('#pb-data').textContent() ?? '{}') as { trend: { variant: string; metric: string; verdict: string; runId: string }[] };
  // The run holds several think times (its sweep): the report may name each arm's ("h2 · think 0 ms").
  assert.ok(data.trend.some((p) => (p.variant === 'h2' || p.variant.startsWith('h2 ')) && p.metric === 'LCP' && p.verdict === 'regression' && p.runId === 'run-10'));
  assert.ok(!data.trend.some((p) => p.variant.startsWith('h2-push') && p.verdict === 'regression' && p.runId === 'run-10'), 'unchanged cells are not flagged');
  // At 1280 and 1920 px every legend is whole and inside its chart's box; the screenshots are kept
  // after the test (the run folder is removed) so a person can look at them.
  const shots = mkdtempSync(join(tmpdir(), 'pb-report-shot-'));
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 1000 });
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __pbCharts?: { done: boolean } }).__pbCharts?.done === true, null, { timeout: 60_000 });
    const cut = await page.evaluate(() => Array.from(document.querySelectorAll('figure')).flatMap((fig) => {
      const box = fig.getBoundingClientRect();
      return Array.from(fig.querySelectorAll('g.role-legend')).filter((g) => g.getBoundingClientRect().right > box.right + 1).map(() => fig.querySelector('.chart')!.id);
    }));
    assert.deepEqual(cut, [], `${width} px: legends past their chart's edge`);
    await page.screenshot({ path: join(shots, `report-${width}.png`), fullPage: true });
    for (const section of ['distributions', 'deltas', 'sweeps', 'bounds', 'versions', 'trend', 'waterfalls']) {
      await page.locator(`section#${section}`).screenshot({ path: join(shots, `report-${width}-${section}.png`) });
    }
  }
  console.log(`dashboard screenshots: ${shots}`);
  assert.deepEqual(problems, []);
});

test('partial data: one variant, no LCP, no run.json, no traces still gives a report', async () => {
  const dir = join(tmp, 'partial');
  const rows = runRows('partial', 4, 2).filter((r) => r.variant === 'h1').map((r) => ({ ...r, lcp_ms: '' }));
  rows[0] = { ...rows[0], error: 'crash' };
  writeRunsCsv(dir, rows);
  const file = await writeReport(dir);
  const html = readFileSync(file, 'utf8');
  assert.match(html, /No deltas/);
  assert.doesNotMatch(html, /<section id="sweeps">/, 'no sweep, no sweep section');
  assert.match(html, /No history given/);
  assert.match(html, /Failed loads \(1\)/);
  const allFailed = join(tmp, 'all-failed');
  writeRunsCsv(allFailed, runRows('x', 5, 1).map((r) => ({ ...r, error: 'timeout' })));
  assert.ok(existsSync(await writeReport(allFailed)));
});

test('bad input is a UsageError naming the argument', async () => {
  await assert.rejects(writeReport(join(tmp, 'nope')), (e: unknown) => e instanceof UsageError && /RUN_DIR/.test((e as Error).message));
  await assert.rejects(run([]), UsageError);
  await assert.rejects(writeReport(runDir, { historyDir: join(tmp, 'no-history') }), (e: unknown) => e instanceof UsageError && /--history/.test((e as Error).message));
});

test('the support matrix is measured from the rows of each browser', () => {
  const rows = runRows('s', 6, 2);
  rows[1] = { ...rows[1], error: 'timeout', push_support: 'accepted' }; // failed loads do not count
  const matrix = supportMatrix(rows);
  const of = (b: string) => matrix.find((m) => m.browser === b)!;
  assert.match(of('chromium').push_accepted, /^no \(0\/\d+\)$/);
  assert.match(of('chromium-103').push_accepted, /^yes \(\d+\/\d+ loads\)$/);
  assert.match(of('chromium').early_hints_h2, /^yes /);
  assert.match(of('chromium').early_hints_h1, /^no /);
  assert.equal(supportMatrix(rows.filter((r) => r.variant === 'h2'))[0]!.push_accepted, 'not measured');
});

test('waterfall: on the navigation\'s clock, phases and marks kept; the median load is a real load', () => {
  const hinted = traceFor('early-hints');
  const { requests, hintsArrivalMs } = waterfallOf(hinted.page as PageArtifacts, hinted.cdp as CdpEvent[]);
  assert.deepEqual(requests.map((r) => [r.path, r.kind, r.startMs, r.firstByteMs, r.endMs]), [
    ['(document)', 'document', 0, 605, 625], ['/assets/site.css', 'early-hints', 630, 780, 810], ['/assets/hero.jpg', 'early-hints', 635, 785, 985],
  ]);
  assert.equal(hintsArrivalMs, 455, 'the 103');
  assert.deepEqual(requests[0]!.segments.map((g) => [g.phase, g.fromMs, g.toMs]), [['connect', 2, 152], ['tls', 152, 302], ['waiting', 303, 605], ['receiving', 605, 625]],
    'the final response headers, not the 103, end the waiting');
  const pushed = traceFor('h2-push');
  assert.deepEqual(waterfallOf(pushed.page as PageArtifacts, pushed.cdp as CdpEvent[]).requests.map((r) => r.kind), ['document', 'pushed', 'pushed']);
  const rows = [300, 100, 200, 400].map((lcp) => ({ ...blankRow(), lcp_ms: String(lcp) }));
  assert.equal(medianLoad(rows)?.lcp_ms, '200');
  assert.ok(compareVersions('99.0.1', '103.0.5058.0') < 0 && compareVersions('156.0.8078.79', '103.0.5058.0') > 0);
});
