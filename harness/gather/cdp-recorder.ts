// Records the Network events of one page over the Chrome DevTools Protocol. They carry what
// in-page timing cannot: whether a response came from a push (timing.pushStart > 0), from the
// cache, and how many bytes crossed the wire per request. Only engines with CDP (Chromium) have one.

import type { CDPSession } from 'playwright-core';
import type { CdpEvent } from './artifacts.ts';

const NETWORK_EVENTS = [
  'Network.requestWillBeSent',
  'Network.responseReceived',
  'Network.loadingFinished',
  'Network.loadingFailed',
  'Network.requestServedFromCache',
  // A 103 as the browser received it (Chromium builds that have the event; the others never fire it).
  'Network.responseReceivedEarlyHints',
] as const;

export class CdpRecorder {
  readonly events: CdpEvent[] = [];
  private constructor(readonly session: CDPSession) {}

  static async attach(session: CDPSession): Promise<CdpRecorder> {
    const recorder = new CdpRecorder(session);
    for (const method of NETWORK_EVENTS) {
      session.on(method as any, (params: Record<string, any>) => recorder.events.push({ method, params }));
    }
    await session.send('Network.enable');
    return recorder;
  }

  async detach(): Promise<void> {
    await this.session.detach().catch(() => {});
  }
}
