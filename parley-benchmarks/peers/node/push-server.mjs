// The push gateway peer (issue 18, section 5): what a Node developer would write with express, ws and socket.io
// to do Parley's `--app push` job, with the same routes, so that the load generator's `push` scenario drives
// both unchanged. Minimal and honest: a map of topics, each with a bounded history, its SSE responses, its
// WebSockets and its long polls waiting; each event is JSON-encoded once per transport and written to all.
//   POST /api/publish                          {topic, data} or an array of them; Authorization: Bearer TOKEN
//   GET  /sse?topic=a&topic=b                  text/event-stream, `id:` lines, Last-Event-ID resumes
//   GET  /api/topics/<t>/events?after=ID&wait=25s   {"events":[{id,topic,data}],"lastId","gap"}
//   WS   /ws/topics                            {"type":"subscribe","topic","after"?} -> {"type":"event",topic,id,data}
//   Socket.IO namespace /topics               topic:subscribe {topic, after?} (acked) -> topic:event {topic,id,data}
// Usage: PUBLISH_TOKEN=secret node push-server.mjs <port>   (HISTORY: events kept per topic, default 1000)
import { createServer } from 'node:http';
import express from 'express';
import { WebSocket, WebSocketServer } from 'ws';
import { Server } from 'socket.io';
import './report-memory.mjs';

const port = Number(process.argv[2] ?? 3400);
const token = process.env.PUBLISH_TOKEN ?? 'bench';
const historySize = Number(process.env.HISTORY ?? 1000);
const maxWaitMs = 30_000;
const heartbeatMs = 15_000;

/** name -> {lastId, history: [event] (oldest first, at most historySize), sse: Set<res>, ws: Set<ws>, waiters: Set} */
const topics = new Map();
let lastId = 0;

function topic(name) {
  let t = topics.get(name);
  if (!t) {
    t = { history: [], sse: new Set(), ws: new Set(), waiters: new Set() };
    topics.set(name, t);
  }
  return t;
}

/** Events of a topic after `after`, and whether its history no longer reaches back that far. */
function since(t, after) {
  const h = t.history;
  const gap = h.length > 0 && after < h[0].id - 1 && after < lastId;
  let i = h.length;
  while (i > 0 && h[i - 1].id > after) i--;
  return { events: h.slice(i), gap };
}

function publish(name, data) {
  const t = topic(name);
  const event = { id: ++lastId, topic: name, data };
  t.history.push(event);
  if (t.history.length > historySize) t.history.shift();
  const json = JSON.stringify(event);
  if (t.sse.size > 0) {
    const frame = `id: ${event.id}\ndata: ${json}\n\n`;
    for (const res of t.sse) res.write(frame);
  }
  if (t.ws.size > 0) {
    const message = `{"type":"event",${json.slice(1)}`;
    for (const ws of t.ws) if (ws.readyState === WebSocket.OPEN) ws.send(message);
  }
  io.of('/topics').to(name).emit('topic:event', event);
  if (t.waiters.size > 0) {
    const waiters = [...t.waiters];
    t.waiters.clear();
    const body = `{"events":[${json}],"lastId":${event.id},"gap":false}`;
    for (const w of waiters) {
      clearTimeout(w.timer);
      if (w.after === event.id - 1) w.res.type('json').send(body);
      else w.res.json({ ...since(t, w.after), lastId: event.id });
    }
  }
  return event.id;
}

const app = express();
app.disable('x-powered-by');

app.post('/api/publish', express.json({ limit: '64kb' }), (req, res) => {
  if (req.get('authorization') !== `Bearer ${token}`) {
    return res.status(401).json({ error: 'unauthorized', message: 'a valid bearer token is required' });
  }
  const items = Array.isArray(req.body) ? req.body : [req.body];
  if (items.some((e) => !e || typeof e.topic !== 'string' || e.data === undefined)) {
    return res.status(400).json({ error: 'invalid', message: 'each event needs a topic and data' });
  }
  const ids = items.map((e) => publish(e.topic, e.data));
  res.json(Array.isArray(req.body) ? { ids } : { id: ids[0] });
});

