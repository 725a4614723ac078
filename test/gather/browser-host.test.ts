// Loads isolated by context in one running browser (gather/browser-host.ts): each context starts
// with nothing of the earlier ones (no cache, connection or TLS session), and the browser's one
// NetLog is split into each load's time window, also after a run was killed before the split.

import { resolveDelivery } from '../../servers/front-server.ts';
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { parseNetLog, sliceNetLog, appendWindow, splitLeftoverNetLogs, eventEpochMs } from '../../harness/gather/netlog-slice.ts';
import { BrowserHost } from '../../harness/gather/browser-host.ts';
import { engineFor } from '../../harness/gather/engines/index.ts';
import { resolveBrowser } from '../../harness/browsers/registry.ts';
import { startServerProcess } from '../../harness/run/server-process.ts';
import { LogTail } from '../../harness/run/log-tail.ts';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';

// A NetLog as Chromium writes it: constants on the first line, then one event per line.
const OFFSET = 1_700_000_000_000;
const event = (t: number, id: number) => ({ phase: 0, source: { id, type: 1 }, time: String(t), type: 2 });
function netLogText(times: number[], complete = true): string {
  const lines = times.map((t, i) => JSON.stringify(event(t, i + 1)));
  const head = `{"constants":{"timeTickOffset":${OFFSET},"logEventTypes":{"X":2}},\n"events": [\n`;
  return complete ? `${head}${lines.join(',\n')}]}\n` : `${head}${lines.join(',\n')},\n{"phase":0,"sou`;
}

test('a NetLog parses whole and cut short, and slices by epoch time', () => {
  const whole = parseNetLog(netLogText([100, 200, 300]));
  assert.equal(whole.events.length, 3);
  assert.equal(eventEpochMs(whole, whole.events[1]!), OFFSET + 200);
  const cut = parseNetLog(netLogText([100, 200, 300], false));
  assert.equal(cut.events.length, 3, 'the half-written last line is dropped, the rest kept');

  const slice = JSON.parse(sliceNetLog(whole, OFFSET + 150, OFFSET + 300));
  assert.deepEqual(slice.events.map((e: { time: string }) => e.time), ['200', '300']);
  assert.equal(slice.constants.timeTickOffset, OFFSET, 'constants travel with every slice');
  assert.throws(() => parseNetLog('{"not":"a netlog"}'), /not a NetLog/);
});

test('a killed run\'s shared NetLog is split into its finished loads, and the leftovers removed', () => {
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-split-'));
  const browsers = path.join(run, 'browsers', 'chromium', 'none-w0');
  fs.mkdirSync(browsers, { recursive: true });
  const netLog = path.join(browsers, 'netlog-1.json');
  fs.writeFileSync(netLog, netLogText([100, 200, 300, 400], false));
  fs.writeFileSync(path.join(browsers, 'keys-1.log'), 'CLIENT_RANDOM x y\n');
  const load = (name: string, finished: boolean) => {
    const dir = path.join(run, 'traces', name);
    fs.mkdirSync(dir, { recursive: true });
    if (finished) fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ files: ['wire.jsonl'] }));
    return dir;
  };
  const a = load('a', true);
  const b = load('b', false); // killed before it finished: no meta.json, no slice
  appendWindow(netLog, { traceDir: a, fromMs: OFFSET + 50, toMs: OFFSET + 250 });
  appendWindow(netLog, { traceDir: b, fromMs: OFFSET + 260, toMs: OFFSET + 500 });

  assert.equal(splitLeftoverNetLogs(path.join(run, 'browsers')), 1);
  const slice = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(a, 'netlog.json.gz'))).toString());
  assert.deepEqual(slice.events.map((e: { time: string }) => e.time), ['100', '200']);
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(a, 'meta.json'), 'utf8')).files, ['wire.jsonl', 'netlog.json.gz']);
  assert.ok(!fs.existsSync(path.join(b, 'netlog.json.gz')));
  assert.ok(!fs.existsSync(path.join(run, 'browsers')), 'nothing left under browsers/');
  fs.rmSync(run, { recursive: true, force: true });
});

