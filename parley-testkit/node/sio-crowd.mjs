// Many official clients, chat-like: each connects (its nickname in its auth payload), joins a room with an
// ack (client i joins <room>-<i mod rooms> when rooms > 1), says `messages` lines in it (event "say", each
// acknowledged), and stays connected until the server emits "bye" to it; then all disconnect and the
// scenario ends. Clients connect `concurrency` at a time: a steady stream of joins rather than a storm.
// Usage: node sio-crowd.mjs <url> <clients> <room> [transport] [concurrency] [rooms] [messages]
import { io } from 'socket.io-client';
import { deadline, fail, finish, next, out } from './sio-common.mjs';

const [url, count, room, transport = 'websocket', concurrency = '50', rooms = '1', messages = '0'] =
  process.argv.slice(2);
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
  const answer = await socket.timeout(20000).emitWithAck('join', Number(rooms) > 1 ? `${room}-${i % Number(rooms)}` : room);
  if (answer !== true) {
    fail(`join answered ${JSON.stringify(answer)}`);
  }
  for (let m = 0; m < Number(messages); m++) {
    await socket.timeout(20000).emitWithAck('say', `line ${m} from user-${i}: ${'lorem ipsum '.repeat(8)}`);
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
