// `pushbench serve --think-ms`: one think time (or one per variant) as before; a sweep is refused,
// since serve runs one server per variant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseServeArgs } from '../../harness/cli/serve.ts';
import { armLabel } from '../../harness/config/arms.ts';
import { UsageError } from '../../harness/shared/usage-error.ts';

test('--think-ms with one number, or one per variant, serves one arm per variant at its think time', () => {
  const args = parseServeArgs(['--variant', 'h2,h2-push', '--think-ms', '50,h2-push:200']);
  assert.notEqual(args, 'help');
  if (args === 'help') return;
  assert.deepEqual(args.arms.map(armLabel), ['h2', 'h2-push']);
  assert.deepEqual(args.arms.map((a) => a.thinkMs), [50, 200]);
  const plain = parseServeArgs(['--variant', 'h2']);
  assert.ok(plain !== 'help' && plain.arms[0]!.thinkMs === 0);
});

test('--think-ms with several numbers (a sweep) is a UsageError that says to give one', () => {
  assert.throws(() => parseServeArgs(['--variant', 'h2', '--think-ms', '0,50,150']), (err: unknown) =>
    err instanceof UsageError && /^--think-ms: "0,50,150" is a sweep of 3 think times/.test(err.message) && /give one number, e\.g\. --think-ms 0/.test(err.message) && /PUSHBENCH_THINK_MS/.test(err.message));
  assert.doesNotThrow(() => parseServeArgs(['--variant', 'h2', '--think-ms', '50,50']), 'the same number twice is one think time');
});

test('serve --journey gives the prefetch variant each page\'s next page; a bad one names the flag', () => {
  const args = parseServeArgs(['--variant', 'prefetch', '--journey', '/,/posts/early-hints.html']);
  assert.ok(args !== 'help');
  assert.deepEqual(args.nextPages, { '/': ['/posts/early-hints.html'] });
  assert.equal((parseServeArgs(['--variant', 'prefetch']) as Exclude<ReturnType<typeof parseServeArgs>, 'help'>).nextPages, undefined);
  assert.throws(() => parseServeArgs(['--variant', 'prefetch', '--journey', '/']), /--journey \/: give two or more URL paths/);
});
