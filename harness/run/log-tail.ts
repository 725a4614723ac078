// Reading what another process appended to a log file since a mark: the servers' wire logs and
// a shared browser's TLS key log. `mark()` before a load, `since(mark)` after it returns the
// lines written in between (loads never overlap within one worker), whole lines only.

import fs from 'node:fs';

export class LogTail {
  constructor(readonly file: string) {}

  mark(): number {
    return fs.existsSync(this.file) ? fs.statSync(this.file).size : 0;
  }

  /** The end of the whole lines written since `offset`: where the next step's lines start. */
  lineEnd(offset: number): number {
    return offset + Buffer.byteLength(this.since(offset));
  }

  /** Whole lines from `from` up to `to` (a lineEnd). */
  between(from: number, to: number): string {
    return Buffer.from(this.since(from)).subarray(0, Math.max(0, to - from)).toString('utf8');
  }

  since(offset: number): string {
    if (!fs.existsSync(this.file)) return '';
    const fd = fs.openSync(this.file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const buf = Buffer.alloc(Math.max(0, size - offset));
      fs.readSync(fd, buf, 0, buf.length, offset);
      const text = buf.toString('utf8');
      // Only whole lines: a line being written right now belongs to the next read.
      const end = text.lastIndexOf('\n');
      return end < 0 ? '' : text.slice(0, end + 1);
    } finally {
      fs.closeSync(fd);
    }
  }
}
