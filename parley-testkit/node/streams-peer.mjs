// A Node.js member of a Socket.IO cluster over Redis streams, driven line by line by a Java test: a socket.io
// 4.8 server with the official @socket.io/redis-streams-adapter 0.3.1 and connection state recovery, and
// official socket.io-client clients that can drop their connection and come back on another server (as
// when a load balancer sends a reconnecting client elsewhere): `drop` closes the client's transport with
// reconnection off, `resume` points its Manager at another URL and reconnects, keeping its private id and
// last offset, which is what the client sends to recover.
// Commands arrive on stdin as JSON lines {id, op, ...}; each gets one reply {id, ...} on stdout. Clients'
// events are printed as {ev: 'client-event', name, event, args} (args include the offset, last).
// Environment: REDIS_URL, STREAM (streamName), KEY (channelPrefix), SESSION_PREFIX (sessionKeyPrefix), MAX_LEN,
// WINDOW_MS (maxDisconnectionDuration), STREAM_COUNT (streamCount, default 1), NAMESPACES (comma-separated, default
// "/": each gets the handlers below; commands take an optional nsp). REDIS_CLUSTER=redis://h:p1,redis://h:p2 makes
// the Redis client a node-redis cluster client (createCluster with these root nodes) instead of a client of REDIS_URL.
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient, createCluster } from 'redis';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const STREAM = process.env.STREAM || 'socket.io';
const KEY = process.env.KEY || 'socket.io';
const MAX_LEN = Number(process.env.MAX_LEN || 10000);
const SESSION_PREFIX = process.env.SESSION_PREFIX || 'sio:session:';
const WINDOW_MS = Number(process.env.WINDOW_MS || 120000);
const STREAM_COUNT = Number(process.env.STREAM_COUNT || 1);
const NAMESPACES = (process.env.NAMESPACES || '/').split(',');
const REDIS_CLUSTER = process.env.REDIS_CLUSTER ? process.env.REDIS_CLUSTER.split(',') : null;

const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
let io;
let httpServer;
let redis;
const clients = new Map();

const ops = {
  async server() {
    redis = REDIS_CLUSTER
      ? createCluster({ rootNodes: REDIS_CLUSTER.map((url) => ({ url })) })
      : createClient({ url: REDIS_URL });
    redis.on('error', () => {});
    await redis.connect();
    httpServer = createServer();
    io = new Server(httpServer, {
      adapter: createAdapter(redis, {
        streamName: STREAM, streamCount: STREAM_COUNT, channelPrefix: KEY, maxLen: MAX_LEN, sessionKeyPrefix: SESSION_PREFIX,
      }),
      connectionStateRecovery: { maxDisconnectionDuration: WINDOW_MS, skipMiddlewares: true },
    });
    for (const nsp of NAMESPACES) {
      io.of(nsp).on('connection', (socket) => {
        if (!socket.recovered) socket.data = { server: 'node', name: socket.handshake.auth?.name ?? 'anonymous' };
        socket.on('join', (room, cb) => { socket.join(room); cb?.('joined'); });
        socket.on('my-state', (cb) => cb({ id: socket.id, rooms: [...socket.rooms].sort(), data: socket.data }));
      });
    }
    await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    return { port: httpServer.address().port };
  },
  async client(c) {
    const socket = connect(c.url + (c.nsp && c.nsp !== '/' ? c.nsp : ''), {
      auth: { name: c.name }, transports: ['websocket'], forceNew: true,
      reconnectionDelay: 50, reconnectionDelayMax: 100,
    });
    socket.onAny((event, ...args) => out({ ev: 'client-event', name: c.name, event, args }));
    socket.on('disconnect', (reason) => out({ ev: 'client-disconnect', name: c.name, reason }));
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    clients.set(c.name, socket);
    for (const room of c.rooms || []) await socket.timeout(5000).emitWithAck('join', room);
    return { sid: socket.id };
  },
  async state(c) {
    const socket = clients.get(c.name);
    return { state: await socket.timeout(5000).emitWithAck('my-state') };
  },
  async drop(c) {
    const socket = clients.get(c.name);
    socket.io.reconnection(false);
    const gone = new Promise((resolve) => socket.once('disconnect', resolve));
    socket.io.engine.close();
    const reason = await gone;
    return { reason, pid: socket._pid, offset: socket._lastOffset };
  },
  async resume(c) {
    const socket = clients.get(c.name);
    socket.io.uri = c.url;
    socket.io.reconnection(true);
    const back = new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    socket.connect();
    await back;
    return { sid: socket.id, recovered: socket.recovered };
  },
  async emit(c) {
    let op = io.of(c.nsp || '/');
    for (const r of c.rooms || []) op = op.to(r);
    op.emit(c.event, ...(c.args || []));
    return {};
  },
  async emitToClient(c) {
    io.of('/').sockets.get(c.sid)?.emit(c.event, ...(c.args || []));
    return {};
  },
  async closeClient(c) {
    clients.get(c.name)?.disconnect();
    clients.delete(c.name);
    return {};
  },
};

const rl = createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const c = JSON.parse(line);
  try {
    out({ id: c.id, ...(await ops[c.op](c)) });
  } catch (e) {
    out({ id: c.id, failed: String(e?.stack || e) });
  }
});
rl.on('close', async () => {
  for (const s of clients.values()) s.disconnect();
  io?.close();
  await redis?.quit().catch(() => {});
  process.exit(0);
});
out({ ready: true });
