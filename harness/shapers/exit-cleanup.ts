// Synchronous teardown of links still up when the process exits or gets SIGINT/SIGTERM.
// (SIGKILL cannot be caught: namespaces.cleanupStale() handles that at the next start.)
const pending = new Set<() => void>();
let installed = false;

function runAll(): void {
  for (const fn of [...pending]) {
    pending.delete(fn);
    try { fn(); } catch { /* best effort: keep tearing down the rest */ }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  runAll();
  process.off(signal, onSignal);
  // If nobody else handles the signal, die of it as we would have without this handler.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

/** Register a synchronous teardown; returns a function that unregisters it. */
export function onExitCleanup(fn: () => void): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', runAll);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  pending.add(fn);
  return () => { pending.delete(fn); };
}
