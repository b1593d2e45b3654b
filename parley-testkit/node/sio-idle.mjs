// Idle official clients for heap measurements: each connects over WebSocket, joins a room with an ack (as a
// chat client does), then does nothing but answer the server's pings. Prints {"ev":"ready","clients":N} once all
// are in; on a line "close" on stdin, disconnects them all and prints {"ev":"closed"}.
// Usage: node sio-idle.mjs <url> <clients> <room> [concurrency]
import { createInterface } from 'node:readline';
import { io } from 'socket.io-client';
import { fail, out } from './sio-common.mjs';

const [url, count, room, concurrency = '50'] = process.argv.slice(2);
const total = Number(count);
const sockets = [];

const open = async () => {
  const socket = io(url, { forceNew: true, reconnection: false, transports: ['websocket'] });
  sockets.push(socket);
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const answer = await socket.timeout(60000).emitWithAck('join', room);
  if (answer !== true) {
    fail(`join answered ${JSON.stringify(answer)}`);
  }
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') {
      fail(`a client was disconnected: ${reason}`);
    }
  });
};

let next = 0;
const worker = async () => {
  while (next < total) {
    next++;
    await open();
  }
};
try {
  await Promise.all(Array.from({ length: Math.min(Number(concurrency), total) }, worker));
} catch (error) {
  fail(error);
}
out({ ev: 'ready', clients: sockets.length });

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'close') {
    sockets.forEach((socket) => socket.disconnect());
    out({ ev: 'closed' });
    setTimeout(() => process.exit(0), 500);
  }
});