/** An h2 server on the blog and a BrowserHost for `browserName`, both stopped after `body`. */
async function withHostAndServer(
  browserName: string,
  traces: { netlog: boolean; har: boolean; keylog: boolean },
  body: (ctx: { dir: string; host: BrowserHost; origin: string; tap: LogTail }) => Promise<void>,
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-host-'));
  const servers = await startServerProcess({
    arms: [{ server: 'pushbench', variant: 'h2', thinkMs: 0 }], siteDir: path.join(PROJECT_ROOT, 'sites/blog'), host: '127.0.0.1',
    topology: 'direct', delivery: resolveDelivery(), wireLogDir: path.join(dir, 'wire'), commandPrefix: [],
  });
  const browser = await resolveBrowser(browserName);
  const host = BrowserHost.for(browser, engineFor(browser), {
    dir: path.join(dir, 'browsers', browserName), spkiSha256: servers.spkiSha256, link: {},
    timeoutMs: 30_000, traces,
  })!;
  const ready = servers.servers.get('h2')!;
  try {
    await body({ dir, host, origin: ready.origin, tap: new LogTail(ready.wireLogPath!) });
  } finally {
    await host.close();
    await servers.stop();
  }
  assert.ok(!fs.existsSync(path.join(dir, 'browsers')), 'the host removed its folder');
  fs.rmSync(dir, { recursive: true, force: true });
}

test('each context of the shared browser starts cold: new connection, no TLS resumption, nothing cached', { timeout: 120_000 }, async () => {
  await withHostAndServer('chromium', { netlog: true, har: true, keylog: true }, async ({ dir, host, origin, tap }) => {
    const wire: Array<Array<Record<string, unknown>>> = [];
    for (let i = 0; i < 2; i++) {
      const offset = tap.mark();
      const keyOffset = host.keyLog().mark();
      const { session, harPath } = await host.take();
      await session.page.goto(`${origin}/`, { waitUntil: 'load' });
      if (i === 0) host.prepareNext();
      await session.close();
      assert.ok(harPath && fs.existsSync(harPath), 'the context wrote its HAR on close');
      const keys = host.keyLog().since(keyOffset);
      assert.ok(keys, 'this load has its own TLS key lines');
      fs.writeFileSync(path.join(dir, `keys-${i}.log`), keys);
      await new Promise((r) => setTimeout(r, 300)); // let the server log the connection closes
      wire.push(tap.since(offset).trim().split('\n').map((l) => JSON.parse(l)));
    }
    const [first, second] = wire as [Array<Record<string, unknown>>, Array<Record<string, unknown>>];
    const assets = (w: Array<Record<string, unknown>>) => w.filter((e) => e.type === 'request' && String(e.path).startsWith('/assets/')).map((e) => e.path).sort();
    assert.ok(assets(first).length >= 3, `first load fetched the assets: ${assets(first)}`);
    assert.deepEqual(assets(second), assets(first), 'the second context fetched every asset again: no shared HTTP cache');
    const connections = second.filter((e) => e.type === 'connection');
    assert.ok(connections.length >= 1, 'the second context opened its own connection');
    assert.ok(connections.every((c) => c.tlsResumed === false), 'and resumed no TLS session of the first');
    assert.ok(first.some((e) => e.type === 'connection-close'), 'closing a context closes its connections');
    const keys0 = fs.readFileSync(path.join(dir, 'keys-0.log'), 'utf8');
    const keys1 = fs.readFileSync(path.join(dir, 'keys-1.log'), 'utf8');
    assert.ok(!keys1.split('\n').filter(Boolean).some((l) => keys0.includes(l)), 'key-log slices do not overlap');
  });
});

test('a shared browser that crashed is replaced on the next load, and its NetLog still split', { timeout: 120_000 }, async () => {
  await withHostAndServer('chromium-103', { netlog: true, har: false, keylog: true }, async ({ dir, host, origin }) => {
    const url = `${origin}/`;
    const traceDir = path.join(dir, 'traces', 'first');
    fs.mkdirSync(traceDir, { recursive: true });
    const from = Date.now();
    const first = await host.take();
    await first.session.page.goto(url, { waitUntil: 'load' });
    await first.session.close();
    host.addWindow(traceDir, from, Date.now());
    fs.writeFileSync(path.join(traceDir, 'meta.json'), JSON.stringify({ files: [] }));

    // Kill the browser (a direct child of this process) the hard way.
    for (const pid of execFileSync('pgrep', ['-P', String(process.pid)]).toString().trim().split('\n')) {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chrom')) process.kill(Number(pid), 'SIGKILL');
    }
    await new Promise((r) => setTimeout(r, 500));

    const second = await host.take();
    const response = await second.session.page.goto(url, { waitUntil: 'load' });
    assert.equal(response?.status(), 200, 'the replacement browser loads the page');
    await second.session.close();
    assert.ok(fs.existsSync(path.join(traceDir, 'netlog.json.gz')), 'the crashed browser\'s NetLog was split when it was replaced');
    const slice = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(traceDir, 'netlog.json.gz'))).toString());
    assert.ok(JSON.stringify(slice.events).includes(url), 'and the slice holds the first load');
  });
});
