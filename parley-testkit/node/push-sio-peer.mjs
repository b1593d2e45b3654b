// A set of official socket.io-client sockets on the push gateway's "/topics" namespace, driven line by line:
// each stdin line is a JSON command, each observation one JSON line on stdout, in the order things happened.
//   {"cmd":"connect","name":"a","token":"..."}        token optional (sent as auth: {token})
//   {"cmd":"emit","name":"a","event":"topic:subscribe","payload":{...},"ack":true}
//   {"cmd":"disconnect","name":"a"}
// Observations: {"name","ev":"connected"}, {"name","ev":"connect_error","message"}, {"name","ev":"ack","event",
// "response"}, {"name","ev":"event","event","args"}, {"name","ev":"disconnect","reason"}.
// Usage: node push-sio-peer.mjs <server url>
import { createInterface } from 'node:readline';
import { io } from 'socket.io-client';
import { clientOptions, fail, out } from './sio-common.mjs';

const [url] = process.argv.slice(2);
const sockets = new Map();

const commands = {
  connect: ({ name, token, transports }) => {
    const socket = io(`${url}/topics`, {
      ...clientOptions,
      forceNew: true,
      reconnection: false,
      auth: token === undefined ? {} : { token },
      ...(transports ? { transports } : {}),
    });
    socket.on('connect', () => out({ name, ev: 'connected' }));
    socket.on('connect_error', (error) => out({ name, ev: 'connect_error', message: error.message }));
    socket.on('disconnect', (reason) => out({ name, ev: 'disconnect', reason }));
    socket.onAny((event, ...args) => out({ name, ev: 'event', event, args }));
    sockets.set(name, socket);
  },
  emit: ({ name, event, payload, ack }) => {
    const socket = sockets.get(name);
    if (ack) {
      // A callback, not emitWithAck: it runs as the ack packet is read, so its line keeps its place among events.
      socket.emit(event, payload, (response) => out({ name, ev: 'ack', event, response }));
    } else {
      socket.emit(event, payload);
    }
  },
  disconnect: ({ name }) => {
    sockets.get(name).disconnect();
  },
  exit: () => {
    sockets.forEach((socket) => socket.disconnect());
    setTimeout(() => process.exit(0), 200);
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
