// Many official socket.io clients in one process, for reconnect-storm.sh: they connect to URL, and when the
// server goes away they reconnect with the client's default backoff (1 s, x2 up to 5 s, +-50% jitter), as
// real clients do. Prints one JSON object a line:
//   {"ev":"connected","count":N,"at":ms}     once all N are connected (first time)
//   {"ev":"down","at":ms}                    when the first one loses its connection
//   {"ev":"back","count":N,"at":ms,"lastConnectAt":ms}  once all N are connected again; lastConnectAt is when
//                                            the last of them got its CONNECT answer
//   {"ev":"progress","back":k,"errors":e}    every second while reconnecting
// Usage: node storm-clients.mjs <url> <count> [websocket|polling]   (stays up until killed)
import { io } from 'socket.io-client';

const [url, countArg, transport = 'websocket'] = process.argv.slice(2);
const count = Number(countArg);
const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

let connected = 0;
let phase = 'connecting'; // then 'up', 'reconnecting', 'back'
const back = new Set();
let errors = 0;
let lastConnectAt = 0;
const sockets = [];

const opened = (socket) => {
  if (phase === 'connecting') {
    if (++connected === count) {
      phase = 'up';
      out({ ev: 'connected', count, at: Date.now() });
    }
    return;
  }
  if (phase !== 'reconnecting' || back.has(socket)) {
    return;
  }
  back.add(socket);
  lastConnectAt = Date.now();
  if (back.size === count) {
    phase = 'back';
    out({ ev: 'back', count, at: Date.now(), lastConnectAt });
  }
};

// Connections are opened 200 at a time so that the first connect is not itself a storm.
for (let i = 0; i < count; i++) {
  const socket = io(url, { transports: transport === 'polling' ? ['polling'] : ['websocket'], forceNew: true });
  socket.on('connect', () => opened(socket));
  socket.on('connect_error', () => {
    errors++;
  });
  socket.on('disconnect', () => {
    if (phase === 'up') {
      phase = 'reconnecting';
      out({ ev: 'down', at: Date.now() });
    }
  });
  sockets.push(socket);
  if (i % 200 === 199) {
    await new Promise((r) => setTimeout(r, 50));
  }
}

setInterval(() => {
  if (phase === 'reconnecting') {
    out({ ev: 'progress', back: back.size, errors });
  }
}, 1000);
