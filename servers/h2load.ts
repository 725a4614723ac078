// Runs nghttp2's h2load against a URL and parses its summary. h2load does not verify certificates,
// so the per-run certificate needs no pinning here.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface H2loadOptions {
  requests: number;
  clients: number;
  /** Max concurrent streams per client. */
  streams: number;
  timeoutMs?: number;
}

export interface H2loadResult {
  succeeded: number;
  failed: number;
  errored: number;
  timeout: number;
  status2xx: number;
  requestsPerSecond: number;
}

export function parseH2loadOutput(stdout: string): H2loadResult {
  const requests = /requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout/.exec(stdout);
  const rate = /finished in [\d.]+m?s, ([\d.]+) req\/s/.exec(stdout);
  const codes = /status codes: (\d+) 2xx/.exec(stdout);
  if (!requests || !rate || !codes) throw new Error(`unexpected h2load output:\n${stdout}`);
  const [, succeeded, failed, errored, timeout] = requests.map(Number);
  return { succeeded: succeeded!, failed: failed!, errored: errored!, timeout: timeout!, status2xx: Number(codes[1]), requestsPerSecond: Number(rate[1]) };
}

export async function runH2load(url: string, options: H2loadOptions): Promise<H2loadResult> {
  const args = ['-n', String(options.requests), '-c', String(options.clients), '-m', String(options.streams), url];
  const { stdout } = await promisify(execFile)('h2load', args, { timeout: options.timeoutMs ?? 60_000 });
  return parseH2loadOutput(stdout);
}
