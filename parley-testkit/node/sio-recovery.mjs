// Connection state recovery with the official client: join a room, receive a broadcast, lose the
// connection (the client closes its engine, as socket.io's own tests do), miss broadcasts, come back.
// With `fresh`, the server is expected to refuse the recovery: the missed broadcasts are not waited for.
// Usage: node sio-recovery.mjs <url> <transport> [recovered|fresh]
import { io } from 'socket.io-client';
import { clientOptions, deadline, fail, finish, next, out } from './sio-common.mjs';

const [url, transport, expect = 'recovered'] = process.argv.slice(2);
deadline(15000);

const socket = io(url, { ...clientOptions, transports: [transport], reconnectionDelay: 100, reconnectionDelayMax: 200 });
const ticks = [];
socket.on('tick', (n, offset) => ticks.push({ n, offsetIsString: typeof offset === 'string' }));

await next(socket, 'connect', { failOn: ['connect_error'] });
const firstId = socket.id;
out({ ev: 'connected', id: firstId, recovered: socket.recovered });
await socket.emitWithAck('join', 'r');
await socket.emitWithAck('tick-me', 1);
while (ticks.length < 1) {
  await new Promise((r) => setTimeout(r, 10));
}
out({ ev: 'before', ticks });

// Drop the connection as a network failure would; the server broadcasts ticks 2 and 3 meanwhile.
const reconnected = next(socket, 'connect', { ms: 10000, failOn: ['connect_error'] });
socket.io.engine.close();
await reconnected;
out({ ev: 'reconnected', sameId: socket.id === firstId, recovered: socket.recovered });
const deadlineAt = Date.now() + 5000;
while (expect === 'recovered' && ticks.length < 3 && Date.now() < deadlineAt) {
  await new Promise((r) => setTimeout(r, 10));
}
out({ ev: 'after', ticks, rooms: await socket.emitWithAck('my-rooms'), data: await socket.emitWithAck('my-data') });
socket.disconnect();
if (expect === 'recovered' && ticks.length < 3) {
  fail(`missed ticks not replayed: ${JSON.stringify(ticks)}`);
}
finish();
