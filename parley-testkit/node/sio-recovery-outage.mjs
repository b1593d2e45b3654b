// Connection state recovery after an outage the client does not cause: join a room, receive a broadcast,
// tell the server it is ready (with this process's id), then either
//   stall: stop this whole process (SIGSTOP), so that it answers no ping; the test sends SIGCONT after the
//          server has seen the "ping timeout" (and, to test expiry, after the recovery window),
//   close-stall: close the connection first ("transport close" on the server), then stop likewise, or
//   wait:  do nothing; the test shuts the server down and starts one again on the same port.
// Either way the client reconnects by itself (socket.io-client's manager retries every 100-200 ms) and
// reports whether it recovered, then the broadcasts it got, its rooms and data.
// With `fresh`, the server is expected to refuse the recovery: the missed broadcasts are not waited for.
// Usage: node sio-recovery-outage.mjs <url> <stall|close-stall|wait> [recovered|fresh]
import { io } from 'socket.io-client';
import { clientOptions, deadline, fail, finish, next, out } from './sio-common.mjs';

const [url, mode, expect = 'recovered'] = process.argv.slice(2);
deadline(40000);

const socket = io(url, { ...clientOptions, transports: ['websocket'], reconnectionDelay: 100, reconnectionDelayMax: 200 });
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

// Reconnection attempts may fail while the server is down (connect_error): the manager keeps trying.
const dropped = next(socket, 'disconnect', { ms: 30000 });
const reconnected = next(socket, 'connect', { ms: 30000 });
await socket.emitWithAck('ready', process.pid);
if (mode === 'stall' || mode === 'close-stall') {
  if (mode === 'close-stall') {
    // Drop the connection as a network failure would (as sio-recovery.mjs), and stop before the manager's
    // reconnection timer can fire: the client comes back only when the test says so.
    socket.io.engine.close();
  }
  process.kill(process.pid, 'SIGSTOP'); // everything stops here, timers included, until the test's SIGCONT
  out({ ev: 'resumed' });
} else {
  socket.emit('armed'); // no ack: the server may go away as soon as it reads this
}
const [reason] = await dropped;
await reconnected;
out({ ev: 'reconnected', reason, sameId: socket.id === firstId, recovered: socket.recovered });
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
