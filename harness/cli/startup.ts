// `pushbench startup [--megabytes 50] [--pages 500]`: how fast a run gets ready on a real-sized
// site. Generates a synthetic built site (sites/synthetic.ts, deterministic), then starts twice as a
// run does (prepare the representations, start the server child with every default variant), each
// time in a fresh process, against an empty representation cache first and the filled one second.
// Prints the figures against the targets (first ≤ 60 s, second ≤ 2 s); exit 0 either way.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeSyntheticSite } from '../../sites/synthetic.ts';
import { UsageError } from '../shared/usage-error.ts';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'startup-child.ts');
const TARGETS = { firstMs: 60_000, secondMs: 2_000 };

interface Start { files: number; bytes: number; prepareMs: number; serversMs: number; totalMs: number; variants: number; serverPeakMb: number }

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { megabytes: { type: 'string', default: '50' }, pages: { type: 'string', default: '500' } } });
  const megabytes = Number(values.megabytes);
  const pages = Number(values.pages);
  if (!(megabytes >= 1 && megabytes <= 2000)) throw new UsageError(`--megabytes ${values.megabytes}: give 1–2000`);
  if (!(Number.isInteger(pages) && pages >= 1 && pages <= 100_000)) throw new UsageError(`--pages ${values.pages}: give a whole number 1–100000`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pushbench-startup-'));
  try {
    const site = writeSyntheticSite(path.join(work, 'site'), { megabytes, pages });
    console.log(`pushbench startup: synthetic site of ${site.pages} pages, ${(site.bytes / 1e6).toFixed(1)} MB, ${os.cpus().length} cores; an empty representation cache, then the filled one`);
    const env = { ...process.env, PUSHBENCH_CACHE_DIR: path.join(work, 'cache') };
    const starts: Start[] = [];
    for (const which of ['first (empty cache)', 'second (cache filled)']) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, site.dir], { env, encoding: 'utf8', maxBuffer: 1 << 20 });
      const s = JSON.parse(out.trim().split('\n').at(-1)!) as Start;
      starts.push(s);
      console.log(`  ${which.padEnd(22)} ${(s.totalMs / 1000).toFixed(2)} s: representations ${(s.prepareMs / 1000).toFixed(2)} s, ${s.variants} variants' servers ${(s.serversMs / 1000).toFixed(2)} s; server child peak ${s.serverPeakMb.toFixed(0)} MB`);
    }
    const ok = (ms: number, target: number) => (ms <= target ? 'ok' : 'MISSED');
    console.log(`pushbench startup: first ${ok(starts[0]!.totalMs, TARGETS.firstMs)} (target ≤ ${TARGETS.firstMs / 1000} s), second ${ok(starts[1]!.totalMs, TARGETS.secondMs)} (target ≤ ${TARGETS.secondMs / 1000} s)`);
    return 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
