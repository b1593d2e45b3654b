// Acknowledgements both ways. The client acks "ask" with two values and never acks "ignore"; it asks the
// server for "sum" (callback form and emitWithAck) and, with a 200 ms timeout, for "noack", which the server
// never acks. The scenario ends when the server emits "finish". Usage: node sio-acks.mjs <url>
import { io } from 'socket.io-client';
import { clientOptions, deadline, finish, next, out } from './sio-common.mjs';

const [url] = process.argv.slice(2);
deadline(15000);

const socket = io(url, { ...clientOptions, reconnection: false });
socket.on('ask', (q, callback) => {
  out({ ev: 'ask', q });
  callback({ answer: q * 2 }, 'extra');
});
socket.on('ignore', (x, callback) => out({ ev: 'ignore', x, callback: typeof callback }));
const finished = next(socket, 'finish', { ms: 12000, failOn: ['disconnect'] });

await next(socket, 'connect', { failOn: ['connect_error'] });
out({ ev: 'connect', id: socket.id });

const sum = await new Promise((resolve) => socket.emit('sum', 2, 3, (...args) => resolve(args)));
out({ ev: 'sum-callback', args: sum });
out({ ev: 'sum-emitWithAck', value: await socket.emitWithAck('sum', 10, 20) });

const started = Date.now();
try {
  const value = await socket.timeout(200).emitWithAck('noack', 1);
  out({ ev: 'noack', acked: value });
} catch (error) {
  out({ ev: 'noack', error: error.message, elapsedMs: Date.now() - started });
}

await finished;
out({ ev: 'finish' });
socket.disconnect();
finish();
