// Clients whose traffic a metrics test watches on the server's /metrics. Driven by lines on stdin:
//   (start)  three clients join "/": one WebSocket only, one polling only, one that upgrades; one asks
//            for the unknown namespace "/nope" and one for "/private", whose middleware refuses it.
//            Prints {"ev":"connected"} once the three are in and both refusals came.
//   go       each client emits "msg" with 100 "x" and waits for the server's "echo"; the server's
//            "ignore" events (sent with an ack timeout) are never acked. Prints {"ev":"sent"}.
//   close    every client disconnects; prints {"ev":"done"} and exits.
// Usage: node sio-metrics.mjs <url>
import { createInterface } from 'node:readline';
import { io } from 'socket.io-client';
import { deadline, fail, finish, next, out } from './sio-common.mjs';

const [url] = process.argv.slice(2);
deadline(60000);

const options = { reconnection: false, forceNew: true };
const clients = [
  io(url, { ...options, transports: ['websocket'] }),
  io(url, { ...options, transports: ['polling'] }),
  io(url, { ...options }),
];
const upgraded = next(clients[2].io.engine, 'upgrade', { ms: 10000 });
await Promise.all(clients.map((c) => next(c, 'connect', { failOn: ['connect_error'] })));
await upgraded;
const refusedOptions = { ...options, transports: ['websocket'] };
const refused = [io(`${url}/nope`, refusedOptions), io(`${url}/private`, refusedOptions)];
await Promise.all(refused.map((c) => next(c, 'connect_error', { failOn: ['connect'] })));
refused.forEach((c) => c.close());
out({ ev: 'connected' });

createInterface({ input: process.stdin }).on('line', async (line) => {
  try {
    if (line === 'go') {
      await Promise.all(clients.map(async (c) => {
        const echoed = next(c, 'echo');
        c.emit('msg', 'x'.repeat(100));
        await echoed;
      }));
      out({ ev: 'sent' });
    } else if (line === 'close') {
      clients.forEach((c) => c.disconnect());
      finish();
    }
  } catch (error) {
    fail(error);
  }
});
