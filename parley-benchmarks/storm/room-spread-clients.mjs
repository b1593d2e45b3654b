// Rooms spread over two servers of a cluster, for room-spread.sh: ROOMS rooms, each with SUBS subscribers all
// on one server (the first PERCENT_A% of the rooms on server A, the rest on B); one publisher on each server
// broadcasts to every room RATE times a second. Over the window, the bytes each server's Redis connections
// received are read from the kernel (`ss -tinp`: tcp_info bytes_received of every established connection of
// that pid to the Redis port), so nothing in the servers is trusted or needed.
// Prints one JSON line: per server its rooms and Redis bytes read, and the deliveries expected and received.
// Usage: node room-spread-clients.mjs LABEL URL_A PID_A URL_B PID_B REDIS_PORT ROOMS SUBS PERCENT_A RATE
//        WARMUP_S DURATION_S PAYLOAD_BYTES
import { execFileSync } from 'node:child_process';
import { io } from 'socket.io-client';

const [label, urlA, pidA, urlB, pidB, redisPort, ...numbers] = process.argv.slice(2);
const [rooms, subs, percentA, rate, warmupS, durationS, payloadBytes] = numbers.map(Number);
const roomsA = Math.round((rooms * percentA) / 100);
const payload = 'x'.repeat(payloadBytes);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const connect = (url) => new Promise((resolve, reject) => {
  const socket = io(url, { transports: ['websocket'], reconnection: false });
  socket.once('connect', () => resolve(socket));
  socket.once('connect_error', reject);
});

// Sums bytes_received per pid over the established connections to the Redis port.
function redisBytesRead() {
  const text = execFileSync('ss', ['-tinpH', 'state', 'established', `( dport = :${redisPort} )`], { encoding: 'utf8' });
  const bytes = new Map();
  let pid = null;
  for (const line of text.split('\n')) {
    const owner = line.match(/pid=(\d+)/);
    if (owner) pid = owner[1];
    const read = line.match(/bytes_received:(\d+)/);
    if (read && pid) bytes.set(pid, (bytes.get(pid) ?? 0) + Number(read[1]));
  }
  return bytes;
}

let received = 0;
const sockets = [];
for (let r = 0; r < rooms; r++) {
  const url = r < roomsA ? urlA : urlB;
  for (let s = 0; s < subs; s++) {
    const socket = await connect(url);
    socket.on('news', () => received++);
    await socket.emitWithAck('join', `room-${r}`);
    sockets.push(socket);
  }
}
const publishers = [await connect(urlA), await connect(urlB)];
sockets.push(...publishers);

let sent = 0;
const tick = setInterval(() => {
  for (const publisher of publishers) {
    for (let r = 0; r < rooms; r++) publisher.emit('broadcast', `room-${r}`, payload);
    sent += rooms;
  }
}, 1000 / rate);
await sleep(warmupS * 1000);
const before = redisBytesRead();
const sentBefore = sent;
await sleep(durationS * 1000);
const after = redisBytesRead();
const broadcasts = sent - sentBefore;
clearInterval(tick);
await sleep(2000); // the last broadcasts' deliveries
const read = (pid) => (after.get(pid) ?? 0) - (before.get(pid) ?? 0);
const result = {
  label, rooms, subscribersPerRoom: subs, broadcastsPerSecond: (broadcasts / durationS), payloadBytes,
  a: { rooms: roomsA, redisBytesRead: read(pidA) },
  b: { rooms: rooms - roomsA, redisBytesRead: read(pidB) },
  deliveriesExpected: sent * subs, deliveriesReceived: received,
};
result.a.bytesPerBroadcast = result.a.redisBytesRead / broadcasts;
result.b.bytesPerBroadcast = result.b.redisBytesRead / broadcasts;
console.log(JSON.stringify(result));
for (const socket of sockets) socket.close();
process.exit(0);
