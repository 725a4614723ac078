// One browser × profile of a run: the shaped link and the server variants behind it, and (with
// context isolation) the running browser whose fresh contexts the cold loads take. Opened once per
// profile, closed after its loads.

import path from 'node:path';
import type { NetworkProfile } from '../config/profile.ts';
import type { ResolvedBrowser } from '../browsers/registry.ts';
import { startEnvironment, type BenchEnvironment } from '../run/environment.ts';
import { BrowserHost } from '../gather/browser-host.ts';
import { engineFor } from '../gather/engines/index.ts';
import { PrimedProfiles } from '../gather/primed-profiles.ts';
import type { RunContext } from './run-context.ts';

export interface ProfileSession {
  browser: ResolvedBrowser;
  profile: NetworkProfile;
  env: BenchEnvironment;
  host: BrowserHost | undefined;
  /** Primed profiles of this session's warm loads (their caches name this session's servers). */
  primed: PrimedProfiles;
  close(): Promise<void>;
}

export async function openProfile(ctx: RunContext, browser: ResolvedBrowser, profile: NetworkProfile, slot: number): Promise<ProfileSession> {
  const { bench, run } = ctx;
  const where = `${browser.name}/${profile.name}-w${slot}`;
  const env = await startEnvironment(bench, profile, { slot, wireLogDir: path.join(run.wire, where) });
  let host: BrowserHost | undefined;
  try {
    host = bench.isolation === 'context'
      ? BrowserHost.for(browser, engineFor(browser), {
        dir: path.join(run.browsers, where),
        spkiSha256: env.servers.spkiSha256,
        quicOrigins: env.quicOrigins,
        reachableHosts: [env.link.serverHost],
        mappedHosts: env.mappedHosts,
        link: env.link,
        timeoutMs: bench.timeoutMs,
        traces: bench.traces,
      })
      : undefined;
  } catch (err) {
    await env.stop(); // nothing else would: the caller gets no session to close
    throw err;
  }
  const primed = new PrimedProfiles();
  return {
    browser,
    profile,
    env,
    host,
    primed,
    async close() {
      primed.close();
      await host?.close();
      await env.stop();
    },
  };
}
