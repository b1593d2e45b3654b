// Connects with one transport only, emits with arguments, gets the server's reply event and an ack, then
// disconnects. Usage: node sio-basic.mjs <url> <polling|websocket>
import { io } from 'socket.io-client';
import { clientOptions, deadline, finish, next, out } from './sio-common.mjs';

const [url, transport] = process.argv.slice(2);
deadline(15000);

const socket = io(url, { ...clientOptions, transports: [transport], reconnection: false });
await next(socket, 'connect', { failOn: ['connect_error'] });
out({ ev: 'connect', id: socket.id, transport: socket.io.engine.transport.name });

const reply = next(socket, 'reply', { failOn: ['disconnect'] });
socket.emit('hello', 1, 'two', { three: [3, 3.5, true, null] });
out({ ev: 'reply', args: await reply });

const ack = await new Promise((resolve) => socket.emit('hello-ack', 'x', (...args) => resolve(args)));
out({ ev: 'ack', args: ack });

out({ ev: 'transport', name: socket.io.engine.transport.name });
const disconnected = next(socket, 'disconnect');
socket.disconnect();
out({ ev: 'disconnect', reason: (await disconnected)[0] });
finish();
