// N official socket.io clients over WebSocket only, holding their connections for a while: prints how many
// were dropped, by reason (a drop before the namespace connected is reported as "before connect: ...");
// "ping timeout" on the client means the server's ping came late (or this process read it late); "transport
// close" means the server closed it, e.g. its own ping timeout. No reconnection, so a drop stays counted.
// Each drop is also listed (drops: its Engine.IO sid, the client's reason, ms since the first client started
// to connect; holdFromMs: when the last one had settled), so that heartbeat-fairness.sh can look up the
// server's own reason for it in the server's log.
// Also printed: this process's own event-loop lag (clientLagMaxMs, clientLagOver100) and CPU seconds (clientCpuS):
// with the lag over pingTimeout the clients themselves answer late, whatever the server.
// Usage: node heartbeat-clients.mjs <url> <clients> <holdSeconds>
// socket.io-client comes from the test kit's node_modules (parley-testkit/node: npm ci there once).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../parley-testkit/node/package.json'));
const { io } = require('socket.io-client');

const [url, clientsArg, holdArg] = process.argv.slice(2);
const clients = Number(clientsArg ?? 200);
const holdMs = Number(holdArg ?? 10) * 1000;
// HEARTBEAT_BATCH=200 opens every client at once (the storm); the default 20 keeps the client process fed.
const batch = Number(process.env.HEARTBEAT_BATCH ?? 20);
const reasons = {};
const drops = [];
const t0 = Date.now();
let connected = 0;
let failedToConnect = 0;
const sockets = [];
// The client process's own event-loop lag: a ping answered late because THIS process was starved (it is one
// Node loop for every client) is not the server's fault. Sampled every 50 ms; reported as the worst lag and how
// many samples were over 100 ms, so a run where the clients themselves stalled can be told apart.
const lag = { maxMs: 0, over100: 0 };
let lagExpected = Date.now() + 50;
const lagTimer = setInterval(() => {
  const late = Date.now() - lagExpected;
  lag.maxMs = Math.max(lag.maxMs, late);
  if (late > 100) lag.over100++;
  lagExpected = Date.now() + 50;
}, 50);

function drop(reason, sid) {
  reasons[reason] = (reasons[reason] ?? 0) + 1;
  drops.push({ sid: sid ?? null, reason, atMs: Date.now() - t0 });
}

// Clients connect in batches (20 by default), each batch once the previous one settled, so that the client process
// itself (one Node event loop for all of them) keeps up. Every client settles once: connected, refused, or
// closed before its namespace answered (a socket.io client then emits neither); whatever has not settled
// 30 s after its batch started counts as not connected.
function connectOne() {
  return new Promise((resolve) => {
    const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: 20000 });
    sockets.push(socket);
    let done = false;
    const settle = (ok) => {
      if (done) return;
      done = true;
      if (ok) connected++; else failedToConnect++;
      resolve();
    };
    setTimeout(() => settle(false), 30000);
    socket.once('connect', () => { socket.everConnected = true; settle(true); });
    socket.once('connect_error', () => settle(false));
    socket.io.once('close', () => settle(false));
    // A socket.io client emits "disconnect" even when its namespace never connected: count those apart.
    socket.on('disconnect', (reason) => drop(socket.everConnected ? reason : `before connect: ${reason}`, socket.sid));
    // The Engine.IO sid, kept from the open: the server logs its closes by it.
    socket.io.on('open', () => { socket.sid = socket.io.engine.id; });
  });
}
for (let i = 0; i < clients; i += batch) {
  await Promise.all(Array.from({ length: Math.min(batch, clients - i) }, connectOne));
}
const start = Date.now();
// Some traffic, as the suites have: every client echoes a small event every second.
const traffic = setInterval(() => sockets.forEach((s) => s.connected && s.emit('message', 'hi')), 1000);
await new Promise((r) => setTimeout(r, holdMs));
clearInterval(traffic);
clearInterval(lagTimer);
const alive = sockets.filter((s) => s.connected).length;
const dropped = Object.values(reasons).reduce((a, b) => a + b, 0);
console.log(JSON.stringify({ clients, connected, failedToConnect, alive, dropped, reasons,
  heldMs: Date.now() - start, holdFromMs: start - t0, drops, clientLagMaxMs: lag.maxMs, clientLagOver100: lag.over100,
  clientCpuS: Number(((process.cpuUsage().user + process.cpuUsage().system) / 1e6).toFixed(1)) }));
sockets.forEach((s) => s.disconnect());
process.exit(0);
