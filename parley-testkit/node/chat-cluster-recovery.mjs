// Parley Chat on two nodes: user X on node A and user Y on node B in one room, with the official client.
// X loses its connection (its transport closes, as a network failure would), node A is then stopped by the
// test, Y sends messages meanwhile, and X comes back on node B with the same Manager: its private id and last
// offset go in the CONNECT packet, which is what recovery needs (socket.io-client keeps them on the socket).
// Prints {ev:'dropped', pid, offset} and waits for one line on stdin (the test stopped node A); then Y sends
// the missed messages and X resumes. With `recovered`, X must come back recovered, send in the room without
// joining again and get its own message back (after everything before it, in stream order).
// Usage: node chat-cluster-recovery.mjs <urlA> <urlB> <room> <missedCount> recovered|fresh
import { createInterface } from 'node:readline';
import { io } from 'socket.io-client';
import { deadline, fail, finish, next, out } from './sio-common.mjs';

const [urlA, urlB, room, missedCount, expect] = process.argv.slice(2);
deadline(40000);
const suffix = Math.random().toString(36).slice(2, 8);
const stdin = createInterface({ input: process.stdin });
const lines = [];
let onLine;
stdin.on('line', (line) => (onLine ? onLine(line) : lines.push(line)));
const nextLine = () => (lines.length ? Promise.resolve(lines.shift()) : new Promise((r) => (onLine = r)));

const user = async (url, nickname) => {
  const socket = io(url, { auth: { nickname }, transports: ['websocket'], forceNew: true, reconnection: false });
  const texts = [];
  socket.on('message', (m) => texts.push(m.text));
  // As the web client does: a connection that is not recovered (a fresh session) identifies by token.
  socket.on('session', (s) => {
    if (s.token) socket.auth = { token: s.token };
  });
  await next(socket, 'connect', { failOn: ['connect_error'] });
  const joined = await socket.timeout(5000).emitWithAck('room:join', { room });
  if (!joined.ok) fail(`${nickname} could not join: ${JSON.stringify(joined)}`);
  return { socket, texts };
};

let sent = 0;
const say = async (from, text) => {
  const ack = await from.socket.timeout(5000).emitWithAck('message:send', { room, text, clientId: `c-${sent++}` });
  if (!ack.ok) fail(`'${text}' refused: ${JSON.stringify(ack)}`);
};

const until = async (condition, what) => {
  const end = Date.now() + 10000;
  while (!condition()) {
    if (Date.now() > end) fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

const x = await user(urlA, `x${suffix}`);
const y = await user(urlB, `y${suffix}`);
// Across the cluster before anything drops: X's last offset is then this message's.
await say(y, 'before');
await until(() => x.texts.includes('before'), "'before' on node A");

const idOnA = x.socket.id;
const gone = next(x.socket, 'disconnect');
x.socket.io.engine.close();
out({ ev: 'dropped', reason: (await gone)[0], pid: x.socket._pid, offset: x.socket._lastOffset });
await nextLine();

const missed = Array.from({ length: Number(missedCount) }, (_, i) => `missed-${i + 1}`);
for (const text of missed) await say(y, text);
out({ ev: 'sent', missed });

x.socket.io.uri = urlB;
const back = next(x.socket, 'connect', { ms: 10000, failOn: ['connect_error'] });
x.socket.connect();
await back;
out({ ev: 'resumed', recovered: x.socket.recovered, sameId: x.socket.id === idOnA });
if (expect === 'recovered') {
  // No room:join: a recovered socket is still in its rooms, for the chat too.
  await say(x, 'back');
  await until(() => x.texts.includes('back'), "X's own 'back'");
} else {
  const ack = await x.socket.timeout(5000).emitWithAck('message:send', { room, text: 'back', clientId: 'c-back' });
  out({ ev: 'send-without-join', ack });
}
out({ ev: 'received', texts: x.texts });
x.socket.disconnect();
y.socket.disconnect();
stdin.close();
finish();
