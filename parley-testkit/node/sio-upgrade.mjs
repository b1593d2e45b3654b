// Default transports (polling, then the upgrade to WebSocket) while events flow both ways.
// From `connect` on, the client emits "up" 0, 1, 2... one per millisecond, at least 50 and until 10 were
// emitted after the upgrade; the server does the same with "down" and ends with "down-end" <count>.
// The WebSocket probe is held back until the client has emitted 5 events and received 5 over polling, so
// that the upgrade happens in the middle of the traffic whatever the machine's speed (left alone, the probe
// can win the race with the CONNECT reply, and then nothing at all goes over polling).
// Usage: node sio-upgrade.mjs <url>
import { NodeWebSocket, NodeXHR } from 'engine.io-client';
import { io } from 'socket.io-client';
import { clientOptions, deadline, fail, finish, next, out, sleep } from './sio-common.mjs';

const [url] = process.argv.slice(2);
deadline(20000);

let releaseProbe;
const probeReleased = new Promise((resolve) => {
  releaseProbe = resolve;
});
class HeldBackWebSocket extends NodeWebSocket {
  doOpen() {
    probeReleased.then(() => super.doOpen());
  }
}

const socket = io(url, { ...clientOptions, reconnection: false, transports: [NodeXHR, HeldBackWebSocket] });
const engine = socket.io.engine;
const down = [];
let sent = 0;
let upgradedAtUp = -1;
let upgradedAtDown = -1;
engine.on('upgrade', (transport) => {
  upgradedAtUp = sent;
  upgradedAtDown = down.length;
  out({ ev: 'upgrade', transport: transport.name, upSent: sent, downReceived: down.length });
});
const maybeReleaseProbe = () => {
  if (sent >= 5 && down.length >= 5) {
    releaseProbe();
  }
};
socket.on('down', (n) => {
  down.push(n);
  maybeReleaseProbe();
});
socket.on('disconnect', (reason) => fail(`disconnected: ${reason}`));
const downEnd = next(socket, 'down-end', { ms: 15000 });

await next(socket, 'connect', { failOn: ['connect_error'] });
out({ ev: 'connect', transport: engine.transport.name });

while (sent < 50 || upgradedAtUp < 0 || sent - upgradedAtUp < 10) {
  socket.emit('up', sent);
  sent += 1;
  maybeReleaseProbe();
  await sleep(1);
  if (sent > 10000) {
    fail('no upgrade after 10000 emits');
  }
}
const receivedByServer = await socket.emitWithAck('up-end', sent);
out({ ev: 'up-end', sent, receivedByServer });

const [downCount] = await downEnd;
out({ ev: 'down-end', count: downCount, received: down });
out({ ev: 'summary', upgradedAtUp, upgradedAtDown, transport: engine.transport.name });
socket.off('disconnect');
socket.disconnect();
finish();
