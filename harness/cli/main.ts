// `pushbench <command> [options]`: dispatches to one module per command.
// Each command module exports `run(argv: string[]): Promise<number>` (the exit code).
import { UsageError } from '../shared/usage-error.ts';

const COMMANDS: Record<string, { module: string; summary: string }> = {
  run: { module: './run.ts', summary: 'run the benchmark without Playwright (same config, same rows as npx playwright test)' },
  serve: { module: './serve.ts', summary: 'serve the site through one or more server variants' },
  browsers: { module: './browsers.ts', summary: 'list or install browsers (chromium@N, firefox)' },
  calibrate: { module: './calibrate.ts', summary: 'measure a network shaper against its profile' },
  recompute: { module: './recompute.ts', summary: 'rebuild runs.csv and summary.csv from saved traces' },
  merge: { module: './merge.ts', summary: 'merge shard result folders into one run' },
  compare: { module: './compare.ts', summary: 'compare two runs (regression gate)' },
  report: { module: './report.ts', summary: 'write the HTML dashboard of a run' },
  support: { module: './support.ts', summary: 'browser support matrix (push, Early Hints, preload) measured in a run' },
  conformance: { module: './conformance.ts', summary: 'check that the servers send bytes in the order the client asked for (tun link)' },
  manifest: { module: './manifest.ts', summary: 'print the critical resources derived for each page of a site (--site DIR, --json)' },
  startup: { module: './startup.ts', summary: 'how fast a run gets ready on a synthetic site of real size (representation cache)' },
  validate: { module: './validate.ts', summary: 'reproduce known effects of push, Early Hints and preload on a latency-bound link' },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `usage: pushbench <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nThe benchmark runs with: npx playwright test (or npx pushbench run)`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command "${name}"; valid commands: ${Object.keys(COMMANDS).join(', ')}`);
  const mod = (await import(command.module)) as { run(argv: string[]): Promise<number> };
  return mod.run(rest);
}

// `pushbench … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`pushbench: ${err.message}`);
      process.exitCode = 2;
    } else {
      console.error(err);
      process.exitCode = 1;
    }
  },
);
