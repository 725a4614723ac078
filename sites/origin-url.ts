// The user's own running server as a site (`origin`, PUSHBENCH_ORIGIN, `--origin`): its URL checked.
//
// Only a server on this machine's loopback may be measured: pushbench never sends a load's traffic
// off the machine, and a server elsewhere would add a path the run does not control.
import { UsageError } from '../harness/shared/usage-error.ts';

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|\[::1\]|localhost)$/i;

/** "http://127.0.0.1:3000" from what the user wrote; a UsageError naming `field` and the fix otherwise. */
export function parseOriginUrl(raw: string, field: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(`${field}: "${raw}" is not a URL; give your server's address, e.g. http://127.0.0.1:3000`);
  }
  if (url.protocol !== 'http:') {
    throw new UsageError(`${field}: "${raw}" must be plain http:// (pushbench's edge speaks TLS, HTTP/2 and 103 to the browser and plain HTTP/1.1 to your server); e.g. http://127.0.0.1:3000`);
  }
  if (!LOOPBACK.test(url.hostname)) {
    throw new UsageError(`${field}: "${raw}" is not on this machine's loopback; pushbench only measures a server listening on 127.0.0.1, [::1] or localhost (start it there, e.g. npm start -- --host 127.0.0.1)`);
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new UsageError(`${field}: "${raw}" must be the server's origin only (scheme, host, port), e.g. http://127.0.0.1:3000; name the pages with "pages" or PUSHBENCH_PAGES`);
  }
  return url.origin;
}

/** The copy's own record, beside its files (a dot file: never served, never part of the site). */
export const ORIGIN_COPY_RECORD = '.pushbench-origin.json';

/** A comma-separated page list from the command line ("/,/about"); default "/". */
export function pageList(raw: string | undefined): string[] {
  return (raw ?? '/').split(',').map((p) => p.trim()).filter(Boolean);
}
