import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

// Chromium writes one NetLog per browser process. When several loads share a process
// (isolation "context"), each load's trace folder gets the slice of that NetLog which falls in
// the load's own time window, with the constants that make it loadable in the NetLog viewer.
//
// The file is one event per line after `"events": [`, so a NetLog cut short by a killed browser
// still yields every whole event; the unterminated tail is dropped. The loads' windows are kept
// in a JSONL file beside the NetLog as they finish, so a run killed before the split can still be
// split later (`pushbench recompute` does it).

export interface NetLog {
  constants: Record<string, unknown> & { timeTickOffset?: number | string };
  events: Array<{ time: string } & Record<string, unknown>>;
}

const EVENTS_START = /\n"events": \[\n/;

/** Parses a NetLog file, complete or cut short. Throws when it has no constants. */
export function parseNetLog(text: string): NetLog {
  const m = EVENTS_START.exec(text);
  if (!m) throw new Error('not a NetLog: no "events" list');
  const head = text.slice(0, m.index).replace(/,\s*$/, '');
  const constants = JSON.parse(`${head}}`).constants as NetLog['constants'];
  const events: NetLog['events'] = [];
  for (const raw of text.slice(m.index + m[0].length).split('\n')) {
    // Each event line ends with "," or, for the last, with "]}" / "]," (polled data may follow).
    const line = raw.replace(/\s*(,|\]\s*[,}]?)\s*$/, '');
    if (!line.startsWith('{')) continue;
    try {
      events.push(JSON.parse(line));
    } catch {
      // the half-written last line of a NetLog cut short
    }
  }
  return { constants, events };
}

/** Epoch milliseconds of an event (NetLog times are TimeTicks; constants give the offset). */
export function eventEpochMs(log: NetLog, event: { time: string }): number {
  return Number(event.time) + Number(log.constants.timeTickOffset ?? 0);
}

/** The events in [fromMs, toMs] (epoch ms), as a NetLog file's text. */
export function sliceNetLog(log: NetLog, fromMs: number, toMs: number): string {
  const events = log.events.filter((e) => {
    const t = eventEpochMs(log, e);
    return t >= fromMs && t <= toMs;
  });
  return `${JSON.stringify({ constants: log.constants })
    .slice(0, -1)},\n"events": [\n${events.map((e) => JSON.stringify(e)).join(',\n')}]}\n`;
}

/** One load's time window in a shared browser's NetLog (a line of the windows file). */
export interface LoadWindow {
  traceDir: string;
  fromMs: number;
  toMs: number;
}

/** The windows file that belongs to a shared NetLog file. */
export const windowsFileFor = (netLogFile: string) => netLogFile.replace(/\.json$/, '') + '.windows.jsonl';

export function appendWindow(netLogFile: string, window: LoadWindow): void {
  fs.appendFileSync(windowsFileFor(netLogFile), JSON.stringify(window) + '\n');
}

/**
 * Writes each finished load's slice as <traceDir>/netlog.json.gz and lists it in its meta.json,
 * then removes the shared NetLog and its windows file. Returns how many loads got a slice.
 */
export function splitSharedNetLog(netLogFile: string): number {
  const windowsFile = windowsFileFor(netLogFile);
  let written = 0;
  if (fs.existsSync(netLogFile) && fs.existsSync(windowsFile)) {
    const log = parseNetLog(fs.readFileSync(netLogFile, 'utf8'));
    for (const line of fs.readFileSync(windowsFile, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const w = JSON.parse(line) as LoadWindow;
      const metaFile = path.join(w.traceDir, 'meta.json');
      if (!fs.existsSync(metaFile)) continue; // an unfinished load
      fs.writeFileSync(path.join(w.traceDir, 'netlog.json.gz'), zlib.gzipSync(sliceNetLog(log, w.fromMs, w.toMs)));
      const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as { files: string[] };
      if (!meta.files.includes('netlog.json.gz')) meta.files.push('netlog.json.gz');
      fs.writeFileSync(`${metaFile}.tmp`, JSON.stringify(meta, null, 1));
      fs.renameSync(`${metaFile}.tmp`, metaFile);
      written++;
    }
  }
  fs.rmSync(netLogFile, { force: true });
  fs.rmSync(windowsFile, { force: true });
  return written;
}

/**
 * Splits every shared NetLog left under a run's browsers/ folder (or one browser's folder in it) by
 * a run killed before its end, and removes what else such a browser left there.
 */
export function splitLeftoverNetLogs(browsersDir: string): number {
  if (!fs.existsSync(browsersDir)) return 0;
  let written = 0;
  for (const entry of fs.readdirSync(browsersDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (/^netlog-\d+\.json$/.test(entry.name)) written += splitSharedNetLog(file);
    // Key-log lines were copied into each load's folder as the load ended; the rest is of no load.
    else if (/^(keys-\d+\.log|context-\d+\.har)$/.test(entry.name)) fs.rmSync(file, { force: true });
  }
  removeEmptyDirs(browsersDir);
  return written;
}

/** Removes `dir` and its sub-folders where they are empty. */
export function removeEmptyDirs(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) removeEmptyDirs(path.join(dir, entry.name));
  }
  try {
    if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  } catch {
    // another worker just put something there
  }
}
