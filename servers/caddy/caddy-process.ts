// One Caddy process: `caddy run` on a generated Caddyfile, with its own HOME and XDG folders inside
// the state folder (never the user's Caddy state), under `setpriv --pdeathsig SIGKILL` so it dies
// with the Node process that started it, whatever way that one ends. Started means Caddy said
// "serving initial configuration" (its JSON log on stderr); a failed start is an Error carrying
// Caddy's own error line.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { UsageError } from '../../harness/shared/usage-error.ts';

const READY_MESSAGE = 'serving initial configuration';
const DEFAULT_START_TIMEOUT_MS = 15_000;
/** SIGTERM first (Caddy shuts down gracefully), SIGKILL after this long. */
const KILL_AFTER_MS = 3_000;
const STDERR_LINES_KEPT = 40;

export interface StartCaddyOptions {
  caddyfile: string;
  /** Holds the Caddyfile, Caddy's HOME/XDG folders and its stderr log (caddy.log). */
  stateDir: string;
  /** Run through another command first, e.g. one that enters a network namespace (must exec, keeping the pid). */
  commandPrefix?: readonly string[];
  startTimeoutMs?: number;
}

export interface CaddyProcess {
  pid: number;
  configPath: string;
  /** SIGTERM, SIGKILL after 3 s; resolves once the process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/** `name`'s full path if an executable of that name is on PATH. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Caddy's executable; a UsageError (one line) saying how to install it when it is missing. */
export function caddyExecutable(): string {
  const found = onPath('caddy');
  if (!found) throw new UsageError('servers: caddy is not on PATH; install it (sudo apt-get install -y caddy) or leave caddy out of `servers`');
  return found;
}

function setprivExecutable(): string {
  const found = onPath('setpriv');
  if (!found) throw new UsageError('servers: setpriv (util-linux), which ties Caddy to its parent, is not on PATH; install it (sudo apt-get install -y util-linux) or leave caddy out of `servers`');
  return found;
}

let version: Promise<string> | undefined;

/** "caddy 2.6.2": `caddy version`, run once per process. */
export function caddyVersion(): Promise<string> {
  version ??= (async () => {
    const { stdout } = await promisify(execFile)(caddyExecutable(), ['version']);
    const first = stdout.trim().split(/\s+/)[0] ?? 'unknown';
    return `caddy ${first.replace(/^v/, '')}`;
  })();
  version.catch(() => (version = undefined)); // a failure is not cached
  return version;
}

/** The line that says why Caddy stopped: its final "Error: …", else its last error-level JSON log line. */
export function caddyErrorLine(stderrLines: readonly string[]): string {
  const plain = [...stderrLines].reverse().find((line) => line.startsWith('Error:'));
  if (plain) return plain;
  for (const line of [...stderrLines].reverse()) {
    try {
      const entry = JSON.parse(line) as { level?: string; msg?: string; error?: string };
      if (entry.level === 'error' || entry.level === 'fatal') return [entry.msg, entry.error].filter(Boolean).join(': ');
    } catch {
      // not JSON
    }
  }
  return stderrLines.at(-1) ?? 'no output';
}

function exited(child: ChildProcess): Promise<void> {
  const gone = child.pid === undefined || child.exitCode !== null || child.signalCode !== null;
  if (gone) return Promise.resolve(); // never started (spawn error) or already ended
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function stopper(child: ChildProcess): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      const done = exited(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      await done;
      clearTimeout(timer);
    })();
    return stopping;
  };
}

/** Resolves when Caddy reports it serves; rejects with Caddy's error line if it exits or times out first. */
function untilReady(child: ChildProcess, lines: string[], timeoutMs: number, logPath: string): Promise<void> {
  const log = createWriteStream(logPath, { flags: 'a' });
  return new Promise((resolve, reject) => {
    let ready = false;
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`caddy did not start (${why}): ${caddyErrorLine(lines)} (full log: ${logPath})`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`no "${READY_MESSAGE}" within ${timeoutMs} ms`);
    }, timeoutMs);
    // Read stderr for as long as Caddy runs, so its pipe never fills up.
    createInterface({ input: child.stderr! }).on('line', (line) => {
      log.write(`${line}\n`);
      lines.push(line);
      if (lines.length > STDERR_LINES_KEPT) lines.shift();
      if (!ready && line.includes(READY_MESSAGE)) {
        ready = true;
        clearTimeout(timer);
        resolve();
      }
    }).on('close', () => log.end());
    child.once('error', (err) => fail(err.message));
    child.once('exit', (code, signal) => {
      if (!ready) fail(signal ? `killed by ${signal}` : `exit code ${code}`);
    });
  });
}

export async function startCaddy(options: StartCaddyOptions): Promise<CaddyProcess> {
  const caddy = caddyExecutable();
  const setpriv = setprivExecutable();
  const { stateDir } = options;
  const home = join(stateDir, 'home');
  const env = { ...process.env, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config') };
  await mkdir(env.XDG_DATA_HOME, { recursive: true });
  await mkdir(env.XDG_CONFIG_HOME, { recursive: true });
  const configPath = join(stateDir, 'Caddyfile');
  await writeFile(configPath, options.caddyfile);

  const [command, ...args] = [
    ...(options.commandPrefix ?? []),
    setpriv, '--pdeathsig', 'SIGKILL', '--',
    caddy, 'run', '--config', configPath, '--adapter', 'caddyfile',
  ];
  const child = spawn(command!, args, { cwd: stateDir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const stop = stopper(child);
  const lines: string[] = [];
  try {
    await untilReady(child, lines, options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, join(stateDir, 'caddy.log'));
  } catch (err) {
    await stop();
    throw err;
  }
  return { pid: child.pid!, configPath, stop };
}
