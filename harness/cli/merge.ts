// `pushbench merge SHARD_DIR… --out DIR`: joins the results folders of `npx playwright test
// --shard=i/n` runs (one per machine) into one run: traces and wire logs are copied side by side,
// and runs.csv / summary.csv are recomputed from the traces. Prints (and appends to
// $GITHUB_STEP_SUMMARY) what each shard really ran: loads, browsers, shapers, errors.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../shared/usage-error.ts';
import { rowsFromTraces } from '../compute/rows-from-traces.ts';
import { writeRunsCsv, writeSummaryCsv } from '../report/csv.ts';
import { readRunJson } from '../run/run-json.ts';
import { shardSummaryMarkdown } from '../report/shard-summary.ts';
import { appendStepSummary } from './step-summary.ts';

export async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string' } } });
  if (positionals.length < 1 || !values.out) throw new UsageError('usage: pushbench merge SHARD_DIR [SHARD_DIR…] --out DIR');
  const out = path.resolve(values.out);
  fs.mkdirSync(path.join(out, 'traces'), { recursive: true });
  const shardOfLoad = new Map<string, number>(); // load id (trace folder name) → index in positionals
  for (const [i, shard] of positionals.entries()) {
    const dir = path.resolve(shard);
    const traces = path.join(dir, 'traces');
    if (!fs.existsSync(traces)) throw new UsageError(`${dir} has no traces/ folder; pass results folders written by the benchmark`);
    for (const id of fs.readdirSync(traces)) {
      const dest = path.join(out, 'traces', id);
      if (fs.existsSync(dest)) throw new UsageError(`load ${id} is in more than one shard (again in ${dir}); each shard must run different loads (--shard=i/n)`);
      fs.cpSync(path.join(traces, id), dest, { recursive: true });
      shardOfLoad.set(id, i);
    }
    if (fs.existsSync(path.join(dir, 'wire'))) fs.cpSync(path.join(dir, 'wire'), path.join(out, 'wire', `shard${i + 1}`), { recursive: true });
    if (i === 0 && fs.existsSync(path.join(dir, 'run.json'))) fs.copyFileSync(path.join(dir, 'run.json'), path.join(out, 'run.json'));
  }
  const rows = rowsFromTraces(out);
  writeRunsCsv(path.join(out, 'runs.csv'), rows);
  writeSummaryCsv(path.join(out, 'summary.csv'), rows);
  const shards = positionals.map((shard, i) => ({
    dir: shard,
    rows: rows.filter((r) => shardOfLoad.get(path.basename(r.trace_dir)) === i),
    configuredShaper: readRunJson(path.resolve(shard)).benchmark?.shaper,
  }));
  const table = shardSummaryMarkdown(shards);
  console.log(table);
  appendStepSummary(table);
  console.log(`merged ${positionals.length} shard(s), ${rows.length} loads → ${out}`);
  return 0;
}
