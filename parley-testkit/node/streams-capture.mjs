// Captures what @socket.io/redis-streams-adapter 0.3.1 writes to Redis, as golden fixtures for Parley's wire
// layer (StreamEntriesTest, StreamsWireGoldenIT): the stream entries (read back with XRANGE, fields in
// order), the pub/sub payloads of ephemeral messages (its publishing client's publish is wrapped so that the
// bytes handed to Redis are printed; nothing else is changed) and a dropped socket's session record.
// Usage: node streams-capture.mjs <redis-url> <stream> <channel-prefix> <session-prefix>
// One socket.io 4.8.1 server with connection state recovery and one socket.io-client in rooms "room1" and
// "r2" (socket.data = {name: "capture", n: 1}). One JSON line per capture: {"kind": "entry", "label", "id",
// "fields"}, {"kind": "publish", "label", "channel", "base64"}, {"kind": "session", "key", "value"}.
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { createAdapter } from '@socket.io/redis-streams-adapter';

const [url, stream, prefix, sessionPrefix] = process.argv.slice(2);
if (!url || !stream || !prefix || !sessionPrefix) {
  process.stderr.write('usage: node streams-capture.mjs <redis-url> <stream> <channel-prefix> <session-prefix>\n');
  process.exit(2);
}
const fail = (e) => { process.stderr.write(`${e && e.stack ? e.stack : e}\n`); process.exit(1); };
setTimeout(() => fail('capture still running after 30 s'), 30000).unref();
const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

let label = 'startup';
const redis = createClient({ url });
await redis.connect();
const original = redis.publish.bind(redis);
redis.publish = (channel, payload) => {
  out({ kind: 'publish', label, channel, base64: Buffer.from(payload).toString('base64') });
  return original(channel, payload);
};
const httpServer = createServer();
const io = new Server(httpServer, {
  adapter: createAdapter(redis, { streamName: stream, channelPrefix: prefix, sessionKeyPrefix: sessionPrefix }),
  connectionStateRecovery: { maxDisconnectionDuration: 60000 },
});
io.on('connection', (socket) => {
  socket.data = { name: 'capture', n: 1 };
  socket.join(['room1', 'r2']);
});
await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
const client = ioClient(`http://127.0.0.1:${httpServer.address().port}`, { transports: ['websocket'], reconnection: false });
await new Promise((resolve) => client.once('connect', resolve));
await new Promise((resolve) => setTimeout(resolve, 100)); // the server's connection handler joined the rooms

const step = async (name, action) => {
  label = name;
  const before = await redis.xLen(stream);
  await action();
  for (let i = 0; i < 100 && (await redis.xLen(stream)) === before && !name.startsWith('ephemeral'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
await step('broadcast', () => io.emit('hello', 'world', 1, { a: [true, null] }));
await step('broadcast-rooms', () => io.to('room1').except('r3').emit('ev', 2.5, 'été'));
await step('broadcast-binary', () => io.to('room1').emit('bin', Buffer.from([1, 2, 3]), { nested: Buffer.from('xyz') }));
await step('broadcast-volatile', () => io.volatile.emit('vol', 1));
await step('socket-emit', () => io.sockets.sockets.get(client.id).emit('direct', 'to-you'));
await step('sockets-join', () => io.in('room1').socketsJoin(['x', 'y']));
await step('sockets-leave', () => io.in('room1').socketsLeave('x'));
await step('disconnect-sockets', () => io.in('nobody').disconnectSockets(true));
await step('ephemeral-server-side-emit', () => io.serverSideEmit('ping', 1, 'two'));
await step('ephemeral-broadcast-ack', () => new Promise((resolve) => io.timeout(200).emit('ask', 1, () => resolve())));

const entries = await redis.xRange(stream, '-', '+');
for (const e of entries) out({ kind: 'entry', id: e.id, fields: e.message });

// A dropped socket: its session record.
label = 'session';
client.io.engine.close();
for (let i = 0; i < 200; i++) {
  const keys = await redis.keys(`${sessionPrefix}*`);
  if (keys.length > 0) {
    out({ kind: 'session', key: keys[0], value: await redis.get(keys[0]) });
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
}
io.close();
await redis.del(stream);
await redis.quit();
process.exit(0);
