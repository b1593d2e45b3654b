// Users for the admin UI to see: <count> official socket.io-client sockets on "/", each its own connection.
// Prints {"ev":"connected","ids":[...]} once all are in, then {"ev":"disconnect","id","reason"} for each
// socket the server disconnects. Runs until killed.
// Usage: node admin-ui-peers.mjs <url> <count>
import { io } from 'socket.io-client';
import { next, out } from './sio-common.mjs';

const [url, count] = process.argv.slice(2);
const sockets = Array.from({ length: Number(count) }, () => io(url, { forceNew: true, reconnection: false }));
await Promise.all(sockets.map((socket) => next(socket, 'connect', { failOn: ['connect_error'] })));
sockets.forEach((socket) => {
  const { id } = socket;
  socket.on('disconnect', (reason) => out({ ev: 'disconnect', id, reason }));
});
out({ ev: 'connected', ids: sockets.map((socket) => socket.id) });
setInterval(() => {}, 60000);
