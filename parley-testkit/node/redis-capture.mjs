// Captures every message @socket.io/redis-adapter 8.3.0 (classic createAdapter) and @socket.io/redis-emitter
// 5.1.0 publish, as golden fixtures for Parley's wire layer (ClassicWireGoldenIT).
// Usage: node redis-capture.mjs <redis-url> <key-prefix>
// Two socket.io 4.8.1 servers A and B share Redis under the key <prefix>; a socket.io-client is connected to B
// (query, auth, socket.data set, in room "room1") so that responses carry a real handshake. A raw node-redis
// client PSUBSCRIBEs "<prefix>*" with buffers. Prints one JSON line per captured message:
// {"label", "channel", "base64"}, plus one {"label":"meta", ...} line with the uids and the client's id.
// After each step, a marker is published through every publishing client and awaited, so every message
// the step caused has been received before the next label starts (Redis keeps each connection's order).
import { createServer } from 'node:http';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { createAdapter } from '@socket.io/redis-adapter';
import { Emitter } from '@socket.io/redis-emitter';

const [url, prefix] = process.argv.slice(2);
if (!url || !prefix) {
  process.stderr.write('usage: node redis-capture.mjs <redis-url> <key-prefix>\n');
  process.exit(2);
}
const fail = (e) => { process.stderr.write(`${e && e.stack ? e.stack : e}\n`); process.exit(1); };
setTimeout(() => fail('capture still running after 30 s'), 30000).unref();
const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const markerChannel = `${prefix}~marker`;

let label = 'startup';
const seenMarkers = new Set();
const waiters = new Map();
const sub = createClient({ url });
await sub.connect();
await sub.pSubscribe(`${prefix}*`, (message, channel) => {
  const name = channel.toString();
  if (name === markerChannel) {
    const id = message.toString();
    seenMarkers.add(id);
    waiters.get(id)?.();
    return;
  }
  out({ label, channel: name, base64: message.toString('base64') });
}, true);

const pubA = createClient({ url }); const subA = pubA.duplicate();
const pubB = createClient({ url }); const subB = pubB.duplicate();
const pubE = createClient({ url });
await Promise.all([pubA, subA, pubB, subB, pubE].map((c) => c.connect()));
const publishers = [pubA, pubB, pubE];

let markerCount = 0;
/** Waits until everything published so far by every publisher has reached the raw subscriber. */
const sync = () => Promise.all(publishers.map((p) => {
  const id = `m${markerCount++}`;
  const seen = new Promise((resolve) => waiters.set(id, resolve));
  return p.publish(markerChannel, id).then(() => seen);
}));
const step = async (name, action) => {
  label = name;
  await action();
  await sync();
};

const ioA = new Server({ adapter: createAdapter(pubA, subA, { key: prefix }) });
const httpB = createServer();
const ioB = new Server(httpB, {
  adapter: createAdapter(pubB, subB, { key: prefix, publishOnSpecificResponseChannel: true }),
  connectionStateRecovery: {},
});
ioA.of('/admin');
ioB.of('/admin');
await new Promise((resolve) => httpB.listen(0, '127.0.0.1', resolve));
await sync();

ioB.on('ssemit', (...args) => {
  const cb = typeof args[args.length - 1] === 'function' ? args.pop() : null;
  if (cb) cb(args[0] === 'no-arg' ? undefined : { pong: args[0], when: new Date(1700000000123) });
});

label = 'connect';
const connected = new Promise((resolve) => ioB.on('connection', (socket) => {
  socket.data = { name: 'Zoë', level: 3 };
  socket.join('room1');
  socket.on('relay', async (done) => {
    await step('socket-broadcast', () => socket.broadcast.emit('relayed', 1));
    await step('socket-to-room', () => socket.to('r1').emit('relayed', 2));
    // with connectionStateRecovery a socket's own emit goes through the adapter, with its ack id
    await step('socket-emit-with-ack-id', () => socket.emit('welcome', 'hi', () => {}));
    done();
  });
  resolve(socket);
}));
const client = ioClient(`http://127.0.0.1:${httpB.address().port}`, {
  transports: ['websocket'], query: { q: 'search', n: '1' }, auth: { token: 'secret' },
});
client.on('ackme', (...args) => {
  const cb = args.pop();
  cb({ ok: true, echo: args[0], bin: Buffer.from([9, 8, 7]), at: new Date(86400000) });
});
client.on('welcome', (msg, cb) => cb && cb('thanks'));
const socketB = await connected;
await sync();
out({ label: 'meta', uidA: ioA.of('/').adapter.uid, uidB: ioB.of('/').adapter.uid,
  uidAdminA: ioA.of('/admin').adapter.uid, sid: socketB.id, port: httpB.address().port });

