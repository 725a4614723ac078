// HTTP/3 end to end, as a user runs it: Caddy's h3 variants through the tun link with the three
// Chromium builds, and Caddy gone after a normal end, Ctrl-C and a killed server child.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, execFileSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';
import { tunUsable } from '../../harness/shapers/tun.ts';
import { supportMatrix } from '../../harness/report/support-matrix.ts';
import type { RunRow } from '../../harness/shared/row-schema.ts';

type Row = Record<string, string>;

const skip = tunUsable() ? false : 'needs root for the tun link';

function runBench(env: Record<string, string>, onOutput?: (output: string, child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string; runDir: string }> {
  const out = env.PUSHBENCH_OUT!;
  return new Promise((resolve) => {
    const child = spawn('npx', ['playwright', 'test'], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, detached: true });
    let output = '';
    const add = (d: Buffer) => { output += d.toString(); onOutput?.(output, child); };
    child.stdout!.on('data', add);
    child.stderr!.on('data', add);
    child.on('exit', (code, signal) => {
      const runs = fs.existsSync(out) ? fs.readdirSync(out).sort() : [];
      resolve({ code, signal, output, runDir: path.join(out, runs.at(-1) ?? '') });
    });
  });
}

const rowsOf = (runDir: string): Row[] => parse(fs.readFileSync(path.join(runDir, 'runs.csv'), 'utf8'), { columns: true }) as Row[];

/** Caddy processes started for `out` (their command line names the run's state folder or Caddyfile). */
function caddyProcesses(): string[] {
  try {
    return execFileSync('pgrep', ['-a', '-f', 'caddy run --config .*pushbench-caddy-'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  for (const t0 = Date.now(); Date.now() - t0 < ms; await new Promise((r) => setTimeout(r, 100))) if (ok()) return;
  assert.fail(`${what} within ${ms} ms`);
}

test('h3 and h3-early-hints on Caddy through tun: Chromium 156 and 103 over h3 with hints started, Chromium 92 an error row', { skip, timeout: 600_000 }, async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-h3-'));
  const run = await runBench({
    PUSHBENCH_OUT: out, PUSHBENCH_SERVERS: 'caddy', PUSHBENCH_VARIANTS: 'h3,h3-early-hints', PUSHBENCH_BROWSERS: 'chromium,chromium-103,chromium-92',
    PUSHBENCH_PROFILES: 'slow-4g', PUSHBENCH_SHAPER: 'tun', PUSHBENCH_CACHE: 'cold', PUSHBENCH_REPEAT: '1',
  });
  const rows = rowsOf(run.runDir);
  assert.equal(rows.length, 6, run.output);
  for (const r of rows) {
    assert.equal(r.server, 'caddy');
    assert.match(r.server_version, /^caddy 2\./);
    assert.equal(r.shaper, 'tun');
  }
  for (const r of rows.filter((r) => r.browser !== 'chromium-92')) {
    assert.equal(r.error, '', `${r.browser} ${r.variant}: ${r.error}`);
    assert.equal(r.protocol, 'h3', `${r.browser} ${r.variant} went over ${r.protocol}`);
    assert.match(r.congestion_control, /quic-go/);
    assert.equal(r.shaping_check, 'ok', `${r.browser} ${r.variant}`);
    if (r.variant === 'h3-early-hints') {
      assert.ok(Number(r.hint_preloads_started) > 0, `${r.browser}: hinted preloads started over h3`);
      assert.equal(r.hints_support, 'honoured');
    }
  }
  for (const r of rows.filter((r) => r.browser === 'chromium-92')) assert.match(r.error, /QUIC/, `chromium-92 ${r.variant}: ${r.error}`);
  const support = supportMatrix(rows as RunRow[]);
  assert.match(support.find((s) => s.browser === 'chromium')!.h3, /^yes/);
  assert.match(support.find((s) => s.browser === 'chromium-103')!.early_hints_h3, /^yes/);
  assert.match(support.find((s) => s.browser === 'chromium-92')!.h3, /^no/);
  assert.deepEqual(caddyProcesses(), [], 'no Caddy after a normal end');
  fs.rmSync(out, { recursive: true, force: true });
});

test('Caddy is stopped after Ctrl-C and after its server child is killed', { skip, timeout: 600_000 }, async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-h3-stop-'));
  const env = {
    PUSHBENCH_OUT: out, PUSHBENCH_SERVERS: 'caddy', PUSHBENCH_VARIANTS: 'h2,h3', PUSHBENCH_BROWSERS: 'chromium-103',
    PUSHBENCH_PROFILES: 'desktop', PUSHBENCH_SHAPER: 'tun', PUSHBENCH_CACHE: 'cold', PUSHBENCH_REPEAT: '3',
  };
  // Ctrl-C: SIGINT to the whole process group, as a terminal sends it, once a load is done.
  let sent = false;
  await runBench(env, (output, child) => {
    if (!sent && /^\[1\/\d+ /m.test(output)) {
      sent = true;
      assert.ok(caddyProcesses().length > 0, 'Caddy runs during the benchmark');
      process.kill(-child.pid!, 'SIGINT');
    }
  });
  assert.ok(sent, 'a load finished before Ctrl-C');
  await until('no Caddy after Ctrl-C', () => caddyProcesses().length === 0);

  // The server child killed outright: Caddy dies with it (setpriv --pdeathsig), its folder is
  // removed by the next start, and the run goes on with error rows.
  let killed = false;
  const run = await runBench(env, (output) => {
    if (!killed && /^\[1\/\d+ /m.test(output)) {
      killed = true;
      execFileSync('pkill', ['-KILL', '-f', `serve-child.ts .*${out}`]);
    }
  });
  assert.ok(killed);
  assert.equal(rowsOf(run.runDir).length, 6, 'every load has a row');
  await until('no Caddy after its parent was killed', () => caddyProcesses().length === 0);
  fs.rmSync(out, { recursive: true, force: true });
});
