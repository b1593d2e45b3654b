// Many official clients, chat-like: each connects (its nickname in its auth payload), joins a room with an
// ack, and stays connected until the server emits "bye" to it; then all disconnect and the scenario ends.
// Clients connect `concurrency` at a time, so the server sees a steady stream of joins rather than a storm.
// Usage: node sio-crowd.mjs <url> <clients> <room> [transport] [concurrency]
import { io } from 'socket.io-client';
import { deadline, fail, finish, next, out } from './sio-common.mjs';

const [url, count, room, transport = 'websocket', concurrency = '50'] = process.argv.slice(2);
const total = Number(count);
deadline(240000);

const sockets = [];
const byes = [];
let received = 0;

const open = async (i) => {
  const socket = io(url, { forceNew: true, reconnection: false, transports: [transport], auth: { nick: `user-${i}` } });
  socket.onAny(() => {
    received++;
  });
  sockets.push(socket);
  byes.push(next(socket, 'bye', { ms: 200000, failOn: ['disconnect'] }));
  await next(socket, 'connect', { ms: 20000, failOn: ['connect_error'] });
  const answer = await socket.timeout(20000).emitWithAck('join', room);
  if (answer !== true) {
    fail(`join answered ${JSON.stringify(answer)}`);
  }
};

let nextIndex = 0;
const worker = async () => {
  while (nextIndex < total) {
    await open(nextIndex++);
  }
};
await Promise.all(Array.from({ length: Math.min(Number(concurrency), total) }, worker));
out({ ev: 'joined', clients: sockets.length });

await Promise.all(byes);
out({ ev: 'bye', received });
sockets.forEach((socket) => socket.disconnect());
finish();
