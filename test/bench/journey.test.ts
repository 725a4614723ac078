// Beyond the first page, measured end to end in Chromium 156 on a high-RTT tun link: the fixture's
// second origin (fonts on https://fonts.pushbench.test, CORS, counted in the page's bytes), the
// preconnect variants (HTML and 103) against plain HTTP/2, and a two-step journey whose second step
// comes from the first step's prefetch. Each claim is checked in the rows and on the wire.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';
import { parseWireLog, type WireEvent } from '../../servers/wire-log.ts';

type Row = Record<string, string>;
const RTT = 200;
const FONTS = 'fonts.pushbench.test';

const wireOf = (runDir: string, row: Row, file: string): WireEvent[] => {
  const p = path.join(runDir, row.trace_dir!, file);
  return fs.existsSync(p) ? parseWireLog(fs.readFileSync(p, 'utf8')) : [];
};
const requests = (wire: readonly WireEvent[]) => wire.filter((e): e is Extract<WireEvent, { type: 'request' }> => e.type === 'request');

test('second origin, preconnect (HTML and 103) and a prefetched journey step, on a 200 ms RTT link', { timeout: 300_000 }, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-journey-'));
  const r = spawnSync('npx', ['pushbench', 'run'], {
    cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 280_000,
    env: {
      ...process.env,
      PUSHBENCH_OUT: work,
      PUSHBENCH_SITE: 'sites/blog-cdn',
      PUSHBENCH_JOURNEY: '/,/posts/early-hints.html',
      PUSHBENCH_DWELL_MS: '500',
      PUSHBENCH_VARIANTS: 'h2,preconnect,early-hints-preconnect,prefetch',
      // A backend that thinks for 2 RTT: a 103 has that long to get the connection ready.
      PUSHBENCH_THINK_MS: String(2 * RTT),
      PUSHBENCH_PROFILES: `rtt${RTT}:rtt=${RTT},down=20000,up=20000`,
      PUSHBENCH_CACHE: 'cold',
      PUSHBENCH_REPEAT: '1',
      PUSHBENCH_BROWSERS: 'chromium',
    },
  });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /isolation process \(a fresh browser per load\): preconnect is honoured only in a regular browser profile/);
  const runDir = path.join(work, fs.readdirSync(work)[0]!);
  const rows = parse(fs.readFileSync(path.join(runDir, 'runs.csv'), 'utf8'), { columns: true }) as Row[];
  assert.equal(rows.length, 8, 'four journeys of two steps, a row each');
  const row = (variant: string, step: number) => rows.find((x) => x.variant === variant && x.step === String(step))!;
  for (const x of rows) {
    assert.equal(x.error, '', `${x.variant} step ${x.step}: ${x.error}`);
    assert.equal(x.journey, 'journey');
    assert.equal(x.isolation, 'process');
    assert.equal(x.page, x.step === '1' ? '/' : '/posts/early-hints.html');
  }

  // The second origin: its own wire log per load, the fonts fetched in CORS mode, in the page's bytes.
  const h2 = row('h2', 1);
  const fontRequests = requests(wireOf(runDir, h2, `origin-${FONTS}.jsonl`));
  assert.equal(fontRequests.length, 2, 'both fonts from the second origin');
  for (const q of fontRequests) assert.equal(q.headers['sec-fetch-dest'], 'font');
  assert.equal(requests(wireOf(runDir, h2, 'wire.jsonl')).filter((q) => q.path.endsWith('.woff2')).length, 0, 'no font from the page origin');
  const page = JSON.parse(fs.readFileSync(path.join(runDir, h2.trace_dir!, 'page.json'), 'utf8')) as { resources: { name: string; transferSize: number }[]; usage: { fonts: { status: string }[] } };
  const fontBytes = page.resources.filter((e) => e.name.startsWith(`https://${FONTS}/`)).map((e) => e.transferSize);
  assert.equal(fontBytes.length, 2);
  assert.ok(fontBytes.every((b) => b > 10_000), `the browser counts the fonts' bytes (Timing-Allow-Origin): ${fontBytes}`);
  assert.ok(page.usage.fonts.every((f) => f.status === 'loaded'), 'every web font loaded (a CORS failure would leave them unloaded)');
  assert.ok(Number(h2.transfer_bytes) > fontBytes.reduce((a, b) => a + b, 0));

  // Plain h2: the font request opens the connection itself. The 103's preconnect, given 2 RTT of
  // think time, has it ready; the server saw it idle for more than an RTT before the font request.
  assert.equal(h2.preconnect_used, 'no');
  assert.ok(Number(h2.preconnect_lead_ms) < RTT / 4, `h2: the request came with the handshake (${h2.preconnect_lead_ms} ms)`);
  const hinted = row('early-hints-preconnect', 1);
  assert.equal(hinted.preconnect_used, 'yes');
  assert.equal(hinted.hints_support, 'honoured');
  assert.ok(Number(hinted.preconnect_lead_ms) > RTT, `103 preconnect: the connection waited ${hinted.preconnect_lead_ms} ms for its first request`);
  // The HTML's preconnect starts when the HTML arrives, one RTT before the stylesheet names the
  // fonts, and a TLS connection takes two: partly ready. Its server side saw the handshake earlier
  // than h2's relative to the page request.
  const tagged = row('preconnect', 1);
  assert.ok(['yes', 'partly'].includes(tagged.preconnect_used!), `preconnect: ${tagged.preconnect_used}`);
  const handshakeAfterPage = (x: Row) => {
    const pageAt = requests(wireOf(runDir, x, 'wire.jsonl')).find((q) => q.path === '/' || q.path === '/index.html')!.t;
    return wireOf(runDir, x, `origin-${FONTS}.jsonl`).find((e) => e.type === 'connection')!.t - pageAt;
  };
  assert.ok(handshakeAfterPage(h2) - handshakeAfterPage(tagged) > RTT / 2, `the preconnect's handshake came earlier: ${handshakeAfterPage(tagged).toFixed(0)} vs ${handshakeAfterPage(h2).toFixed(0)} ms after the page request`);

  // The journey's second step, prefetched by the first: the document with no second transfer, the
  // hero without any request, the stylesheet from the first step's cache.
  const first = row('prefetch', 1);
  const second = row('prefetch', 2);
  assert.equal(first.prefetched, '2', 'the article and its hero');
  const prefetchedPaths = requests(wireOf(runDir, first, 'wire.jsonl')).filter((q) => /prefetch/.test(q.headers['sec-purpose'] ?? '')).map((q) => q.path);
  assert.ok(prefetchedPaths.includes('/posts/early-hints.html'), `${prefetchedPaths}`);
  assert.ok(['yes', 'revalidated'].includes(second.prefetch_used!), `step 2: ${second.prefetch_used}`);
  assert.ok(Number(second.prefetch_hits) >= 1);
  const step2Wire = wireOf(runDir, second, 'wire.jsonl');
  const again = requests(step2Wire).map((q) => q.path);
  assert.ok(!again.some((p) => /\.(css|jpg)$/.test(p)), `step 2 asked for no stylesheet or image: ${again}`);
  const docResponses = step2Wire.filter((e) => e.type === 'response' && e.path === '/posts/early-hints.html') as Extract<WireEvent, { type: 'response' }>[];
  assert.ok(docResponses.every((e) => e.status === 304), 'the document was never sent twice');
  assert.equal(row('h2', 2).prefetch_used, 'n/a');
  assert.ok(Number(second.lcp_ms) < Number(row('h2', 2).lcp_ms), `the prefetched hero paints sooner: ${second.lcp_ms} vs ${row('h2', 2).lcp_ms} ms`);

  // The support matrix derives both columns from these rows.
  const support = spawnSync('npx', ['pushbench', 'support', runDir], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  assert.equal(support.status, 0, support.stderr);
  assert.match(support.stdout, /preconnect_used\s+prefetch_used/);
  assert.match(support.stdout, /partly \(1\/2 loads\)|yes \(2\/2 loads\)/, 'preconnect_used: the 103 yes, the tag yes or partly');
  fs.rmSync(work, { recursive: true, force: true });
});
