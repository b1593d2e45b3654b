// Receives what the server sends with and without socket.io's compress flag over a WebSocket that
// negotiated permessage-deflate, and reports for each data frame whether it came compressed: RSV1 set
// (RFC 7692 §6). ws does not expose RSV1, so the script also reads the frames itself from the TCP socket,
// beside ws, from the moment it is connected (server frames are unmasked; header as in RFC 6455 §5.2).
// Emits "go" once listening; the server answers with its events and then "end".
// Usage: node sio-compress.mjs <url> <takeover|no-takeover>
// Prints {ev:'deflate', params} (null if not negotiated), one {ev:'frame', rsv1, opcode, length, head} per data frame (head: the
// first 24 characters of an uncompressed text payload), one {ev:'event', name, args} per event (a string
// argument as its length and distinct characters, a binary one as its length), then done.
import { io } from 'socket.io-client';
import { clientOptions, deadline, finish, next, out } from './sio-common.mjs';

const [url, mode] = process.argv.slice(2);
deadline(15000);

const perMessageDeflate = { threshold: 1024, serverNoContextTakeover: mode === 'no-takeover' };
const socket = io(url, { ...clientOptions, transports: ['websocket'], reconnection: false, perMessageDeflate });
await next(socket, 'connect', { failOn: ['connect_error'] });
const ws = socket.io.engine.transport.ws;
// The parameters the server accepted (ws's `extensions` names the extensions only).
out({ ev: 'deflate', params: ws._extensions['permessage-deflate']?.params ?? null });

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
    const payload = pending.subarray(offset, offset + length);
    pending = pending.subarray(offset + length);
    if (opcode <= 2) {
      const head = !rsv1 && opcode === 1 ? payload.toString('utf8', 0, Math.min(24, length)) : null;
      out({ ev: 'frame', rsv1, opcode, length, head });
    }
  }
};
ws._socket.on('data', readFrames);

const describe = (arg) => {
  if (typeof arg === 'string') return { string: arg.length, chars: [...new Set(arg)].join('') };
  if (Buffer.isBuffer(arg) || arg instanceof ArrayBuffer) return { binary: arg.byteLength ?? arg.length };
  return arg;
};
socket.onAny((name, ...args) => out({ ev: 'event', name, args: args.map(describe) }));

const ended = next(socket, 'end', { failOn: ['disconnect'] });
socket.emit('go');
await ended;
socket.disconnect();
finish();
