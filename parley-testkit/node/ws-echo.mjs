// Talks to an echo endpoint with Node's `ws` client and checks every reply byte for byte.
// Usage: node ws-echo.mjs <ws-url> <plain|deflate|deflate-no-context|deflate-window9>
// Prints one line per observation: "extensions <header>", "text <bytes> ok", "binary <bytes> ok",
// "close <code>"; any mismatch or error prints "error <what>" and exits with status 1.
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

const [url, mode = 'plain'] = process.argv.slice(2);
const deflateModes = {
  plain: false,
  // ws's default offer: permessage-deflate; client_max_window_bits. threshold 0 compresses every message.
  deflate: { threshold: 0 },
  'deflate-no-context': { threshold: 0, serverNoContextTakeover: true, clientNoContextTakeover: true },
  // The server may refer back at most 2^9 bytes. ws inflates whole messages at once, and zlib then does
  // not notice longer references: inflate-window.mjs is the strict check of the window.
  'deflate-window9': { threshold: 0, serverMaxWindowBits: 9, clientMaxWindowBits: 9 },
};
if (!(mode in deflateModes)) {
  console.log(`error unknown mode ${mode}`);
  process.exit(2);
}

const fail = (what) => {
  console.log(`error ${what}`);
  process.exit(1);
};
setTimeout(() => fail('timeout'), 20000).unref();

const messages = [
  'hello',
  'Grüße, 世界! 😀',
  'Parley compresses repeated text. '.repeat(3000), // about 100 KB, highly compressible
  randomBytes(70000), // incompressible binary with a 64-bit length
  '',
  'the same text again to use the context. '.repeat(50),
  'the same text again to use the context. '.repeat(50),
];

const ws = new WebSocket(url, { perMessageDeflate: deflateModes[mode] });
ws.on('upgrade', (response) => {
  console.log(`extensions ${response.headers['sec-websocket-extensions'] ?? '(none)'}`);
});
ws.on('error', (error) => fail(error.message));

let next = 0;
const sendNext = () => {
  if (next === messages.length) {
    ws.close(1000, 'done');
    return;
  }
  const message = messages[next];
  ws.send(message, { binary: Buffer.isBuffer(message) });
};

ws.on('open', sendNext);
ws.on('message', (data, isBinary) => {
  const expected = messages[next];
  const expectedBinary = Buffer.isBuffer(expected);
  if (isBinary !== expectedBinary) {
    fail(`message ${next} came back as ${isBinary ? 'binary' : 'text'}`);
  }
  const same = expectedBinary ? Buffer.compare(data, expected) === 0 : data.toString('utf8') === expected;
  if (!same) {
    fail(`message ${next} differs`);
  }
  console.log(`${isBinary ? 'binary' : 'text'} ${data.length} ok`);
  next += 1;
  sendNext();
});
ws.on('close', (code) => {
  console.log(`close ${code}`);
  process.exit(next === messages.length ? 0 : 1);
});
