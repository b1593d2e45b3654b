// The browser's WebSocket API against Parley: readyState shown live, reconnect with backoff.
const STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];
const wsUrl = (path) => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;

// onClosed hears only the close of a connection that had opened: the state line is soon overwritten by the
// reconnect attempts (1006 each while the server is down), but why the connection was lost stays on the page.
function connect(path, { onState, onMessage, onClosed }) {
  let socket;
  let delay = 250;
  const open = () => {
    socket = new WebSocket(wsUrl(path));
    let opened = false;
    onState(STATES[socket.readyState]);
    socket.onopen = () => { opened = true; delay = 250; onState(STATES[socket.readyState]); };
    socket.onmessage = (event) => onMessage(event.data);
    socket.onclose = (event) => {
      if (opened) onClosed(`${event.code} ${event.reason}`.trim());
      onState(`CLOSED (${event.code}); reconnecting in ${delay} ms`);
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 5000);
    };
  };
  open();
  return { send: (text) => socket.readyState === WebSocket.OPEN && (socket.send(text), true) };
}

const chatLog = document.getElementById('chat-log');
const chat = connect('/ws/chat', {
  onState: (s) => { document.getElementById('chat-state').textContent = s; },
  onClosed: (s) => { document.getElementById('chat-closed').textContent = s; },
  onMessage: (text) => {
    const item = document.createElement('li');
    item.textContent = text; // text, never HTML
    chatLog.append(item);
    chatLog.scrollTop = chatLog.scrollHeight;
  },
});
document.getElementById('chat-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('chat-input');
  if (chat.send(input.value)) input.value = '';
});

const echo = connect('/ws/echo', {
  onState: (s) => { document.getElementById('echo-state').textContent = s; },
  onClosed: (s) => { document.getElementById('echo-closed').textContent = s; },
  onMessage: (text) => { document.getElementById('echo-reply').textContent = text; },
});
document.getElementById('echo-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.getElementById('echo-input');
  if (echo.send(input.value)) input.value = '';
});
