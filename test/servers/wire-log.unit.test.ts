// The one wire-log parser (servers/wire-log.ts): what a crashed load's log looks like to it.
// Pure: strings in, events out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWireLog } from '../../servers/wire-log.ts';

const line = (event: object) => JSON.stringify({ t: 1, variant: 'h2', conn: 1, ...event });
const CONNECTION = line({ type: 'connection', alpn: 'h2', tlsVersion: 'TLSv1.3', tlsResumed: false, remoteAddress: null, remotePort: null });
const RESPONSE = line({ type: 'response', stream: 1, status: 200, path: '/', contentEncoding: null, bodyBytes: 10, pushed: false });

test('one event per line; blank lines ignored', () => {
  const events = parseWireLog(`${CONNECTION}\n\n${RESPONSE}\n`);
  assert.deepEqual(events.map((e) => e.type), ['connection', 'response']);
  assert.deepEqual(parseWireLog(''), []);
});

test('a torn last line (a crash mid-write, no newline) is dropped', () => {
  const torn = `${CONNECTION}\n${RESPONSE}\n${RESPONSE.slice(0, 25)}`;
  assert.deepEqual(parseWireLog(torn).map((e) => e.type), ['connection', 'response']);
  // A last line without its newline that is whole still counts.
  assert.deepEqual(parseWireLog(`${CONNECTION}\n${RESPONSE}`).map((e) => e.type), ['connection', 'response']);
});

test('a damaged line that is not the torn last one throws, naming the line', () => {
  assert.throws(() => parseWireLog(`${CONNECTION}\n{"type":"resp\n${RESPONSE}\n`), /wire log line 2/);
  // Terminated by its newline, the last line was written whole: damage, not a torn write.
  assert.throws(() => parseWireLog(`${CONNECTION}\n{"type":"resp\n`), /wire log line 2/);
});
