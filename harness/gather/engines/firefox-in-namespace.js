// Runs Firefox inside a shaper's network namespace while Playwright (outside it) still reaches its
// WebDriver BiDi WebSocket. Firefox listens on 127.0.0.1 *inside* the namespace, which the harness
// cannot connect to; the file system, however, is shared. So a tiny relay started inside the
// namespace (same prefix) listens on a Unix socket and forwards to Firefox's port, and this process
// listens on 127.0.0.1 outside and forwards to that Unix socket. The "listening on ws://…" line
// Firefox prints is rewritten to the outside address, like harness/browsers/firefox-bidi-shim.ts does.
//
// Plain JavaScript (no tsx) so it starts quickly. Run as:
//   PB_NS_PREFIX='["ip","netns","exec","pb-c0"]' PB_NS_FIREFOX=/usr/lib/firefox-esr/firefox-esr \
//     node firefox-in-namespace.js <firefox args…>
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const INSIDE_RELAY = `
const net = require('node:net');
const [sock, host, port] = process.argv.slice(1);
net.createServer((c) => {
  const u = net.connect(Number(port), host);
  c.pipe(u); u.pipe(c);
  c.on('error', () => u.destroy()); u.on('error', () => c.destroy());
}).listen(sock, () => console.log('ready'));
`;
const LISTENING = /WebDriver BiDi listening on ws:\/\/([^/\s]+):(\d+)/;

const prefix = JSON.parse(process.env.PB_NS_PREFIX ?? '[]');
const realFirefox = process.env.PB_NS_FIREFOX;
if (!realFirefox || prefix.length === 0) {
  process.stderr.write('firefox-in-namespace: PB_NS_FIREFOX and PB_NS_PREFIX must be set\n');
  process.exit(1);
}
const sock = path.join(os.tmpdir(), `pb-firefox-bidi-${process.pid}.sock`);
let inside;
const cleanup = () => {
  inside?.kill('SIGKILL');
  fs.rmSync(sock, { force: true });
};

const firefox = spawn(prefix[0], [...prefix.slice(1), realFirefox, ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'pipe'] });
firefox.on('exit', (code, signal) => { cleanup(); process.exit(code ?? (signal ? 1 : 0)); });
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => firefox.kill(signal));

async function relayOut(host, port) {
  fs.rmSync(sock, { force: true });
  inside = spawn(prefix[0], [...prefix.slice(1), process.execPath, '-e', INSIDE_RELAY, sock, host.replace(/^\[|\]$/g, ''), port], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    createInterface({ input: inside.stdout }).once('line', resolve);
    inside.once('exit', (code) => reject(new Error(`namespace relay exited (${code})`)));
  });
  const outside = net.createServer((c) => {
    const u = net.connect(sock);
    c.pipe(u); u.pipe(c);
    c.on('error', () => u.destroy()); u.on('error', () => c.destroy());
  });
  await new Promise((resolve) => outside.listen(0, '127.0.0.1', resolve));
  return outside.address().port;
}

for (const [stream, out] of [[firefox.stdout, process.stdout], [firefox.stderr, process.stderr]]) {
  createInterface({ input: stream }).on('line', (line) => {
    const match = LISTENING.exec(line);
    if (!match) {
      out.write(line + '\n');
      return;
    }
    relayOut(match[1], match[2]).then(
      (port) => out.write(line.replace(`${match[1]}:${match[2]}`, `127.0.0.1:${port}`) + '\n'),
      (err) => { process.stderr.write(`firefox-in-namespace: ${String(err)}\n`); firefox.kill('SIGKILL'); },
    );
  });
}
