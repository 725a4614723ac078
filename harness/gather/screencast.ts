// Records what the page showed during a load: the compositor's frames as the browser itself sends
// them over the Chrome DevTools Protocol (Page.startScreencast, the stream Playwright's own video
// recording reads), each a small JPEG with the time it was swapped to the screen. A frame is sent
// only when the screen changed, and the next only after this one is acknowledged, so the
// acknowledgement goes out at once. Raw frames are kept (screencast.json.gz); the visual metrics
// are computed from them (harness/compute/visual-metrics.ts), so `recompute` needs no browser.
//
// The frames are scaled down in the browser (FRAME_MAX) to keep its encoding cost small; what that
// cost does to FCP and LCP is measured and stated in results/README.md ("Filmstrip").

import type { CDPSession } from 'playwright-core';

/** Largest frame the browser sends, px; the viewport (1350 × 940) is scaled to fit. */
export const FRAME_MAX = { width: 480, height: 336 } as const;
const JPEG_QUALITY = 70;

/** One frame as received: its swap time (seconds since the epoch, CDP TimeSinceEpoch) and JPEG data. */
export interface RawFrame {
  timestamp: number;
  data: string;
}

/** screencast.json.gz */
export interface ScreencastFile {
  schema: 1;
  format: 'jpeg';
  quality: number;
  maxWidth: number;
  maxHeight: number;
  frames: RawFrame[];
}

export class ScreencastRecorder {
  private frames: RawFrame[] = [];
  private constructor(private readonly cdp: CDPSession) {}

  static async start(cdp: CDPSession): Promise<ScreencastRecorder> {
    const recorder = new ScreencastRecorder(cdp);
    cdp.on('Page.screencastFrame', (event) => {
      recorder.frames.push({ timestamp: event.metadata.timestamp ?? Number.NaN, data: event.data });
      cdp.send('Page.screencastFrameAck', { sessionId: event.sessionId }).catch(() => {});
    });
    await cdp.send('Page.startScreencast', { format: 'jpeg', quality: JPEG_QUALITY, maxWidth: FRAME_MAX.width, maxHeight: FRAME_MAX.height, everyNthFrame: 1 });
    return recorder;
  }

  /** Stops the stream; frames already sent still count. */
  async stop(): Promise<ScreencastFile> {
    await this.cdp.send('Page.stopScreencast').catch(() => {});
    return { schema: 1, format: 'jpeg', quality: JPEG_QUALITY, maxWidth: FRAME_MAX.width, maxHeight: FRAME_MAX.height, frames: this.frames };
  }
}
