// Sends text messages to an echo endpoint with Node's `ws` client and its default permessage-deflate offer
// (`permessage-deflate; client_max_window_bits`), checks that each comes back byte for byte (ws inflated it),
// and reports for each echoed data frame whether it came compressed: RSV1 set (RFC 7692 §6). ws does not
// expose RSV1, so the script also reads the frames itself from the TCP socket, beside ws, from the moment
// the connection is open (server frames are unmasked; header as in RFC 6455 §5.2).
// Usage: node ws-deflate-frames.mjs <ws-url> <text>...
// Prints "extensions <header>", then per message "frame rsv1=<true|false> opcode=<n> length=<payload bytes>"
// and "text <bytes> ok"; any mismatch or error prints "error <what>" and exits with status 1.
import WebSocket from 'ws';

const [url, ...messages] = process.argv.slice(2);
const fail = (what) => {
  console.log(`error ${what}`);
  process.exit(1);
};
setTimeout(() => fail('timeout'), 20000).unref();

const ws = new WebSocket(url, { perMessageDeflate: true });
ws.on('upgrade', (response) => {
  console.log(`extensions ${response.headers['sec-websocket-extensions'] ?? '(none)'}`);
});
ws.on('error', (error) => fail(error.message));

let pending = Buffer.alloc(0);
const readFrames = (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  for (;;) {
    if (pending.length < 2) return;
    const rsv1 = (pending[0] & 0x40) !== 0;
    const opcode = pending[0] & 0x0f;
    let length = pending[1] & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (pending.length < 4) return;
      length = pending.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (pending.length < 10) return;
      length = Number(pending.readBigUInt64BE(2));
      offset = 10;
    }
    if (pending.length < offset + length) return;
    pending = pending.subarray(offset + length);
    if (opcode <= 2) {
      console.log(`frame rsv1=${rsv1} opcode=${opcode} length=${length}`);
    }
  }
};

let next = 0;
const sendNext = () => {
  if (next === messages.length) {
    ws.close(1000, 'done');
    return;
  }
  ws.send(messages[next]);
};

ws.on('open', () => {
  ws._socket.on('data', readFrames);
  sendNext();
});
ws.on('message', (data, isBinary) => {
  if (isBinary) fail(`message ${next} came back as binary`);
  if (data.toString('utf8') !== messages[next]) fail(`message ${next} differs`);
  console.log(`text ${data.length} ok`);
  next += 1;
  sendNext();
});
ws.on('close', (code) => {
  process.exit(next === messages.length && code === 1000 ? 0 : 1);
});