app.get('/sse', (req, res) => {
  const names = [].concat(req.query.topic ?? []);
  if (names.length === 0) return res.status(400).json({ error: 'invalid', message: 'topic is required' });
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
  res.write('retry: 1000\n\n');
  const after = Number(req.get('last-event-id'));
  for (const name of names) {
    const t = topic(name);
    if (Number.isFinite(after) && after > 0) {
      for (const e of since(t, after).events) res.write(`id: ${e.id}\ndata: ${JSON.stringify(e)}\n\n`);
    }
    t.sse.add(res);
  }
  const heartbeat = setInterval(() => res.write(':\n\n'), heartbeatMs);
  req.on('close', () => {
    clearInterval(heartbeat);
    for (const name of names) topic(name).sse.delete(res);
  });
});

app.get('/api/topics/:topic/events', (req, res) => {
  const t = topic(req.params.topic);
  // Without `after`, a poll starts now (as Parley's): no events, and where the topic stands.
  if (req.query.after === undefined) return res.json({ events: [], lastId: lastIdOf(t), gap: false });
  const after = Number(req.query.after);
  const wait = Math.min(parseWait(req.query.wait), maxWaitMs);
  const found = since(t, after);
  if (found.events.length > 0 || found.gap || wait <= 0) {
    return res.json({ ...found, lastId: lastIdOf(t) });
  }
  const waiter = { res, after };
  waiter.timer = setTimeout(() => {
    t.waiters.delete(waiter);
    res.json({ events: [], lastId: lastIdOf(t), gap: false });
  }, wait);
  t.waiters.add(waiter);
  req.on('close', () => {
    clearTimeout(waiter.timer);
    t.waiters.delete(waiter);
  });
});

function lastIdOf(t) {
  return t.history.length > 0 ? t.history[t.history.length - 1].id : 0;
}

/** "25s", "500ms" or a number of milliseconds; 0 when absent (short polling). */
function parseWait(value) {
  if (value === undefined) return 0;
  const m = /^(\d+)(ms|s)?$/.exec(String(value));
  if (!m) return 0;
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

const server = createServer(app);

// WebSocket topics, on the same HTTP server (ws's "noServer" mode, routed by path).
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
wss.on('connection', (ws) => {
  const subscribed = new Set();
  ws.on('message', (raw) => {
    let m;
    try {
      m = JSON.parse(raw);
    } catch {
      return ws.close(1007, 'invalid JSON');
    }
    if (m.type === 'subscribe' && typeof m.topic === 'string') {
      const t = topic(m.topic);
      if (typeof m.after === 'number') {
        const found = since(t, m.after);
        if (found.gap) ws.send(JSON.stringify({ type: 'gap', topic: m.topic }));
        for (const e of found.events) ws.send(JSON.stringify({ type: 'event', ...e }));
      }
      t.ws.add(ws);
      subscribed.add(m.topic);
      ws.send(JSON.stringify({ type: 'subscribed', topic: m.topic }));
    } else if (m.type === 'unsubscribe' && typeof m.topic === 'string') {
      topic(m.topic).ws.delete(ws);
      subscribed.delete(m.topic);
    }
  });
  ws.on('close', () => {
    for (const name of subscribed) topic(name).ws.delete(ws);
  });
});

// Socket.IO's engine handles its own path's upgrades; the others are ours.
const io = new Server(server, { serveClient: false, destroyUpgrade: false });
io.of('/topics').on('connection', (socket) => {
  socket.on('topic:subscribe', (message, ack) => {
    if (!message || typeof message.topic !== 'string') {
      if (typeof ack === 'function') ack({ error: 'invalid', message: 'topic is required' });
      return;
    }
    const t = topic(message.topic);
    if (typeof message.after === 'number') {
      const found = since(t, message.after);
      if (found.gap) socket.emit('topic:gap', { topic: message.topic });
      for (const e of found.events) socket.emit('topic:event', e);
    }
    socket.join(message.topic);
    if (typeof ack === 'function') ack({ ok: true });
  });
  socket.on('topic:unsubscribe', (message) => message && socket.leave(message.topic));
});

server.on('upgrade', (req, socket, head) => {
  const path = req.url.split('?')[0];
  if (path === '/ws/topics') {
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  } else if (!path.startsWith('/socket.io/')) {
    socket.destroy();
  }
});

// Loopback only, as Parley's default --host: a benchmark peer is not for the network.
server.listen(port, '127.0.0.1', () => console.log(`push peer listening on 127.0.0.1:${port}`));
