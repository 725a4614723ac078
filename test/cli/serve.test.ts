// `pushbench serve` as the harness uses it: a child process that prints ready lines and exits 0 on
// SIGTERM or when its stdin closes; bad input is one line on stderr and exit code 2.
import path from 'node:path';
import { PROJECT_ROOT } from '../../harness/run/provenance.ts';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { createTlsMaterial, startServer } from '../../servers/index.ts';
import type { ServeReadyLine } from '../../servers/types.ts';
import { h2Request, h2Session, makeTempSite, type TempSite } from '../servers/helpers.ts';

const BIN = path.join(PROJECT_ROOT, 'harness/bin/pushbench.js');
let site: TempSite;
before(async () => (site = await makeTempSite()));
after(() => site.cleanup());

function serve(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

async function readyLines(proc: ReturnType<typeof serve>, count: number): Promise<ServeReadyLine[]> {
  while (proc.stdout().split('\n').filter(Boolean).length < count) {
    const ended = await Promise.race([once(proc.child.stdout, 'data').then(() => false), proc.exited.then(() => true)]);
    if (ended) throw new Error(`serve exited early: ${proc.stderr()}`);
  }
  return proc.stdout().split('\n').filter(Boolean).map((line) => JSON.parse(line) as ServeReadyLine);
}

test('serve --json prints one ready line per variant, serves, and exits 0 on SIGTERM', async () => {
  const proc = serve(['--variant', 'h2,early-hints-h1', '--port', '0', '--json', '--site', site.siteDir]);
  const lines = await readyLines(proc, 2);
  assert.deepEqual(lines.map((l) => [l.type, l.variant, l.protocol]), [['ready', 'h2', 'h2'], ['ready', 'early-hints-h1', 'h1']]);
  assert.match(lines[0]!.spkiSha256, /^[A-Za-z0-9+/]{43}=$/);
  assert.equal(lines[0]!.spkiSha256, lines[1]!.spkiSha256, 'one certificate per run');
  const session = await h2Session(lines[0]!.origin, { certPem: '', keyPem: '', spkiSha256: '' }).catch((err) => err as Error);
  assert.ok(session instanceof Error, 'the per-run certificate is not trusted without being pinned');
  proc.child.kill('SIGTERM');
  assert.equal(await proc.exited, 0);
  assert.equal(proc.stdout().trim().split('\n').length, 2, 'nothing but ready lines on stdout');
});

test('serve --json exits 0 when its stdin closes (an orphaned child dies with its parent)', async () => {
  const proc = serve(['--variant', 'h2', '--json', '--site', site.siteDir]);
  await readyLines(proc, 1);
  proc.child.stdin.end();
  assert.equal(await proc.exited, 0);
});

test('bad input: one line on stderr, exit 2', async () => {
  const tls = await createTlsMaterial();
  const busy = await startServer({ variant: 'h2', siteDir: site.siteDir, tls });
  try {
    const cases: [string[], RegExp][] = [
      [['--variant', 'h4', '--site', site.siteDir], /--variant h4: unknown variant; valid variants: h1, h2, h2-push/],
      [['--variant', 'h3', '--site', site.siteDir], /h3 runs on caddy only.*PUSHBENCH_SERVERS=pushbench,caddy/],
      [['--variant', 'h2', '--server', 'nginx', '--site', site.siteDir], /--server nginx: unknown server; valid servers: pushbench, caddy/],
      [['--variant', 'h2', '--site', `${site.base}/missing`], /--site .*missing.*does not exist/],
      [['--variant', 'h2', '--site', site.siteDir, '--port', String(busy.port)], new RegExp(`port ${busy.port} on 127.0.0.1 is in use; choose another with --port or use --port 0`)],
      [['--variant', 'h2', '--site', site.siteDir, '--host', '0.0.0.0'], /--host 0.0.0.0: servers bind only to/],
      [['--variant', 'h2', '--site', site.siteDir, '--think-ms', 'soon'], /--think-ms: "soon" must be a whole number of milliseconds/],
    ];
    for (const [args, message] of cases) {
      const proc = serve(args);
      assert.equal(await proc.exited, 2, args.join(' '));
      const lines = proc.stderr().trim().split('\n');
      assert.equal(lines.length, 1, proc.stderr());
      assert.match(lines[0]!, message);
    }
    // The busy server was unaffected.
    const session = await h2Session(busy.origin, tls);
    assert.equal((await h2Request(session, '/')).status, 200);
    session.close();
  } finally {
    await busy.close();
  }
});
