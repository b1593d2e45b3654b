// Binary both ways over one transport, in nested positions and in acks. Payloads are pattern(n, seed)
// (see sio-common.mjs), which the Java side builds the same way; received binaries are printed as
// {"$bin": sha256, "len": n}. The scenario ends when the server emits "finish".
// Usage: node sio-binary.mjs <url> <polling|websocket>
import { io } from 'socket.io-client';
import { clientOptions, deadline, describe, finish, next, out, pattern } from './sio-common.mjs';

const [url, transport] = process.argv.slice(2);
deadline(15000);

const socket = io(url, { ...clientOptions, transports: [transport], reconnection: false });
socket.on('bin-ask', (data, callback) => {
  out({ ev: 'bin-ask', data: describe(data) });
  callback({ reversed: Buffer.from(data).reverse(), n: data.length });
});
const finished = next(socket, 'finish', { ms: 12000, failOn: ['disconnect'] });

await next(socket, 'connect', { failOn: ['connect_error'] });
out({ ev: 'connect', transport: socket.io.engine.transport.name });

const back = next(socket, 'bin-back', { failOn: ['disconnect'] });
socket.emit(
  'bin',
  pattern(256, 0),
  { nested: { u8: new Uint8Array(pattern(1000, 1)), list: ['text', pattern(100000, 2), 3] }, empty: Buffer.alloc(0) },
  'plain',
);
out({ ev: 'bin-back', args: describe(await back) });

const acked = await socket.emitWithAck('bin-ack', pattern(64, 6));
out({ ev: 'bin-ack', value: describe(acked) });

await finished;
out({ ev: 'finish', transport: socket.io.engine.transport.name });
socket.disconnect();
finish();
