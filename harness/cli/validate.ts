// `pushbench validate`: a small fixed matrix on a latency-bound link (tun shaper, 300 ms RTT,
// 50 Mbit/s both ways), then known effects of push, Early Hints and preload, expected vs measured
// (harness/compute/known-effects.ts), and each cell's FCP spread in RTTs. Three benchmark runs, one
// after another (never two at once): the default servers on Chromium 103 (think 0, cold and warm),
// on current Chromium (think time = RTT), and a naive server (sendQueue unlimited, priorities off).
// Exit status: 0 when every judged effect is reproduced, 1 otherwise.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cellSpreads, judgeKnownEffects, KNOWN_EFFECT_VARIANTS, type EffectCheck } from '../compute/known-effects.ts';
import { readRunsCsv } from '../report/read-runs.ts';
import type { RunRow } from '../shared/row-schema.ts';
import { PROJECT_ROOT } from '../run/provenance.ts';
import { UsageError } from '../shared/usage-error.ts';

const USAGE = `usage: pushbench validate [--rtt MS] [--repeat N] [--out DIR]
  --rtt     round-trip time of the link, ms (300); bandwidth is 50 Mbit/s both ways
  --repeat  loads per cell (5)
  --out     results root (results); the runs go to <out>/validate-<time>/{push,hints,naive}`;

interface RunSpec {
  name: keyof Parameters<typeof judgeKnownEffects>[0];
  env: Record<string, string>;
}

function specs(rttMs: number): RunSpec[] {
  return [
    { name: 'push', env: { PUSHBENCH_BROWSERS: 'chromium-103', PUSHBENCH_VARIANTS: KNOWN_EFFECT_VARIANTS.push.join(','), PUSHBENCH_CACHE: 'cold,warm', PUSHBENCH_THINK_MS: '0' } },
    { name: 'hints', env: { PUSHBENCH_BROWSERS: 'chromium', PUSHBENCH_VARIANTS: KNOWN_EFFECT_VARIANTS.hints.join(','), PUSHBENCH_CACHE: 'cold', PUSHBENCH_THINK_MS: String(rttMs) } },
    {
      name: 'naive',
      env: { PUSHBENCH_BROWSERS: 'chromium-103', PUSHBENCH_VARIANTS: KNOWN_EFFECT_VARIANTS.naive.join(','), PUSHBENCH_CACHE: 'cold', PUSHBENCH_THINK_MS: '0', PUSHBENCH_SEND_QUEUE: 'unlimited', PUSHBENCH_PRIORITIES: 'off' },
    },
  ];
}

function runBenchmark(spec: RunSpec, common: Record<string, string>, outDir: string): RunRow[] {
  const env: NodeJS.ProcessEnv = { ...process.env, ...common, ...spec.env, PUSHBENCH_OUT: outDir, PUSHBENCH_RUN_ID: spec.name };
  delete env.PUSHBENCH_CONFIG;
  console.log(`pushbench validate: run "${spec.name}" (${Object.entries(spec.env).map(([k, v]) => `${k.replace('PUSHBENCH_', '').toLowerCase()}=${v}`).join(' ')})`);
  const res = spawnSync('npx', ['playwright', 'test'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.status !== 0 && res.status !== 1) throw new Error(`benchmark run "${spec.name}" failed (exit ${res.status ?? res.signal})`);
  const csv = path.join(outDir, spec.name, 'runs.csv');
  return fs.existsSync(csv) ? readRunsCsv(csv) : [];
}

function formatChecks(checks: EffectCheck[]): string {
  const mark = (c: EffectCheck) => (c.ok === null ? 'n/a ' : c.ok ? 'ok  ' : 'FAIL');
  return checks.map((c) => `${mark(c)} ${c.name}\n     expected: ${c.expected}\n     measured: ${c.measured}`).join('\n');
}

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { rtt: { type: 'string', default: '300' }, repeat: { type: 'string', default: '5' }, out: { type: 'string', default: 'results' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    throw new UsageError(`validate: ${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const rttMs = Number(values.rtt);
  if (!/^\d+$/.test(values.rtt) || rttMs < 20 || rttMs > 2000) throw new UsageError(`--rtt ${values.rtt}: must be a whole number of ms from 20 to 2000`);
  if (!/^\d+$/.test(values.repeat) || Number(values.repeat) < 2) throw new UsageError(`--repeat ${values.repeat}: must be a whole number ≥ 2`);
  const outDir = path.resolve(values.out, `validate-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const common = { PUSHBENCH_PROFILES: `custom:rtt=${rttMs},down=50000,up=50000`, PUSHBENCH_REPEAT: values.repeat, PUSHBENCH_SHAPER: 'tun', PUSHBENCH_ISOLATION: 'context' };

  const rows = { push: [] as RunRow[], hints: [] as RunRow[], naive: [] as RunRow[] };
  for (const spec of specs(rttMs)) rows[spec.name] = runBenchmark(spec, common, outDir);

  const checks = judgeKnownEffects(rows, rttMs);
  console.log(`\npushbench validate: known effects at ${rttMs} ms RTT, 50 Mbit/s (runs in ${path.relative(process.cwd(), outDir) || '.'})`);
  console.log(formatChecks(checks));
  const spreads = cellSpreads([...rows.push, ...rows.hints, ...rows.naive], rttMs);
  console.log('\nFCP spread per cell (max − min), in RTTs; above 0.5 is flagged:');
  for (const s of spreads) console.log(`  ${s.fcpSpreadRtt > 0.5 ? '!' : ' '} ${s.fcpSpreadRtt.toFixed(2)}  ${s.cell} (n=${s.loads})`);
  const failed = checks.filter((c) => c.ok === false).length;
  const judged = checks.filter((c) => c.ok !== null).length;
  console.log(`\npushbench validate: ${judged - failed} of ${judged} judged effects reproduced, ${checks.length - judged} not judged`);
  return failed === 0 ? 0 : 1;
}
