// Link header values to the paths they make the browser fetch: preloads name resources, preconnects
// only an origin (nothing is fetched), so they name no path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linkPaths } from '../../harness/compute/urls.ts';

test('linkPaths: the resources of preload links, none of a preconnect, in one value or several', () => {
  assert.deepEqual(linkPaths(['</a.css>; rel=preload; as=style, </b c.woff2>; rel=preload; as=font; crossorigin']), ['/a.css', '/b%20c.woff2']);
  assert.deepEqual(linkPaths(['<https://fonts.pushbench.test>; rel=preconnect; crossorigin', '</a.css>; rel=preload; as=style']), ['/a.css']);
  assert.deepEqual(linkPaths(['<https://fonts.pushbench.test>; rel=preconnect, <https://cdn.test>; rel="dns-prefetch", </a.css>; rel=preload; as=style']), ['/a.css']);
  // A bare link (Caddy's fallback when the browser reported no 103) still counts.
  assert.deepEqual(linkPaths(['</a.css>']), ['/a.css']);
  assert.deepEqual(linkPaths(['<https://fonts.pushbench.test/x.woff2>; rel=preload; as=font']), ['/x.woff2']);
});
