// Keeps one browser × profile's session (link, servers, browser) for its loads, for the runner and
// the Playwright adapter alike. When the session cannot be brought up, the load that needed it gets
// the reason; after two failures in a row with no load in between, the rest of the group fails at
// once with the same reason instead of waiting for each start to time out again.

import type { NetworkProfile } from '../config/profile.ts';
import type { ResolvedBrowser } from '../browsers/registry.ts';
import { openProfile, type ProfileSession } from './profile-session.ts';
import type { RunContext } from './run-context.ts';

/** How many starts in a row may fail before the group stops trying. */
const STARTS_BEFORE_GIVING_UP = 2;

export class SessionKeeper {
  private session?: ProfileSession;
  private failedStarts = 0;
  private lastStartError?: Error;

  constructor(
    private readonly ctx: RunContext,
    readonly browser: ResolvedBrowser,
    readonly profile: NetworkProfile,
    private readonly slot: number,
    /** Bounds one start (the runner's step timeout). */
    private readonly bound: <T>(what: string, step: Promise<T>) => Promise<T> = (_what, step) => step,
  ) {}

  /** The running session, brought up when needed; throws why it could not be. */
  async get(): Promise<ProfileSession> {
    if (this.session) return this.session;
    if (this.failedStarts >= STARTS_BEFORE_GIVING_UP) {
      throw new Error(`not started again after ${this.failedStarts} failed starts: ${this.lastStartError!.message}`);
    }
    try {
      this.session = await this.bound('bringing up the link, servers and browser', openProfile(this.ctx, this.browser, this.profile, this.slot));
      this.failedStarts = 0;
      return this.session;
    } catch (err) {
      this.failedStarts++;
      this.lastStartError = err instanceof Error ? err : new Error(String(err));
      throw this.lastStartError;
    }
  }

  /** After a harness fault: close what is left, so the next load starts afresh. */
  async reset(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.session?.close();
    this.session = undefined;
  }
}
