// Node `ws` echo server: the raw WebSocket peer. Usage: node ws-echo-server.mjs <port>
import { WebSocketServer } from 'ws';
import './report-memory.mjs';

const port = Number(process.argv[2] ?? 3200);
const wss = new WebSocketServer({ host: '127.0.0.1', port, path: '/ws/echo', perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
wss.on('listening', () => console.log(`ws echo listening on ${port}`));
