// Node socket.io 4.8 echo server: the same events as Parley's `--app echo` (message -> message-back,
// message-with-ack acknowledged with its arguments), plus room broadcast helpers for the broadcast scenario.
// Usage: node socketio-echo-server.mjs <port>   (PING_INTERVAL and PING_TIMEOUT, in ms, override socket.io's
// 25000 / 20000, as the protocol suites and scripts/heartbeat-fairness.sh need)
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import './report-memory.mjs';

const port = Number(process.argv[2] ?? 3201);
const httpServer = createServer();
const heartbeat = {};
if (process.env.PING_INTERVAL) heartbeat.pingInterval = Number(process.env.PING_INTERVAL);
if (process.env.PING_TIMEOUT) heartbeat.pingTimeout = Number(process.env.PING_TIMEOUT);
const io = new Server(httpServer, { maxHttpBufferSize: 1e6, serveClient: false, ...heartbeat });
io.on('connection', (socket) => {
  socket.on('message', (...args) => socket.emit('message-back', ...args));
  socket.on('message-with-ack', (...args) => {
    const ack = args.pop();
    if (typeof ack === 'function') ack(...args);
  });
  socket.on('join', (room, ack) => {
    socket.join(room);
    if (typeof ack === 'function') ack(true);
  });
  socket.on('broadcast', (room, payload) => io.to(room).emit('news', payload));
});
httpServer.listen(port, '127.0.0.1', () => console.log(`socket.io echo listening on ${port}`));
