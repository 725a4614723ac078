// Push: PUSH_PROMISE the page's resources (the `push` set of the manifest) before the HTML, when
// the client allows push. Pushed responses are exactly what a normal request would get (same static
// handler, same Accept-Encoding as the page request, so the browser's push cache entry matches its
// later request). Their bodies go through the connection's scheduler: they use the link while the
// backend thinks and yield to the HTML the moment it is ready (scheduler.ts).
import { Http2ServerResponse, type ServerHttp2Stream } from 'node:http2';
import { casperFromCookies, casperKey, casperSetCookie } from '../delivery/casper.ts';
import { isCriticalPush, isPushable, resourcesToPush } from '../delivery/push-set.ts';
import { encodePath } from '../preload-links.ts';
import { resetCode, watchStreamEnd } from '../stream-end.ts';
import { nowMs } from '../wire-log.ts';
import type { CriticalResource } from '../../sites/manifest-types.ts';
import type { PageRequest, VariantHooks } from './variant.ts';

function pushResource(page: PageRequest, parent: ServerHttp2Stream, resource: CriticalResource): void {
  const { log, conn, site, request } = page;
  const target = encodePath(resource.path);
  const acceptEncoding = request.headers['accept-encoding'];
  const response = site.respond({ method: 'GET', target, headers: { 'accept-encoding': acceptEncoding } });
  if (response.status !== 200) {
    log.log({ type: 'error', conn, stream: page.stream, message: `not pushing ${resource.path}: status ${response.status}` });
    return;
  }
  const promisedRequest: Record<string, string> = {
    ':method': 'GET',
    ':path': target,
    ':scheme': 'https',
    ':authority': String(request.headers[':authority'] ?? request.headers.host ?? ''),
  };
  if (acceptEncoding !== undefined) promisedRequest['accept-encoding'] = String(acceptEncoding);
  const startedAt = nowMs();
  parent.pushStream(promisedRequest, (err, pushed) => {
    if (err) {
      log.log({ type: 'error', conn, stream: page.stream, message: `push of ${resource.path} failed: ${err.message}` });
      return;
    }
    const stream = pushed.id ?? 0;
    log.log({ type: 'push-promise', conn, stream: page.stream, pushedStream: stream, path: resource.path });
    pushed.on('error', () => {}); // a reset push is reported through 'close' below, not as a crash
    watchStreamEnd({
      log, conn, stream, path: resource.path, pushed: true, startedAt, emitter: pushed,
      bodyBytes: () => response.body.length,
      queuedBytes: () => pushed.writableLength,
      rstCode: () => resetCode(pushed.rstCode),
      onEnd: (rstCode) => {
        if (rstCode !== null) log.log({ type: 'push-reset', conn, stream, path: resource.path, rstCode });
      },
    });
    page.h2?.scheduler.openPush(stream, page.stream, isCriticalPush(resource));
    pushed.respond({ ':status': response.status, ...response.headers });
    log.log({
      type: 'response', conn, stream, status: response.status, path: resource.path,
      contentEncoding: response.headers['content-encoding'] ?? null, bodyBytes: response.body.length, pushed: true,
    });
    if (page.h2) page.h2.send(pushed, response.body);
    else pushed.end(response.body);
  });
}

/** The page's push set, less what `skip` says the client has (logged as push-skipped). */
function pushPage(page: PageRequest, skip: (resource: CriticalResource) => boolean): void {
  const resources = resourcesToPush(page.resources, page.delivery.push);
  if (!(page.res instanceof Http2ServerResponse) || resources.length === 0) return;
  const parent = page.res.stream;
  if (!parent.pushAllowed) {
    page.log.log({
      type: 'push-refused', conn: page.conn, stream: page.stream,
      reason: 'push refused by client', paths: resources.map((r) => r.path),
    });
    return;
  }
  for (const resource of resources) {
    if (skip(resource)) page.log.log({ type: 'push-skipped', conn: page.conn, stream: page.stream, path: resource.path, reason: 'client has it' });
    else pushResource(page, parent, resource);
  }
}

export const pushHooks: VariantHooks = {
  onPageRequest: (page) => pushPage(page, () => false),
};

// Cache-aware push (CASPer, servers/delivery/casper.ts): push only what the client's fingerprint
// cookie does not list; the page response sets the cookie to everything the client now has.
export const cacheAwarePushHooks: VariantHooks = {
  onPageRequest(page) {
    const has = casperFromCookies(page.request.headers.cookie);
    pushPage(page, (resource) => has.has(casperKey(resource.path)));
  },
  pageHeaders(resources, request) {
    const has = casperFromCookies(request.headers.cookie);
    for (const resource of resources.filter(isPushable)) has.add(casperKey(resource.path)); // a second origin's are never pushed
    return { 'set-cookie': casperSetCookie(has) };
  },
};
