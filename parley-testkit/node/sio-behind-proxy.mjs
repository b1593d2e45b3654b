// The official socket.io-client through a reverse proxy (docs/deploy/parley.conf) in front of two Parley echo
// nodes (--app echo, a cluster over Redis), with sticky sessions by the proxy's node cookie. Every client keeps
// cookies as a browser does (withCredentials: engine.io-client's cookie jar in Node).
// Clients, connected one after another: polling only, WebSocket only and polling-then-upgrade, two of each
// kind at least, and two that connect from another local address with a spoofed X-Forwarded-For. Each one
// gets "message-back" for its "message", an ack, the address Parley saw ("address"), joins a room; then one
// broadcast reaches them all, and the polling ones keep polling for a while (several heartbeats).
// Usage: node sio-behind-proxy.mjs <url> <other-local-address> <spoofed-address> <soak-ms>
// Prints one {"ev":"client",...} line per client, then {"ev":"done"}.
import http from 'node:http';
import https from 'node:https';
import { NodeWebSocket, NodeXHR } from 'engine.io-client';
import { io } from 'socket.io-client';
import { deadline, fail, finish, next, out, sleep } from './sio-common.mjs';

const [url, otherLocalAddress, spoofedAddress, soakMs] = process.argv.slice(2);
deadline(40000);
const ROOM = 'behind-the-proxy';

/** The node a Set-Cookie header (one value or several) pins the client to, if any. */
const nodeOf = (setCookie) => {
  for (const value of [setCookie ?? []].flat()) {
    const match = /^parley_node=([^;]*)/.exec(value);
    if (match) {
      return match[1];
    }
  }
  return undefined;
};

/** The Node WebSocket transport, noting the node cookie of the 101 response (no cookie jar reads it). */
class CookieSeeingWebSocket extends NodeWebSocket {
  createSocket(uri, protocols, opts) {
    const ws = super.createSocket(uri, protocols, opts);
    ws.on('upgrade', (response) => {
      this.socket.webSocketNode = nodeOf(response.headers['set-cookie']);
    });
    return ws;
  }
}

const KINDS = {
  polling: [NodeXHR],
  websocket: [CookieSeeingWebSocket],
  upgrade: [NodeXHR, CookieSeeingWebSocket],
};

const specs = [
  { name: 'polling-1', kind: 'polling' },
  { name: 'polling-2', kind: 'polling' },
  { name: 'polling-3', kind: 'polling' },
  { name: 'polling-4', kind: 'polling' },
  { name: 'websocket-1', kind: 'websocket' },
  { name: 'websocket-2', kind: 'websocket' },
  { name: 'upgrade-1', kind: 'upgrade' },
  { name: 'upgrade-2', kind: 'upgrade' },
  { name: 'spoofing-polling', kind: 'polling', spoof: true },
  { name: 'spoofing-websocket', kind: 'websocket', spoof: true },
];

const connect = async (spec) => {
  const options = { transports: KINDS[spec.kind], withCredentials: true, reconnection: false };
  if (spec.spoof) {
    const Agent = url.startsWith('https:') ? https.Agent : http.Agent;
    options.agent = new Agent({ localAddress: otherLocalAddress });
    options.extraHeaders = { 'X-Forwarded-For': spoofedAddress };
  }
  const socket = io(url, options);
  const engine = socket.io.engine;
  const client = { spec, socket, upgraded: false };
  engine.on('upgrade', () => {
    client.upgraded = true;
  });
  socket.on('disconnect', (reason) => fail(`${spec.name} disconnected: ${reason}`));
  await next(socket, 'connect', { failOn: ['connect_error'] });
  client.pollingNode = pollingNode(client);
  return client;
};

const pollingNode = (client) => {
  for (const [name, cookie] of client.socket.io.engine._cookieJar?.cookies ?? []) {
    if (name === 'parley_node') {
      return cookie.value;
    }
  }
  return undefined;
};

const exercise = async (client) => {
  const { socket, spec } = client;
  const engine = socket.io.engine;
  if (spec.kind === 'upgrade' && engine.transport.name !== 'websocket') {
    await next(engine, 'upgrade', { ms: 10000 });
  }
  const back = next(socket, 'message-back');
  socket.emit('message', spec.name, 42);
  const [echoed, number] = await back;
  const acked = await socket.timeout(5000).emitWithAck('message-with-ack', spec.name);
  const address = await socket.timeout(5000).emitWithAck('address');
  const joined = await socket.timeout(5000).emitWithAck('join', ROOM);
  Object.assign(client, { echo: echoed === spec.name && number === 42, acked: acked === spec.name, address, joined });
};

const clients = [];
for (const spec of specs) {
  // One after another: the proxy's round robin then alternates the new clients between the nodes.
  clients.push(await connect(spec));
}
await Promise.all(clients.map(exercise));

const news = clients.map((client) => next(client.socket, 'news'));
clients[0].socket.emit('broadcast', ROOM, `hello from ${clients[0].spec.name}`);
const received = await Promise.all(news);

// The polling clients keep going, one ack every 50 ms, across several heartbeats (each a poll cycle through
// the proxy): a request sent to the wrong node would end the session with 400 "Session ID unknown".
const soakUntil = Date.now() + Number(soakMs);
await Promise.all(clients.filter((c) => c.spec.kind === 'polling').map(async (client) => {
  client.soakAcks = 0;
  while (Date.now() < soakUntil) {
    const n = await client.socket.timeout(5000).emitWithAck('message-with-ack', client.soakAcks);
    if (n !== client.soakAcks) {
      fail(`${client.spec.name}: ack ${n} for ${client.soakAcks}`);
    }
    client.soakAcks += 1;
    await sleep(50);
  }
}));

clients.forEach((client, i) => {
  const { socket, spec } = client;
  out({
    ev: 'client',
    name: spec.name,
    kind: spec.kind,
    transport: socket.io.engine.transport.name,
    upgraded: client.upgraded,
    sid: socket.io.engine.id,
    pollingNode: client.pollingNode ?? null,
    pollingNodeAtEnd: pollingNode(client) ?? null,
    webSocketNode: socket.io.engine.webSocketNode ?? null,
    echo: client.echo,
    acked: client.acked,
    address: client.address,
    joined: client.joined,
    news: received[i],
    soakAcks: client.soakAcks ?? 0,
  });
});
clients.forEach(({ socket }) => {
  socket.off('disconnect');
  socket.disconnect();
});
finish();
