// A Node.js member of a Socket.IO cluster over Redis, driven line by line by a Java test: a socket.io 4.8
// server with the official @socket.io/redis-adapter (classic createAdapter), official socket.io-client
// clients connected to any server of the cluster, and the official @socket.io/redis-emitter.
// Commands arrive on stdin as JSON lines {id, op, ...}; each gets one reply {id, ...} on stdout. Events the
// clients and the server see are printed as they happen: {ev: 'client-event', name, event, args},
// {ev: 'server-side', event, args}, {ev: 'client-disconnect', name, reason}. Binary values travel as
// {"$bin": base64} both ways.
// REDIS_CLUSTER=redis://h:p1,redis://h:p2 makes every Redis client a node-redis cluster client (createCluster with
// these root nodes) instead of a client of REDIS_URL: the adapter then counts servers over the masters.
// ADAPTER=sharded uses createShardedAdapter (Redis 7 sharded pub/sub) with channelPrefix KEY and
// subscriptionMode SUBSCRIPTION_MODE (default "dynamic") instead of the classic createAdapter.
// ADAPTER=streams uses @socket.io/redis-streams-adapter's createAdapter with streamName and channelPrefix KEY and
// streamCount STREAM_COUNT (default 1).
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { Emitter } from '@socket.io/redis-emitter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { createClient, createCluster } from 'redis';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const REDIS_CLUSTER = process.env.REDIS_CLUSTER ? process.env.REDIS_CLUSTER.split(',') : null;
const KEY = process.env.KEY || 'socket.io';
const REQUESTS_TIMEOUT = Number(process.env.REQUESTS_TIMEOUT || 2000);
const ADAPTER = process.env.ADAPTER || 'classic';
const SUBSCRIPTION_MODE = process.env.SUBSCRIPTION_MODE || 'dynamic';

const out = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
// node-redis 5.10's cluster destroys a shard's pub/sub client once its last sharded channel is unsubscribed; two
// SUNSUBSCRIBEs on one shard at once both destroy it and the second throws ClientClosedError, in a promise the
// sharded adapter does not await (delete-room). Logged instead of ending the process: the next SSUBSCRIBE on
// that shard opens a new client, so the cluster goes on as it does in a real Node deployment that logs these.
process.on('unhandledRejection', (err) => process.stderr.write(`unhandled rejection: ${err?.stack || err}\n`));

const toWire = (v) => {
  if (Buffer.isBuffer(v)) return { $bin: v.toString('base64') };
  if (v instanceof ArrayBuffer) return { $bin: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return v.map(toWire);
  if (v instanceof Date) return { $date: v.getTime() };
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toWire(x)]));
  return v;
};
const fromWire = (v) => {
  if (Array.isArray(v)) return v.map(fromWire);
  if (v && typeof v === 'object') {
    if (typeof v.$bin === 'string') return Buffer.from(v.$bin, 'base64');
    if (typeof v.$date === 'number') return new Date(v.$date);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromWire(x)]));
  }
  return v;
};

let io;
let httpServer;
const redisClients = [];
const clients = new Map();
let emitter;

const redisClient = async () => {
  const client = REDIS_CLUSTER
    ? createCluster({ rootNodes: REDIS_CLUSTER.map((url) => ({ url })) })
    : createClient({ url: REDIS_URL });
  client.on('error', () => {}); // outages are part of some tests
  await client.connect();
  redisClients.push(client);
  return client;
};

const selection = (target, c) => {
  let op = target;
  for (const r of c.rooms || []) op = op.to(r);
  for (const r of c.except || []) op = op.except(r);
  if (c.volatile) op = op.volatile;
  if (c.local) op = op.local;
  if (c.compress === false) op = op.compress(false);
  if (c.timeout) op = op.timeout(c.timeout);
  return op;
};

const setUpNamespace = (nsp) => {
  nsp.on('connection', (socket) => {
    socket.data = { server: 'node', name: socket.handshake.auth?.name ?? null };
    socket.on('join', (room, cb) => { socket.join(room); cb?.('joined'); });
    socket.on('leave', (room, cb) => { socket.leave(room); cb?.('left'); });
  });
  nsp.on('hello', (...args) => {
    const cb = typeof args[args.length - 1] === 'function' ? args.pop() : null;
    out({ ev: 'server-side', nsp: nsp.name, event: 'hello', args: toWire(args) });
    cb?.(`node:${args[0]}`);
  });
};

