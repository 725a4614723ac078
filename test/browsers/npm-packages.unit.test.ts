// Choosing the npm package for a Chromium major, from a published version list.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packagesByMajor } from '../../harness/browsers/npm-chromium-packages.ts';

const published = ['92.0.0', '103.0.0', '108.0.0', '108.0.3', '108.0.10', '119.0.1-next.2', '119.0.0', '135.0.0-next.1'];

test('picks the newest stable release of each major, numerically', () => {
  const byMajor = packagesByMajor(published);
  assert.equal(byMajor.get(108)?.packageVersion, '108.0.10'); // not "108.0.3" as a string sort would
  assert.equal(byMajor.get(119)?.packageVersion, '119.0.0'); // pre-release 119.0.1-next.2 ignored
  assert.equal(byMajor.get(103)?.packageName, '@sparticuz/chromium');
});

test('a major published only as a pre-release is not installable', () => {
  assert.equal(packagesByMajor(published).has(135), false);
});

test('92 comes from chrome-aws-lambda even when @sparticuz/chromium has a 92 release', () => {
  assert.deepEqual(packagesByMajor(published).get(92), { major: 92, packageName: 'chrome-aws-lambda', packageVersion: '10.1.0' });
  assert.deepEqual([...packagesByMajor([]).keys()], [92]);
});

test('majors are listed in ascending order', () => {
  const majors = [...packagesByMajor(['120.0.0', '103.0.0', '110.0.0']).keys()];
  assert.deepEqual(majors, [...majors].sort((a, b) => a - b));
});
