// A crowd of official socket.io clients through a server's drain. Each connects to the first URL (even ones
// over WebSocket, odd ones over polling) and prints "connected"; once all are, "all-connected". When the server
// drains, each prints its disconnect reason and the time; its reconnection attempts go to the second URL (as a
// load balancer would send them to another node); back, it checks an ack round trip and prints "reconnected".
// Once every client is back: "all-reconnected", then done. A client that is told "io server disconnect" would
// not reconnect by itself, and the scenario runs out of time.
// Usage: node sio-drain.mjs <first-url> <second-url> <count> <deadline-ms>
import { io } from 'socket.io-client';
import { clientOptions, deadline, fail, finish, out } from './sio-common.mjs';

const [first, second, countArg, deadlineArg] = process.argv.slice(2);
const count = Number(countArg);
deadline(Number(deadlineArg));

let connected = 0;
let reconnected = 0;
let finishing = false;
const sockets = [];
for (let i = 0; i < count; i++) {
  const socket = io(first, {
    ...clientOptions,
    transports: i % 2 === 0 ? ['websocket'] : ['polling'],
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
  });
  sockets.push(socket);
  let disconnected = false;
  socket.io.on('reconnect_attempt', () => {
    socket.io.uri = second;
  });
  socket.on('connect', async () => {
    const port = new URL(socket.io.uri).port;
    if (!disconnected) {
      out({ ev: 'connected', i, port, transport: socket.io.engine.transport.name });
      if (++connected === count) {
        out({ ev: 'all-connected' });
      }
      return;
    }
    try {
      const [echo] = await socket.timeout(5000).emitWithAck('message-with-ack', `back ${i}`);
      out({ ev: 'reconnected', i, port, echo });
    } catch (error) {
      fail(`client ${i}: no ack after reconnecting: ${error}`);
    }
    if (++reconnected === count) {
      out({ ev: 'all-reconnected' });
      finishing = true;
      sockets.forEach((s) => s.disconnect());
      finish();
    }
  });
  socket.on('disconnect', (reason) => {
    if (finishing) {
      return; // our own disconnect() at the end
    }
    disconnected = true;
    out({ ev: 'disconnect', i, reason, active: socket.active, at: Date.now() });
  });
}
