// Connects to the echo application (parley serve --app echo) over https/wss with one transport only, sends
// `message` and gets `message-back`, gets an ack, then disconnects. The server's CA is trusted through
// NODE_EXTRA_CA_CERTS (certificate checks stay on: rejectUnauthorized is the default, true).
// Usage: node sio-echo-tls.mjs <https-url> <polling|websocket>
import { io } from 'socket.io-client';
import { clientOptions, deadline, finish, next, out } from './sio-common.mjs';

const [url, transport] = process.argv.slice(2);
deadline(15000);

const socket = io(url, { ...clientOptions, transports: [transport], reconnection: false });
await next(socket, 'connect', { failOn: ['connect_error'] });
out({ ev: 'connect', transport: socket.io.engine.transport.name, secure: socket.io.engine.secure });

const back = next(socket, 'message-back', { failOn: ['disconnect'] });
socket.emit('message', 'over tls', { n: 1 });
out({ ev: 'message-back', args: await back });

const ack = await new Promise((resolve) => socket.emit('message-with-ack', 'acked', (...args) => resolve(args)));
out({ ev: 'ack', args: ack });

const disconnected = next(socket, 'disconnect');
socket.disconnect();
out({ ev: 'disconnect', reason: (await disconnected)[0] });
finish();
