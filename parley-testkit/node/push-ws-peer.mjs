// Node `ws` clients of the push gateway's /ws/topics endpoint, driven line by line: each stdin line is a JSON
// command, each observation one JSON line on stdout, in the order things happened.
//   {"cmd":"connect","name":"a","query":"?token=..."}   query optional
//   {"cmd":"send","name":"a","text":"..."}               a text message, sent as given
//   {"cmd":"sendBinary","name":"a"}                      a 3-byte binary message
// Observations: {"name","ev":"open"}, {"name","ev":"message","data"}, {"name","ev":"close","code","reason"}.
// Usage: node push-ws-peer.mjs <ws://host:port/ws/topics>
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { fail, out } from './sio-common.mjs';

const [url] = process.argv.slice(2);
const sockets = new Map();

const commands = {
  connect: ({ name, query }) => {
    const socket = new WebSocket(url + (query ?? ''));
    socket.on('open', () => out({ name, ev: 'open' }));
    socket.on('message', (data, isBinary) => out({ name, ev: 'message', binary: isBinary, data: data.toString() }));
    socket.on('close', (code, reason) => out({ name, ev: 'close', code, reason: reason.toString() }));
    socket.on('error', (error) => out({ name, ev: 'error', message: error.message }));
    sockets.set(name, socket);
  },
  send: ({ name, text }) => sockets.get(name).send(text),
  sendBinary: ({ name }) => sockets.get(name).send(Buffer.from([1, 2, 3])),
  exit: () => {
    sockets.forEach((socket) => socket.terminate());
    setTimeout(() => process.exit(0), 100);
  },
};

createInterface({ input: process.stdin }).on('line', (line) => {
  try {
    const command = JSON.parse(line);
    commands[command.cmd](command);
  } catch (error) {
    fail(error);
  }
}).on('close', () => commands.exit());
