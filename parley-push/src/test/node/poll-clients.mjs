// Opens N long polls on raw TCP connections (no npm package: the heap test only needs the requests held open),
// prints "sent N" once every request is written, then holds them until stdin says "close" (or ends).
// Usage: node poll-clients.mjs <host> <port> <count> <path-and-query>
import net from 'node:net';
import readline from 'node:readline';

const [host, port, count, target] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4]), process.argv[5]];
const sockets = [];
let sent = 0;

function connect() {
  const socket = net.connect({ host, port });
  socket.on('connect', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\n\r\n`, () => {
    if (++sent === count) {
      console.log('sent ' + sent);
    }
  }));
  socket.on('data', () => {});
  socket.on('error', (e) => console.log('error ' + e.message));
  sockets.push(socket);
}

// A few at a time, so that the server's accept queue is never the test's subject.
let started = 0;
function batch() {
  for (let i = 0; i < 100 && started < count; i++, started++) {
    connect();
  }
  if (started < count) {
    setTimeout(batch, 5);
  }
}
batch();

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'close') {
    sockets.forEach((s) => s.destroy());
    console.log('closed');
  }
});
