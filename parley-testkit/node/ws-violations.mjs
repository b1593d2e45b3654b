// Sends one thing a server must refuse, with Node's `ws` client, and prints the close code it gets.
// Usage: node ws-violations.mjs <ws-url> <too-big|invalid-utf8|invalid-utf8-fragmented> [size]
// Prints "close <code>" (or "error <what>", exit status 1).
import WebSocket from 'ws';

const [url, what, size = '0'] = process.argv.slice(2);
const fail = (message) => {
  console.log(`error ${message}`);
  process.exit(1);
};
setTimeout(() => fail('timeout'), 20000).unref();

const ws = new WebSocket(url);
ws.on('error', (error) => fail(error.message));
ws.on('close', (code) => {
  console.log(`close ${code}`);
  process.exit(0);
});
ws.on('message', () => {
  console.log('message');
  ws.close(1000);
});
ws.on('open', () => {
  switch (what) {
    case 'too-big':
      ws.send('x'.repeat(Number(size)));
      break;
    case 'invalid-utf8':
      // A text frame whose payload is not UTF-8: `ws` sends the bytes as they are.
      ws.send(Buffer.from([0x48, 0x69, 0xc3, 0x28]), { binary: false });
      break;
    case 'invalid-utf8-fragmented':
      // The bad byte is in the first fragment; the message is never finished, so only a validator that
      // fails fast (before the last fragment) can close the connection.
      ws.send(Buffer.from([0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xed, 0xa0, 0x80]), { binary: false, fin: false });
      break;
    default:
      fail(`unknown violation ${what}`);
  }
});
