// Spawn one of pushbench's TypeScript files as its own Node process (tsx loader), with an
// optional command prefix such as ["ip","netns","exec","pb-s0"].
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// tsx's ESM loader, by absolute URL so children work whatever their cwd or the parent's loader.
const TSX_LOADER = ((): string => {
  const local = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');
  return existsSync(local) ? pathToFileURL(local).href : 'tsx';
})();

export function spawnTs(file: string, args: string[], opts: { prefix?: readonly string[]; stdio?: StdioOptions } = {}): ChildProcess {
  const command = [...(opts.prefix ?? []), process.execPath, '--import', TSX_LOADER, file, ...args];
  return spawn(command[0]!, command.slice(1), { cwd: REPO_ROOT, stdio: opts.stdio ?? ['pipe', 'pipe', 'inherit'] });
}

/** Resolve with the first stdout line that parses as JSON with `type === wanted`. */
export function waitForLine<T>(child: ChildProcess, wanted: string, timeoutMs = 15000): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => fail(new Error(`no "${wanted}" line from child within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        try {
          const obj = JSON.parse(line) as { type?: string };
          if (obj.type === wanted) { done(); resolve(obj as T); return; }
        } catch { /* not JSON: ignore */ }
      }
    };
    const onExit = (code: number | null, signal: string | null): void =>
      fail(new Error(`child exited (code ${code}, signal ${signal}) before its "${wanted}" line`));
    const done = (): void => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    };
    const fail = (err: Error): void => { done(); reject(err); };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}
