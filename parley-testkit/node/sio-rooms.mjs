// Three clients "a", "b", "c" (each its own connection, named in its auth payload) print every event they
// receive, and answer "collect" with their name. The scenario ends when all three got "finish".
// Usage: node sio-rooms.mjs <url>
import { io } from 'socket.io-client';
import { clientOptions, deadline, finish, next, out } from './sio-common.mjs';

const [url] = process.argv.slice(2);
deadline(15000);

const clients = ['a', 'b', 'c'].map((name) => {
  const socket = io(url, { ...clientOptions, forceNew: true, reconnection: false, auth: { name } });
  socket.on('collect', (callback) => {
    out({ client: name, ev: 'collect' });
    callback(name);
  });
  socket.onAny((ev, ...args) => {
    if (ev !== 'collect') {
      out({ client: name, ev, args });
    }
  });
  return { name, socket, finished: next(socket, 'finish', { ms: 12000, failOn: ['disconnect'] }) };
});

await Promise.all(clients.map(({ socket }) => next(socket, 'connect', { failOn: ['connect_error'] })));
out({ ev: 'connected', ids: Object.fromEntries(clients.map(({ name, socket }) => [name, socket.id])) });

await Promise.all(clients.map(({ finished }) => finished));
clients.forEach(({ socket }) => socket.disconnect());
finish();
