// The edge in front of the user's server: which path of its copy a request is served from, and
// which requests go to the server instead (servers/edge.ts, copyTarget).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyTarget } from '../../servers/edge.ts';

test('a copied page answers under its own URL; a path copied with one query answers only that query', () => {
  const target = copyTarget({ aliases: { '/about': '/about.html', '/img': '/img.webp' }, queries: { '/img': '?w=640' } });
  assert.equal(target('/about'), '/about.html');
  assert.equal(target('/about?utm=x'), '/about.html?utm=x');
  assert.equal(target('/img?w=640'), '/img.webp?w=640');
  assert.equal(target('/img?w=1280'), '/.pushbench-not-copied', 'another query: the server answers it');
  assert.equal(target('/img'), '/.pushbench-not-copied');
  assert.equal(target('/assets/site.css'), '/assets/site.css', 'everything else as it came');
  assert.equal(target('/constructor'), '/constructor', 'an alias is looked up in the record itself');
  assert.equal(target('/100%.png'), '/100%.png', 'a malformed escape is left to the static handler (400)');
});
