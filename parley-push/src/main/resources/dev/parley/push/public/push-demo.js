// The push demo: one topic ("demo") received over five transports side by side, each with its latency from
// the click that published the event (the page stamps it with Date.now(): one clock, no skew).
const TOPIC = 'demo';
const SHORT_POLL_MS = 2000;
const panes = {};

for (const section of document.querySelectorAll('#transports section')) {
  section.append(document.getElementById('pane').content.cloneNode(true));
  const out = (name) => section.querySelector('.' + name);
  panes[section.dataset.transport] = {
    state: out('state'), count: out('count'), last: out('last'), latency: out('latency'), median: out('median'),
    received: 0, lastId: 0, latencies: [],
  };
}

function setState(name, text, ok) {
  panes[name].state.textContent = text;
  panes[name].state.dataset.ok = String(ok);
}

/** One delivery: {id, data} where data is the published JSON value. Ids increase; a repeat is ignored. */
function received(name, id, data) {
  const pane = panes[name];
  if (id <= pane.lastId) {
    return;
  }
  pane.lastId = id;
  pane.received += 1;
  pane.count.textContent = String(pane.received);
  pane.last.textContent = '#' + id + ' ' + (data && data.text !== undefined ? data.text : JSON.stringify(data));
  if (data && typeof data.sentAt === 'number') {
    const ms = Date.now() - data.sentAt;
    pane.latency.textContent = ms + ' ms';
    pane.latencies.push(ms);
    if (pane.latencies.length > 50) {
      pane.latencies.shift();
    }
    const sorted = [...pane.latencies].sort((a, b) => a - b);
    pane.median.textContent = sorted[Math.floor(sorted.length / 2)] + ' ms';
  }
}

function gap(name) {
  panes[name].last.textContent = 'gap: some events are no longer kept';
}

// Publishing, through a Socket.IO handler of the demo (anyone may publish to "demo", at a capped rate).
const publisher = io('/push-demo');
const form = document.getElementById('publish-form');
const result = document.getElementById('publish-result');
function publish() {
  const text = document.getElementById('publish-text').value;
  publisher.emit('publish', text, Date.now(), (answer) => {
    result.textContent = answer && answer.id ? 'published #' + answer.id : 'refused: ' + (answer && answer.message);
  });
}
form.addEventListener('submit', (event) => {
  event.preventDefault();
  publish();
});
let repeat = null;
document.getElementById('publish-repeat').addEventListener('change', (event) => {
  clearInterval(repeat);
  repeat = event.target.checked ? setInterval(publish, 1000) : null;
});

// Socket.IO: the /topics namespace; resumes after the last id it saw when it reconnects.
const socket = io('/topics');
socket.on('connect', () => {
  const after = panes.socketio.lastId || -1;
  socket.emit('topic:subscribe', { topic: TOPIC, after }, (answer) => {
    setState('socketio', answer && answer.error ? 'refused: ' + answer.message : 'subscribed', !(answer && answer.error));
  });
});
socket.on('disconnect', (reason) => setState('socketio', 'disconnected (' + reason + ')', false));
socket.on('topic:event', (event) => received('socketio', event.id, event.data));
socket.on('topic:gap', () => gap('socketio'));

// WebSocket: /ws/topics with its JSON messages; reconnects after a second, resuming after the last id.
function connectWebSocket() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(scheme + '//' + location.host + '/ws/topics');
  ws.addEventListener('open', () => {
    const message = { type: 'subscribe', topic: TOPIC };
    if (panes.websocket.lastId) {
      message.after = panes.websocket.lastId;
    }
    ws.send(JSON.stringify(message));
  });
  ws.addEventListener('message', (message) => {
    const frame = JSON.parse(message.data);
    if (frame.type === 'event') {
      received('websocket', frame.id, frame.data);
    } else if (frame.type === 'subscribed') {
      setState('websocket', 'subscribed', true);
    } else if (frame.type === 'gap') {
      gap('websocket');
    } else if (frame.type === 'error') {
      setState('websocket', 'error: ' + frame.message, false);
    }
  });
  ws.addEventListener('close', (close) => {
    setState('websocket', 'closed (' + close.code + '), reconnecting', false);
    setTimeout(connectWebSocket, 1000);
  });
}
connectWebSocket();

// Server-Sent Events: the browser reconnects by itself and sends Last-Event-ID.
const source = new EventSource('/sse?topic=' + encodeURIComponent(TOPIC));
source.addEventListener('open', () => setState('sse', 'open', true));
source.addEventListener('error', () => setState('sse', 'reconnecting', false));
// Every event is a "message" whose data is {id, topic, data}, as a poll's events are.
source.addEventListener('message', (message) => {
  const event = JSON.parse(message.data);
  received('sse', event.id, event.data);
});
source.addEventListener('gap', () => gap('sse'));

// Polling, long and short: the same JSON API, with and without a wait. The first request only learns where
// the topic stands, so that polling starts with live events as the other transports do.
async function poll(name, wait) {
  const first = !panes[name].started;
  // Without "after" the server answers where the topic stands now.
  const query = first ? '' : '?after=' + panes[name].lastId + (wait ? '&wait=' + wait : '');
  const url = '/api/topics/' + encodeURIComponent(TOPIC) + '/events' + query;
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) {
    throw new Error('HTTP ' + response.status);
  }
  const body = await response.json();
  if (first) {
    panes[name].lastId = body.lastId || 0;
    panes[name].started = true;
    return;
  }
  if (body.gap) {
    gap(name);
  }
  for (const event of body.events) {
    received(name, event.id, event.data);
  }
}

async function longPoll() {
  for (;;) {
    try {
      await poll('longpoll', '25s');
      setState('longpoll', 'waiting', true);
    } catch (error) {
      setState('longpoll', String(error) + ', retrying', false);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}
longPoll();

async function shortPoll() {
  try {
    await poll('shortpoll', null);
    setState('shortpoll', 'polling', true);
  } catch (error) {
    setState('shortpoll', String(error), false);
  }
  setTimeout(shortPoll, SHORT_POLL_MS);
}
shortPoll();
