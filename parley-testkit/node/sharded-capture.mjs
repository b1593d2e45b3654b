// Captures every message @socket.io/redis-adapter 8.3.0's createShardedAdapter (socket.io-adapter 2.5.x's
// ClusterAdapter model) publishes, as golden fixtures for Parley's wire layer (ShardedWireGoldenIT).
// Usage: node sharded-capture.mjs <redis-url> <channel-prefix>
// Two socket.io 4.8.1 servers A and B, subscriptionMode "dynamic", share one Redis 7 (sharded pub/sub works on
// a single server too). Each server's publishing client has its sPublish wrapped so that every (channel,
// payload) it hands to Redis is printed, exactly the bytes Redis receives; nothing else is changed.
// A socket.io-client is connected to B (query, auth, socket.data, in rooms "room1" and "r1") so that responses
// carry a real handshake. One JSON line per captured message: {"label", "from", "channel", "base64"}, plus
// one {"label":"meta", ...} line with the uids and the client's id. Each step waits for its own replies.
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { createShardedAdapter } from '@socket.io/redis-adapter';

const [url, prefix] = process.argv.slice(2);
if (!url || !prefix) {
  process.stderr.write('usage: node sharded-capture.mjs <redis-url> <channel-prefix>\n');
  process.exit(2);
}
const fail = (e) => { process.stderr.write(`${e && e.stack ? e.stack : e}\n`); process.exit(1); };
setTimeout(() => fail('capture still running after 30 s'), 30000).unref();
const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

let label = 'startup';
const recording = (client, from) => {
  const original = client.sPublish.bind(client);
  client.sPublish = (channel, payload) => {
    const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
    out({ label, from, channel, base64: bytes.toString('base64') });
    return original(channel, payload);
  };
  return client;
};

const pubA = recording(createClient({ url }), 'A'); const subA = createClient({ url });
const pubB = recording(createClient({ url }), 'B'); const subB = createClient({ url });
await Promise.all([pubA, subA, pubB, subB].map((c) => c.connect()));

const ioA = new Server({ adapter: createShardedAdapter(pubA, subA, { channelPrefix: prefix }) });
const httpB = createServer();
const ioB = new Server(httpB, { adapter: createShardedAdapter(pubB, subB, { channelPrefix: prefix }) });
ioA.of('/admin');
ioB.of('/admin');
await new Promise((resolve) => httpB.listen(0, '127.0.0.1', resolve));

ioB.on('ssemit', (...args) => {
  const cb = typeof args[args.length - 1] === 'function' ? args.pop() : null;
  if (cb) cb(args[0] === 'bin' ? { bin: Buffer.from([1, 2]) } : { pong: args[0] });
});
const heard = [];
ioB.on('hello', (...args) => heard.push(args));

label = 'connect';
const connected = new Promise((resolve) => ioB.on('connection', (socket) => {
  socket.data = { name: 'Zoë', level: 3 };
  socket.join(['room1', 'r1']);
  resolve(socket);
}));
const client = ioClient(`http://127.0.0.1:${httpB.address().port}`, {
  transports: ['websocket'], query: { q: 'search' }, auth: { token: 'secret' },
});
const got = [];
client.onAny((...args) => {
  const cb = typeof args[args.length - 1] === 'function' ? args.pop() : null;
  got.push(args);
  if (cb) cb(args[0] === 'bin' ? Buffer.from([9]) : { ok: true, echo: args[1] });
});
const socketB = await connected;
// B's subscriptions (namespace, own, room1, r1) must be confirmed before A publishes to them
await new Promise((resolve) => setTimeout(resolve, 300));
out({ label: 'meta', uidA: ioA.of('/').adapter.uid, uidB: ioB.of('/').adapter.uid,
  uidAdminA: ioA.of('/admin').adapter.uid, sid: socketB.id });

const until = async (check) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!check()) fail(`step ${label} did not complete`);
};
const step = async (name, action, done = () => true) => {
  label = name;
  await action();
  await until(done);
};
const seen = (n) => () => got.length >= n;

await step('emit-all', () => ioA.emit('ev', 'a', 1), seen(1));
await step('emit-room', () => ioA.to('r1').emit('ev', 'one room'), seen(2));
await step('emit-socket-room', () => ioA.to(socketB.id).emit('ev', 'private'), seen(3));
await step('emit-two-rooms', () => ioA.to(['r1', 'r2']).emit('ev', 'two rooms'), seen(4));
await step('emit-except', () => ioA.to('r1').except(['r3', 'r4']).emit('ev', 'except'), seen(5));
await step('emit-volatile', () => ioA.volatile.emit('ev', 'volatile'), seen(6));
await step('emit-compress-false', () => ioA.compress(false).emit('ev', 'no compress'), seen(7));
await step('emit-binary', () => ioA.emit('bin', Buffer.from([1, 2, 3]), { nested: { buf: Buffer.from([255, 0]) } }),
  seen(8));
await step('emit-date', () => ioA.emit('date', new Date(1700000000123)), seen(9));
await step('emit-admin', () => ioA.of('/admin').emit('ev', 'admin'));
await step('emit-with-ack', () => ioA.timeout(2000).emitWithAck('ackme', 'q'));
await step('emit-with-ack-binary', () => ioA.timeout(2000).emitWithAck('bin', 'q'));
await step('fetch-sockets', () => ioA.fetchSockets());
await step('fetch-sockets-room', () => ioA.in('room1').except('x').fetchSockets());
await step('sockets-join', () => ioA.in('room1').socketsJoin(['r5', 'r6']), () => socketB.rooms.has('r6'));
await step('sockets-leave', () => ioA.except('x').socketsLeave('r5'), () => !socketB.rooms.has('r5'));
await step('disconnect-sockets', () => ioA.in('nobody').disconnectSockets(true));
await step('server-side-emit', () => ioA.serverSideEmit('hello', 1, { a: 'b' }, [2]), () => heard.length === 1);
await step('server-side-emit-binary', () => ioA.serverSideEmit('hello', Buffer.from([1, 2])), () => heard.length === 2);
await step('server-side-emit-ack', () => ioA.serverSideEmitWithAck('ssemit', 7));
await step('server-side-emit-ack-binary', () => ioA.serverSideEmitWithAck('ssemit', 'bin'));

label = 'shutdown';
client.close();
ioB.close();
await Promise.all([pubA, subA, pubB, subB].map((c) => c.quit().catch(() => {})));
process.exit(0);
