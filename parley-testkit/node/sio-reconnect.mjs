// What the client does when the server ends things. Once connected (and upgraded, if it may), it emits
// "ready"; then the server acts:
//  - kick:    the server disconnects it ("io server disconnect"). The client must not reconnect by itself:
//             it waits 800 ms, well past its 100 ms reconnection delay, then connects again by hand.
//  - restart: the server goes away and a new one comes up on the same port. The client must reconnect by
//             itself.
// Either way it then emits "again" with an ack and prints the reply.
// Usage: node sio-reconnect.mjs <url> <kick|restart> <polling|websocket|default>
import { io } from 'socket.io-client';
import { clientOptions, deadline, fail, finish, next, out, sleep } from './sio-common.mjs';

const [url, mode, transports] = process.argv.slice(2);
deadline(20000);

const socket = io(url, {
  ...clientOptions,
  ...(transports === 'default' ? {} : { transports: [transports] }),
  reconnectionDelay: 100,
  reconnectionDelayMax: 200,
  randomizationFactor: 0,
});
let attempts = 0;
socket.io.on('reconnect_attempt', (n) => {
  attempts = n;
  out({ ev: 'reconnect_attempt', n });
});
socket.io.on('reconnect', (n) => out({ ev: 'reconnect', n }));

await next(socket, 'connect', { failOn: ['connect_error'] });
const firstId = socket.id;
if (transports === 'default' && socket.io.engine.transport.name !== 'websocket') {
  await next(socket.io.engine, 'upgrade');
}
out({ ev: 'connect', id: socket.id, transport: socket.io.engine.transport.name });

const disconnected = next(socket, 'disconnect', { ms: 10000 });
socket.emit('ready');
const [reason] = await disconnected;
out({ ev: 'disconnect', reason, active: socket.active });

if (mode === 'kick') {
  const reconnected = next(socket, 'connect', { ms: 800 }).then(
    () => true,
    () => false,
  );
  if (await reconnected) {
    fail('reconnected by itself after the server disconnected it');
  }
  out({ ev: 'idle', connected: socket.connected, attempts });
  socket.connect();
  await next(socket, 'connect', { failOn: ['connect_error'] });
} else if (mode === 'restart') {
  await next(socket, 'connect', { ms: 10000 });
} else {
  fail(`unknown mode ${mode}`);
}
out({ ev: 'reconnected', newId: socket.id !== firstId, transport: socket.io.engine.transport.name });
out({ ev: 'again', reply: await socket.timeout(5000).emitWithAck('again') });
socket.disconnect();
finish();
