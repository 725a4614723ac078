// 103 Early Hints: the preload links go out the moment the page request arrives, and the 200
// follows after the think time. Over HTTP/1.1 it is a negative control (recent Chromium ignores it).
import { linkHeaderValue } from '../preload-links.ts';
import type { PageRequest, VariantHooks } from './variant.ts';

function sendEarlyHints({ resources, res, log, conn, stream }: PageRequest): void {
  if (resources.length === 0) return;
  const links = resources.map(linkHeaderValue);
  res.writeEarlyHints({ link: links });
  log.log({ type: 'early-hints', conn, stream, links });
}

export const earlyHintsHooks: VariantHooks = { onPageRequest: sendEarlyHints };
