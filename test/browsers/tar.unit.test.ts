// The tar extractor used for npm Chromium archives: real archives made by GNU tar in each
// header format, and hostile entries that must not escape the destination.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, statSync, readlinkSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { extractTar, parseTar } from '../../harness/browsers/tar.ts';

const work = mkdtempSync(join(tmpdir(), 'pb-tar-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

const longName = `${'deep-folder-name/'.repeat(8)}file-with-a-name-longer-than-one-hundred-bytes.txt`;

function makeSourceTree(): string {
  const src = mkdtempSync(join(work, 'src-'));
  mkdirSync(join(src, 'lib'));
  writeFileSync(join(src, 'lib', 'libEGL.so'), Buffer.alloc(1500, 7)); // spans several 512-byte blocks
  writeFileSync(join(src, 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
  writeFileSync(join(src, 'notes.txt'), 'plain', { mode: 0o644 });
  mkdirSync(join(src, longName, '..'), { recursive: true });
  writeFileSync(join(src, longName), 'long');
  execFileSync('ln', ['-s', 'lib/libEGL.so', join(src, 'link.so')]);
  return src;
}

for (const format of ['gnu', 'pax', 'ustar'] as const) {
  test(`extracts a GNU tar archive in ${format} format with contents, modes, links and long names`, async () => {
    const src = makeSourceTree();
    // ustar cannot hold the long name in one field; it splits it into prefix + name instead.
    const archive = execFileSync('tar', [`--format=${format}`, '-cf', '-', '-C', src, '.']);
    const dest = mkdtempSync(join(work, `dest-${format}-`));
    await extractTar(archive, dest);

    assert.deepEqual(readFileSync(join(dest, 'lib', 'libEGL.so')), Buffer.alloc(1500, 7));
    assert.equal(readFileSync(join(dest, longName), 'utf8'), 'long');
    assert.equal(statSync(join(dest, 'run.sh')).mode & 0o111, 0o111, 'executable bit kept');
    assert.equal(statSync(join(dest, 'notes.txt')).mode & 0o111, 0, 'no executable bit added');
    assert.equal(readlinkSync(join(dest, 'link.so')), 'lib/libEGL.so');
  });
}

test('the select callback renames and skips entries', async () => {
  const src = makeSourceTree();
  const archive = execFileSync('tar', ['-cf', '-', '-C', src, 'lib', 'notes.txt']);
  const dest = mkdtempSync(join(work, 'dest-select-'));
  const written = await extractTar(archive, dest, (p) => (p.startsWith('lib/') ? p.replace(/^lib\//, 'bin/') : undefined));
  assert.ok(existsSync(join(dest, 'bin', 'libEGL.so')));
  assert.ok(!existsSync(join(dest, 'notes.txt')));
  assert.deepEqual(written.filter((p) => p.endsWith('.so')), ['bin/libEGL.so']);
});

// A minimal ustar header, to craft entries GNU tar itself would refuse to write.
function ustarEntry(name: string, type: string, data = Buffer.alloc(0), linkName = ''): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 'utf8');
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
  header.write('00000000000\0', 136);
  header.write(type, 156);
  header.write(linkName, 157);
  header.write('ustar\0' + '00', 257, 'latin1');
  header.write('        ', 148);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  const padded = Buffer.alloc(Math.ceil(data.length / 512) * 512);
  data.copy(padded);
  return Buffer.concat([header, padded]);
}
const endOfArchive = Buffer.alloc(1024);

test('parseTar reads a hand-made archive', () => {
  const archive = Buffer.concat([ustarEntry('a/b.txt', '0', Buffer.from('hello')), endOfArchive]);
  const [entry, ...rest] = parseTar(archive);
  assert.equal(rest.length, 0);
  assert.equal(entry?.path, 'a/b.txt');
  assert.equal(entry?.type, 'file');
  assert.equal(entry?.data.toString(), 'hello');
});

test('entries that would escape the destination are refused', async () => {
  const cases = [
    ustarEntry('../escaped.txt', '0', Buffer.from('x')),
    ustarEntry('ok/../../escaped.txt', '0', Buffer.from('x')),
    ustarEntry('/tmp/absolute-escape.txt', '0', Buffer.from('x')),
    ustarEntry('evil-link', '2', Buffer.alloc(0), '../../etc/passwd'),
    ustarEntry('abs-link', '2', Buffer.alloc(0), '/etc/passwd'),
  ];
  for (const entry of cases) {
    const dest = mkdtempSync(join(work, 'dest-evil-'));
    await assert.rejects(extractTar(Buffer.concat([entry, endOfArchive]), dest), /outside|absolute/);
  }
  assert.ok(!existsSync(join(work, 'escaped.txt')));
});

test('a truncated archive is an error, not a short file', () => {
  const whole = ustarEntry('big.bin', '0', Buffer.alloc(2000, 1));
  assert.throws(() => parseTar(whole.subarray(0, 1024)), /truncated/);
});
