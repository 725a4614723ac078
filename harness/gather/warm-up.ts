// A real visitor's browser is already running and has painted pages before, so its GPU process,
// compositor and first renderer are up. Each measured session gets the same start: a throwaway
// page paints a line of text and is closed before the measured navigation. Without it, a freshly
// started Chromium 156 showed FCP about 100 ms later than a warmed-up one on the same network.

import type { BrowserContext } from 'playwright-core';

const WARM_UP_PAGE = '<!doctype html><title>warm-up</title><p style="font:24px sans-serif">pushbench warm-up</p>';

export async function warmUp(context: BrowserContext): Promise<void> {
  const page = await context.newPage();
  try {
    await page.setContent(WARM_UP_PAGE);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  } finally {
    await page.close();
  }
}