const big = 'x'.repeat(300);
await step('emit-all', () => ioA.emit('ev', 'a', 1));
await step('emit-room', () => ioA.to('r1').emit('ev', 'one room'));
await step('emit-two-rooms', () => ioA.to(['r1', 'r2']).emit('ev', 'two rooms'));
await step('emit-except', () => ioA.to('r1').except(['r3', 'r4']).emit('ev', 'except'));
await step('emit-volatile', () => ioA.volatile.emit('ev', 'volatile'));
await step('emit-compress-false', () => ioA.compress(false).emit('ev', 'no compress'));
await step('emit-flags-order', () => ioA.compress(true).volatile.except('r9').emit('ev', 'flags'));
await step('emit-local', () => ioA.local.emit('ev', 'local only'));
await step('emit-binary', () => ioA.emit('bin', Buffer.from([1, 2, 3]),
  { nested: { buf: Buffer.from([255, 0]) }, arr: [Buffer.alloc(0), new Uint8Array([4, 5])] },
  new Uint8Array([6]).buffer, Buffer.alloc(300, 7)));
await step('emit-nested', () => ioA.emit('nested', { a: { b: { c: [1, [2, [3, {}]]] } }, t: true, f: false,
  n: null, e: [], s: '' }));
await step('emit-undefined', () => ioA.emit('undef', undefined, { a: undefined, b: 1 }, [undefined, 2]));
await step('emit-date', () => ioA.emit('date', new Date(0), new Date(1700000000000), new Date(1700000000123),
  new Date(-1), new Date(-86400000 * 365 * 100), new Date(2 ** 34 * 1000 + 5), new Date(2 ** 32 * 1000)));
await step('emit-numbers', () => ioA.emit('num', 0, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32,
  2 ** 40, -(2 ** 40), 2 ** 53 - 1, -(2 ** 53 - 1), 1.5, -0.5, 0.1, -1, -32, -33, -128, -129, -32768, -32769,
  -(2 ** 31), -(2 ** 31) - 1, -0, NaN, Infinity, -Infinity, 1e300, 2 ** 64, 2 ** 70, -(2 ** 64)));
await step('emit-unicode', () => ioA.emit('str', 'héllo', '日本語', '😀', 'a'.repeat(31), 'b'.repeat(32),
  'c'.repeat(255), 'd'.repeat(256), big, 'é'.repeat(40000), '\u0000\u001f"\\/'));
await step('emit-index-keys', () => ioA.emit('keys', { b: 1, 2: 2, a: 3, 1: 4, '01': 5 }));
await step('emit-numeric-room', () => ioA.to(123).emit('ev', 'numeric room'));
await step('emit-admin', () => ioA.of('/admin').to('r1').emit('ev', 'admin'));
await step('emit-with-ack', () => ioA.timeout(2000).emitWithAck('ackme', 'q'));
let remote;
await step('fetch-sockets', async () => { [remote] = await ioA.fetchSockets(); });
await step('remote-socket-emit-with-ack', () => remote.timeout(1500).emitWithAck('ackme', 'single'));
await step('fetch-sockets-room', () => ioA.in('room1').except('x').fetchSockets());
await step('fetch-sockets-from-b', () => ioB.fetchSockets());
await step('all-rooms', () => ioA.of('/').adapter.allRooms());
await step('sockets-join', () => ioA.in('room1').socketsJoin(['r5', 'r6']));
await step('sockets-leave', () => ioA.except('x').socketsLeave('r5'));
await step('disconnect-sockets', () => ioA.in('nobody').disconnectSockets(true));
await step('server-side-emit', () => ioA.serverSideEmit('hello', 1, { a: 'b' }, [2]));
// JSON.stringify turns a Buffer into {type: 'Buffer', data: [...]} and a Date into its ISO string, for good
await step('server-side-emit-binary', () => ioA.serverSideEmit('bin', Buffer.from([1, 2]), new Date(0)));
await step('server-side-emit-ack', () => ioA.serverSideEmitWithAck('ssemit', 7));
await step('server-side-emit-ack-no-arg', () => ioA.serverSideEmitWithAck('ssemit', 'no-arg'));
await new Promise((resolve, reject) => {
  label = 'relay';
  client.timeout(5000).emit('relay', (err) => (err ? reject(err) : resolve()));
});
await sync();

const emitter = new Emitter(pubE, { key: prefix });
await step('emitter-emit', () => emitter.emit('ev', 'from emitter', Buffer.from([1]), new Date(1000)));
await step('emitter-room', () => emitter.to('r1').emit('ev', 'room'));
await step('emitter-two-rooms-except', () => emitter.to('r1').to('r2').except('r3').emit('ev', 'rooms'));
await step('emitter-volatile-compress', () => emitter.volatile.compress(false).emit('ev', 'flags'));
await step('emitter-admin', () => emitter.of('admin').emit('ev', 'admin'));
await step('emitter-sockets-join', () => emitter.in('room1').socketsJoin('r7'));
await step('emitter-sockets-leave', () => emitter.except('x').socketsLeave(['r7']));
await step('emitter-disconnect', () => emitter.in('nobody').disconnectSockets());
await step('emitter-server-side-emit', () => emitter.serverSideEmit('hello', { from: 'emitter' }));

label = 'shutdown';
client.close();
ioB.close(); // ioA has no engine to close (no HTTP server)
await Promise.all([sub, pubA, subA, pubB, subB, pubE].map((c) => c.quit().catch(() => {})));
process.exit(0);
