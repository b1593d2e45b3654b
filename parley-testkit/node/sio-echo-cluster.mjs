// Official socket.io-client clients against two echo servers of one cluster (Parley's `--app echo` and the
// Node benchmark peer, both on @socket.io/redis-adapter's classic protocol and the same key): on each server
// and namespace (`/`, `/custom`) a subscriber joins room `r` (`join (room, ack)`) and a publisher stays out of
// it; then each publisher sends `broadcast (r, "<nsp>@<server>")`, which the echo contract turns into
// `news (payload)` to the room of that namespace on every server. Prints one JSON line per client,
// {role, server, nsp, joinAck, news: [payloads in arrival order]}, and exits 0; the Java test judges them.
// Usage: node sio-echo-cluster.mjs <node server URL> <parley server URL>
import { io } from 'socket.io-client';

const servers = { node: process.argv[2], parley: process.argv[3] };
const NAMESPACES = ['/', '/custom'];
const ROOM = 'r';
const TIMEOUT_MS = 10000;
// After the last expected delivery: time for one that should not come (a duplicate, another namespace's,
// one to a socket outside the room) to arrive through Redis as the others did.
const STRAY_MS = 500;

const connect = (server, nsp) => new Promise((resolve, reject) => {
  const base = servers[server].replace(/\/+$/, '');
  const socket = io(nsp === '/' ? base : base + nsp, { transports: ['websocket'], reconnection: false, forceNew: true });
  socket.once('connect', () => resolve(socket));
  socket.once('connect_error', reject);
});

const clients = [];
for (const server of Object.keys(servers)) {
  for (const nsp of NAMESPACES) {
    for (const role of ['subscriber', 'publisher']) {
      const socket = await connect(server, nsp);
      const client = { role, server, nsp, joinAck: null, news: [], socket };
      socket.on('news', (payload) => client.news.push(payload));
      if (role === 'subscriber') client.joinAck = await socket.timeout(TIMEOUT_MS).emitWithAck('join', ROOM);
      clients.push(client);
    }
  }
}

// Every subscriber expects the broadcasts of its own namespace, one from each server.
const expected = Object.keys(servers).length;
for (const c of clients.filter((x) => x.role === 'publisher')) c.socket.emit('broadcast', ROOM, `${c.nsp}@${c.server}`);
const deadline = Date.now() + TIMEOUT_MS;
while (clients.some((c) => c.role === 'subscriber' && c.news.length < expected) && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
await new Promise((resolve) => setTimeout(resolve, STRAY_MS));

for (const { socket, ...c } of clients) {
  console.log(JSON.stringify(c));
  socket.disconnect();
}
process.exit(0);
