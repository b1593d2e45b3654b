// Node socket.io 4.8 echo server: the same events as Parley's `--app echo` (message -> message-back,
// message-with-ack acknowledged with its arguments), plus room broadcast helpers for the broadcast scenario,
// on the namespaces `/` and `/custom`, as Parley's echo app serves them.
// Usage: node socketio-echo-server.mjs <port>   (PING_INTERVAL and PING_TIMEOUT, in ms, override socket.io's
// 25000 / 20000, as the protocol suites and heartbeat/heartbeat-fairness.sh need; LOG_CLOSES=1: see below)
// Cluster (the harness's S11, Parley's echo interop test): with REDIS_URL (redis://host:port) set, the server
// joins the others on REDIS_KEY (default "socket.io", as `parley serve --redis-key`) through the official
// adapter of REDIS_ADAPTER, as `parley serve --adapter`: classic (default: @socket.io/redis-adapter's
// createAdapter, Redis pub/sub), sharded (its createShardedAdapter, Redis 7 sharded pub/sub, with
// REDIS_SUBSCRIPTION_MODE static|dynamic|dynamic-private, default dynamic) or streams
// (@socket.io/redis-streams-adapter's createAdapter, stream REDIS_STREAM_NAME, default REDIS_KEY, spread over
// REDIS_STREAM_COUNT streams, default 1, as `parley serve --redis-stream-count`), over
// node-redis; it starts listening only once the Redis connections are up, so a client that reaches it is in
// the cluster.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import './report-memory.mjs';

const port = Number(process.argv[2] ?? 3201);
const httpServer = createServer();
const options = { maxHttpBufferSize: 1e6, serveClient: false };
if (process.env.PING_INTERVAL) options.pingInterval = Number(process.env.PING_INTERVAL);
if (process.env.PING_TIMEOUT) options.pingTimeout = Number(process.env.PING_TIMEOUT);
let cluster = '';
if (process.env.REDIS_URL) {
  // Imported only here: the single-server runs load nothing of the cluster's.
  const { createClient } = await import('redis');
  const key = process.env.REDIS_KEY || 'socket.io';
  const kind = process.env.REDIS_ADAPTER || 'classic';
  const pub = createClient({ url: process.env.REDIS_URL });
  // node-redis emits 'error' on every failed reconnect attempt; unhandled, it would end the process.
  pub.on('error', (err) => console.error(`redis: ${err.message}`));
  if (kind === 'streams') {
    // One connection: the adapter duplicates it for its blocking XREAD itself.
    const { createAdapter } = await import('@socket.io/redis-streams-adapter');
    await pub.connect();
    const streamName = process.env.REDIS_STREAM_NAME || key;
    const streamCount = Number(process.env.REDIS_STREAM_COUNT || 1);
    options.adapter = createAdapter(pub, { streamName, streamCount, channelPrefix: key });
    cluster = ` (redis streams adapter on ${process.env.REDIS_URL}, stream ${streamName} x${streamCount}, prefix ${key})`;
  } else {
    const sub = pub.duplicate();
    sub.on('error', (err) => console.error(`redis: ${err.message}`));
    await Promise.all([pub.connect(), sub.connect()]);
    if (kind === 'sharded') {
      const { createShardedAdapter } = await import('@socket.io/redis-adapter');
      const subscriptionMode = process.env.REDIS_SUBSCRIPTION_MODE || 'dynamic';
      options.adapter = createShardedAdapter(pub, sub, { channelPrefix: key, subscriptionMode });
      cluster = ` (redis sharded adapter on ${process.env.REDIS_URL}, prefix ${key}, ${subscriptionMode})`;
    } else if (kind === 'classic') {
      const { createAdapter } = await import('@socket.io/redis-adapter');
      options.adapter = createAdapter(pub, sub, { key });
      cluster = ` (redis adapter on ${process.env.REDIS_URL}, key ${key})`;
    } else {
      throw new Error(`REDIS_ADAPTER must be classic, sharded or streams, not ${kind}`);
    }
  }
}
const io = new Server(httpServer, options);
for (const nsp of [io.of('/'), io.of('/custom')]) {
  nsp.on('connection', (socket) => {
    socket.on('message', (...args) => socket.emit('message-back', ...args));
    socket.on('message-with-ack', (...args) => {
      const ack = args.pop();
      if (typeof ack === 'function') ack(...args);
    });
    socket.on('join', (room, ack) => {
      socket.join(room);
      if (typeof ack === 'function') ack(true);
    });
    // To the room of this namespace, on every server of the cluster (the adapter publishes it to Redis).
    socket.on('broadcast', (room, payload) => nsp.to(room).emit('news', payload));
  });
}
// LOG_CLOSES=1: a line per Engine.IO close with its reason ("close <sid> <reason>"), as Parley logs them with
// EngineSession at DEBUG: heartbeat-fairness.sh looks up there why the server dropped a client.
if (process.env.LOG_CLOSES === '1') {
  io.engine.on('connection', (conn) => conn.on('close', (reason) => console.error(
    `${new Date().toISOString()} close ${conn.id} ${reason}`)));
}
// Port 0 picks a free one; the line says which (the interop test reads it).
httpServer.listen(port, '127.0.0.1', () => console.log(`socket.io echo listening on ${httpServer.address().port}${cluster}`));
