// Tiny TCP server for `pushbench calibrate` (run inside the server namespace when shaped).
//   node --import tsx calibration-server.ts HOST
// Prints {"type":"ready","port":N}. Protocol, one command line per request:
//   "D <n>\n"          -> n bytes back (download)
//   "U <n>\n" + n bytes -> "K <kbps>\n" with the receive rate over the last 75% of the bytes
//   "P\n"              -> "P\n" (ping)
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const host = process.argv[2] ?? '127.0.0.1';
const payload = Buffer.alloc(1 << 20, 0x61);

function writeBytes(socket: net.Socket, n: number): void {
  let left = n;
  const pump = (): void => {
    while (left > 0) {
      const chunk = payload.subarray(0, Math.min(left, payload.length));
      left -= chunk.length;
      if (!socket.write(chunk)) { socket.once('drain', pump); return; }
    }
  };
  pump();
}

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  let buffered: Buffer = Buffer.alloc(0);
  let uploadLeft = 0, uploadTotal = 0, uploadMarkAt = 0, uploadMarkBytes = 0;
  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    while (buffered.length > 0) {
      if (uploadLeft > 0) {
        const take = Math.min(uploadLeft, buffered.length);
        uploadLeft -= take;
        buffered = buffered.subarray(take);
        const received = uploadTotal - uploadLeft;
        if (uploadMarkAt === 0 && received >= uploadTotal / 4) { uploadMarkAt = performance.now(); uploadMarkBytes = received; }
        if (uploadLeft === 0) {
          const ms = performance.now() - uploadMarkAt;
          const kbps = ms > 0 ? ((uploadTotal - uploadMarkBytes) * 8) / ms : 0;
          socket.write(`K ${kbps.toFixed(1)}\n`);
        }
        continue;
      }
      const nl = buffered.indexOf(0x0a);
      if (nl < 0) return;
      const [cmd, arg] = buffered.subarray(0, nl).toString('latin1').trim().split(' ');
      buffered = buffered.subarray(nl + 1);
      if (cmd === 'P') socket.write('P\n');
      else if (cmd === 'D') writeBytes(socket, Number(arg));
      else if (cmd === 'U') { uploadLeft = uploadTotal = Number(arg); uploadMarkAt = 0; }
      else socket.destroy();
    }
  });
  socket.on('error', () => socket.destroy());
});

server.listen(0, host, () => {
  const { port } = server.address() as net.AddressInfo;
  process.stdout.write(JSON.stringify({ type: 'ready', port }) + '\n');
});
// Exit with the parent: it closes our stdin.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
