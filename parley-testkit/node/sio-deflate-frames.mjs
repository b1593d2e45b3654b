// The official socket.io-client over WebSocket with its default permessage-deflate offer (engine.io-client's
// `perMessageDeflate: { threshold: 1024 }`), reporting every data frame the server sends after the
// connection: RSV1 (RFC 7692 §6: set on compressed messages), and the payload as it is on the wire. ws does not
// expose RSV1, so the script reads the frames itself from the TCP socket, beside ws (server frames are
// unmasked; header as in RFC 6455 §5.2). Emits "go" once connected; the server answers with its events and
// then "end".
// Usage: node sio-deflate-frames.mjs <url>
// Prints {ev:'deflate', params} (null if not negotiated), one {ev:'frame', rsv1, opcode, payload (base64)} per
// data frame, one {ev:'event', name, args} per event, then done.
import { io } from 'socket.io-client';
import { clientOptions, deadline, describe, finish, next, out } from './sio-common.mjs';

const [url] = process.argv.slice(2);
deadline(15000);

const socket = io(url, { ...clientOptions, transports: ['websocket'], reconnection: false });
await next(socket, 'connect', { failOn: ['connect_error'] });
const ws = socket.io.engine.transport.ws;
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
      out({ ev: 'frame', rsv1, opcode, payload: payload.toString('base64') });
    }
  }
};
ws._socket.on('data', readFrames);

socket.onAny((name, ...args) => out({ ev: 'event', name, args: args.map(describe) }));

const ended = next(socket, 'end', { failOn: ['disconnect'] });
socket.emit('go');
await ended;
socket.disconnect();
finish();
