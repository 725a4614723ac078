// The harness's server child: `node --import tsx serve-child.ts '<ServerSetOptions JSON>'`, run by
// server-process.ts (inside the shaper's server namespace when there is one). A separate process
// keeps the servers' event loop free of the harness's own work. Prints one OriginReadyLine per second
// origin of the site, then one ServeReadyLine per arm, serves until stdin closes (the harness died
// or stopped it) or a signal, then exits.

import { testFault } from '../shared/test-fault.ts';
import { readyLinesOf, startServerSet, stopRequested, type ServerSetOptions } from './server-set.ts';

/** The test fault server-child-exit (harness/shared/test-fault.ts): fail at start as a server that cannot come up does. */
function injectedFault(): void {
  if (testFault('server-child-exit')) {
    console.error('injected fault (PUSHBENCH_TEST_FAULT=server-child-exit): the servers cannot start');
    process.exit(3);
  }
}

async function main(json: string): Promise<void> {
  injectedFault();
  const set = await startServerSet(JSON.parse(json) as ServerSetOptions);
  const stop = stopRequested(true);
  for (const line of readyLinesOf(set)) process.stdout.write(JSON.stringify(line) + '\n');
  await stop.promise;
  stop.dispose();
  await set.close();
}

main(process.argv[2] ?? '{}').then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
