// Opens N Server-Sent Events streams on raw TCP connections (no npm package: the heap test only needs the
// sockets held open and read), prints "open N" once every head arrived, then holds them until stdin says
// "close" (or ends). Usage: node sse-clients.mjs <host> <port> <count> <path-and-query>
import net from 'node:net';
import readline from 'node:readline';

const [host, port, count, target] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4]), process.argv[5]];
const sockets = [];
let opened = 0;
let failed = 0;

function connect() {
  const socket = net.connect({ host, port });
  let head = '';
  socket.setEncoding('latin1');
  socket.on('connect', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\n\r\n`));
  socket.on('data', (chunk) => {
    if (head !== null) {
      head += chunk;
      if (head.includes('\r\n\r\n')) {
        if (!head.startsWith('HTTP/1.1 200')) {
          console.log('refused ' + head.split('\r\n')[0]);
          failed++;
        } else if (++opened === count) {
          console.log('open ' + opened);
        }
        head = null;
      }
    }
  });
  socket.on('error', (e) => { failed++; console.log('error ' + e.message); });
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
    process.exit(0);
  }
}).on('close', () => process.exit(0));