const ops = {
  async server(c) {
    const pub = await redisClient();
    const sub = await redisClient();
    httpServer = createServer();
    const adapter = ADAPTER === 'streams'
      ? createStreamsAdapter(pub, { streamName: KEY, channelPrefix: KEY, streamCount: Number(process.env.STREAM_COUNT || 1) })
      : ADAPTER === 'sharded'
      ? createShardedAdapter(pub, sub, { channelPrefix: KEY, subscriptionMode: SUBSCRIPTION_MODE })
      : createAdapter(pub, sub, { key: KEY, requestsTimeout: REQUESTS_TIMEOUT });
    io = new Server(httpServer, { adapter });
    setUpNamespace(io.of('/'));
    for (const name of c.namespaces || []) setUpNamespace(io.of(name));
    await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    return { port: httpServer.address().port };
  },
  async client(c) {
    const socket = connect(`${c.url}${c.nsp && c.nsp !== '/' ? c.nsp : ''}`, {
      auth: { name: c.name }, transports: c.transports || ['websocket'], reconnection: false, forceNew: true,
    });
    socket.onAny((event, ...args) => {
      const cb = typeof args[args.length - 1] === 'function' ? args.pop() : null;
      out({ ev: 'client-event', name: c.name, event, args: toWire(args) });
      if (cb && !c.mute) cb(c.name);
    });
    socket.on('disconnect', (reason) => out({ ev: 'client-disconnect', name: c.name, reason }));
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    clients.set(c.name, socket);
    for (const room of c.rooms || []) await socket.timeout(5000).emitWithAck('join', room);
    return { sid: socket.id };
  },
  async clientEmit(c) {
    const socket = clients.get(c.name);
    if (c.ack) return { response: toWire(await socket.timeout(5000).emitWithAck(c.event, ...fromWire(c.args || []))) };
    socket.emit(c.event, ...fromWire(c.args || []));
    return {};
  },
  async closeClient(c) {
    clients.get(c.name)?.disconnect();
    clients.delete(c.name);
    return {};
  },
  async emit(c) {
    selection(io.of(c.nsp || '/'), c).emit(c.event, ...fromWire(c.args || []));
    return {};
  },
  async emitWithAck(c) {
    return new Promise((resolve) => {
      selection(io.of(c.nsp || '/'), c).emit(c.event, ...fromWire(c.args || []), (err, responses) => {
        resolve({ error: err ? err.message : null, responses: toWire(responses) });
      });
    });
  },
  async fetchSockets(c) {
    const sockets = await selection(io.of(c.nsp || '/'), c).fetchSockets();
    return {
      sockets: sockets.map((s) => ({ id: s.id, rooms: [...s.rooms], data: toWire(s.data), handshake: toWire(s.handshake) })),
    };
  },
  async socketsJoin(c) { selection(io.of(c.nsp || '/'), c).socketsJoin(c.join); return {}; },
  async socketsLeave(c) { selection(io.of(c.nsp || '/'), c).socketsLeave(c.leave); return {}; },
  async disconnectSockets(c) { selection(io.of(c.nsp || '/'), c).disconnectSockets(!!c.close); return {}; },
  async serverSideEmit(c) {
    const nsp = io.of(c.nsp || '/');
    if (!c.ack) { nsp.serverSideEmit(c.event, ...fromWire(c.args || [])); return {}; }
    try {
      return { responses: toWire(await nsp.serverSideEmitWithAck(c.event, ...fromWire(c.args || []))) };
    } catch (err) {
      return { error: err.message };
    }
  },
  async serverCount(c) { return { count: await io.of(c.nsp || '/').adapter.serverCount() }; },
  async allRooms(c) { return { rooms: [...(await io.of(c.nsp || '/').adapter.allRooms())] }; },
  async emitter(c) {
    if (!emitter) emitter = new Emitter(await redisClient(), { key: KEY });
    let target = c.nsp && c.nsp !== '/' ? emitter.of(c.nsp) : emitter;
    if (c.what === 'serverSideEmit') { target.serverSideEmit(c.event, ...fromWire(c.args || [])); return {}; }
    let op = target;
    for (const r of c.rooms || []) op = op.to(r);
    for (const r of c.except || []) op = op.except(r);
    if (c.volatile) op = op.volatile;
    if (c.what === 'emit') op.emit(c.event, ...fromWire(c.args || []));
    else if (c.what === 'socketsJoin') op.socketsJoin(c.join);
    else if (c.what === 'socketsLeave') op.socketsLeave(c.leave);
    else if (c.what === 'disconnectSockets') op.disconnectSockets(!!c.close);
    return {};
  },
  async exit() {
    setTimeout(() => process.exit(0), 10);
    return {};
  },
};

createInterface({ input: process.stdin }).on('line', async (line) => {
  let c;
  try {
    c = JSON.parse(line);
    const reply = await ops[c.op](c);
    out({ id: c.id, ...reply });
  } catch (err) {
    out({ id: c?.id, failed: String(err?.stack || err) });
  }
});
process.stdin.on('end', () => process.exit(0));
out({ ev: 'ready' });
