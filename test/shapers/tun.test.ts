// Through the real tun link (root only: namespaces + TUN). Margins are wide: the machine is shared.
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { resolveProfile, validateProfile } from '../../harness/config/profiles.ts';
import { measureThroughLink } from '../../harness/shapers/calibration.ts';
import { median } from '../../harness/stats/describe.ts';
import { cleanupStale, isAlive, listNamespaces, readState } from '../../harness/shapers/namespaces.ts';
import { tunShaper } from '../../harness/shapers/tun.ts';
import { freshFetchTheoryMs, goodputKbps } from '../../harness/shapers/transfer-theory.ts';

/** TUN devices visible in the root namespace and, if it exists, in namespace `ns`. */
function tunDevices(ns?: string): string {
  const root = execFileSync('ip', ['-o', 'link', 'show', 'type', 'tun'], { encoding: 'utf8' });
  if (!ns || !listNamespaces().includes(ns)) return root;
  return root + execFileSync('ip', ['-n', ns, '-o', 'link', 'show', 'type', 'tun'], { encoding: 'utf8' });
}

test('tun link: connect ≈ RTT, fresh 100 KB ≈ theory, rate ≈ profile', async () => {
  const profile = resolveProfile('custom:rtt=100,down=10000,up=5000');
  const link = await tunShaper.start(profile, { slot: 241 });
  try {
    assert.equal(link.serverHost, '10.77.241.2');
    assert.deepEqual(link.serverCommandPrefix, ['ip', 'netns', 'exec', 'pb-s241']);
    assert.equal(link.info.congestionControl, 'cubic');
    // The path's own latency (connect and echo probes' midpoint) was measured and taken off, never over RTT/4.
    assert.ok(link.info.pathCompensationMs! > 0 && link.info.pathCompensationMs! <= 25, `compensation ${link.info.pathCompensationMs} ms`);
    const { result } = await measureThroughLink(link, {
      connects: 5, pings: 3, fetchSizes: [100_000], fetchRepeats: 3, downBytes: 1_500_000, upBytes: 0,
    });
    const connect = median(result.connectMs);
    assert.ok(connect >= 85 && connect <= 130, `connect ${connect} ms at 100 ms RTT`);
    const ping = median(result.pingMs);
    assert.ok(ping >= 85 && ping <= 130, `warm request ${ping} ms at 100 ms RTT`);
    const fetch = median(result.fetchMs[100_000]!);
    const theory = freshFetchTheoryMs(profile, 100_000);
    assert.ok(Math.abs(fetch - theory) <= 0.2 * theory, `100 KB in ${fetch} ms, theory ${theory}`);
    const goodput = goodputKbps(10_000);
    assert.ok(Math.abs(result.downKbps - goodput) <= 0.2 * goodput, `down ${result.downKbps} kbit/s vs ${goodput}`);
  } finally {
    await link.stop();
  }
  assert.ok(!listNamespaces().includes('pb-c241'), 'stop() removed the namespaces');
  assert.ok(!tunDevices('pb-c241').includes('pb-tc241'), 'stop() removed the TUN devices');
});

test('tun link: 5% random loss is observed at 2–9% of packets', async () => {
  const profile = resolveProfile('custom:rtt=20,down=20000,up=20000,loss=5');
  const link = await tunShaper.start(profile, { slot: 242 });
  try {
    const { stats } = await measureThroughLink(link, { connects: 0, pings: 0, fetchSizes: [], fetchRepeats: 0, downBytes: 600_000, upBytes: 0 });
    assert.ok(stats);
    const offered = stats.after.down.offered - stats.before.down.offered + stats.after.up.offered - stats.before.up.offered;
    const lost = stats.after.down.droppedLoss - stats.before.down.droppedLoss + stats.after.up.droppedLoss - stats.before.up.droppedLoss;
    assert.ok(offered > 500, `enough packets (${offered})`);
    const pct = (lost / offered) * 100;
    assert.ok(pct >= 2 && pct <= 9, `observed loss ${pct.toFixed(2)}% of ${offered}`);
  } finally {
    await link.stop();
  }
});

test('tun link: a mahimahi trace sets the rate', async () => {
  const profile = validateProfile({
    name: 'trace-12', rttMs: 20, downKbps: 12_000, upKbps: 12_000, lossPct: 0, queueBytes: 1_000_000,
    trace: { down: 'steady-12mbps', up: 'steady-12mbps' },
  });
  const link = await tunShaper.start(profile, { slot: 243 });
  try {
    const { result } = await measureThroughLink(link, { connects: 0, pings: 0, fetchSizes: [], fetchRepeats: 0, downBytes: 1_500_000, upBytes: 0 });
    const goodput = goodputKbps(12_000);
    assert.ok(Math.abs(result.downKbps - goodput) <= 0.2 * goodput, `down ${result.downKbps} kbit/s vs ${goodput}`);
  } finally {
    await link.stop();
  }
});

test('a SIGKILLed run leaves nothing after cleanupStale()', async () => {
  const script = path.join(os.tmpdir(), `pb-kill-${process.pid}.mts`);
  const tunModule = pathToFileURL(path.join(PROJECT_ROOT, 'harness/shapers/tun.ts')).href;
  const profilesModule = pathToFileURL(path.join(PROJECT_ROOT, 'harness/config/profiles.ts')).href;
  writeFileSync(script, `
    import { tunShaper } from '${tunModule}';
    import { resolveProfile } from '${profilesModule}';
    await tunShaper.start(resolveProfile('custom:rtt=10,down=1000,up=1000'), { slot: 244 });
    console.log('up');
    setInterval(() => {}, 1000);
  `);
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('up')) resolve(); });
    child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
  const state = readState(244);
  try {
    assert.ok(state && state.processes.length === 1, 'a state file records the emulator');
    assert.ok(tunDevices('pb-c244').includes('pb-tc244'), 'the link is up');
  } finally {
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    rmSync(script, { force: true });
  }
  assert.ok(listNamespaces().includes('pb-c244'), 'SIGKILL left the namespaces behind');

  cleanupStale();
  const emulatorPid = state!.processes[0]!.pid;
  for (let i = 0; i < 50 && isAlive(emulatorPid); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(!isAlive(emulatorPid), 'emulator process is gone');
  assert.ok(!listNamespaces().some((ns) => ns.endsWith('244')), 'namespaces removed');
  assert.ok(!tunDevices('pb-c244').includes('244'), 'TUN devices removed');
  assert.equal(readState(244), undefined, 'state file removed');
});
