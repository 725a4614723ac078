// A visitor's running browser has painted pages before. So a shared browser (browser-host.ts)
// paints one throwaway page right after it starts, and its first measured context is not the
// first page it ever renders. This was not shown to change a metric by itself. What did matter
// after a browser start was the CPU still being busy; quiet.ts handles that.

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
