// 103 Early Hints: the links go out the moment the page request arrives, and the 200 follows after
// the think time. Over HTTP/1.1 it is a negative control (recent Chromium ignores it). The 103
// preconnects to the second origins of the page's resources first, then preloads the resources
// (resource-hints.ts earlyHintsLinks); a page with all its resources on its own origin gets only
// the preloads, as before preconnect links existed.
import { earlyHintsLinks } from '../resource-hints.ts';
import type { PageRequest, VariantHooks } from './variant.ts';

/** Sends a 103 carrying `links` and logs it; no 103 at all without links. */
export function sendEarlyHints({ res, log, conn, stream }: PageRequest, links: string[]): void {
  if (links.length === 0) return;
  res.writeEarlyHints({ link: links });
  log.log({ type: 'early-hints', conn, stream, links });
}

export const earlyHintsHooks: VariantHooks = {
  onPageRequest: (page) => sendEarlyHints(page, earlyHintsLinks(page.resources)),
};
