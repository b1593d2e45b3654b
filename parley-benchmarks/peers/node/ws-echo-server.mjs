// Node `ws` server, the raw WebSocket peer: echo at /ws/echo, and at /ws/broadcast each message is sent to
// every other client of that path (the load generator's broadcast scenario), as ws's README does it.
// Usage: node ws-echo-server.mjs <port>
import { createServer } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import './report-memory.mjs';

const port = Number(process.argv[2] ?? 3200);
const options = { noServer: true, perMessageDeflate: false };
const echo = new WebSocketServer(options);
const broadcast = new WebSocketServer(options);

echo.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});

broadcast.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    // ws has no frame to share between clients: each send frames the same data again.
    broadcast.clients.forEach((client) => {
      if (client !== ws && client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    });
  });
});

// One HTTP server, upgrades routed by path (ws's "multiple servers sharing a single HTTP server").
const routes = new Map([['/ws/echo', echo], ['/ws/broadcast', broadcast]]);
const server = createServer((req, res) => {
  // What a path-bound WebSocketServer answers to a plain request.
  res.writeHead(426, { 'Content-Type': 'text/plain' });
  res.end('Upgrade Required');
});
server.on('upgrade', (request, socket, head) => {
  const wss = routes.get(new URL(request.url, 'http://localhost').pathname);
  if (!wss) {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(port, '127.0.0.1', () => console.log(`ws echo and broadcast listening on ${port}`));
