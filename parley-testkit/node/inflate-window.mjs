// Checks that permessage-deflate messages can be read by an inflater whose window is 2^bits bytes, as a
// client that asked for server_max_window_bits=<bits> would read them. The messages (base64 payloads of
// compressed frames, in order, one compression context) get the 00 00 FF FF tail back (RFC 7692 §7.2.2)
// and are inflated through a 64-byte output buffer: zlib then has to find every back-reference in its
// window and fails with "invalid distance too far back" on a longer one (with a large buffer it would not
// notice). Prints "ok <inflated bytes>" or "error <message>".
// Usage: node inflate-window.mjs <bits> <base64 payload>...
import zlib from 'node:zlib';

const [bits, ...payloads] = process.argv.slice(2);
const tail = Buffer.from([0x00, 0x00, 0xff, 0xff]);
const stream = Buffer.concat(payloads.flatMap((p) => [Buffer.from(p, 'base64'), tail]));
try {
  const inflated = zlib.inflateRawSync(stream, {
    windowBits: Number(bits),
    chunkSize: 64,
    finishFlush: zlib.constants.Z_SYNC_FLUSH,
  });
  console.log(`ok ${inflated.length}`);
} catch (error) {
  console.log(`error ${error.message}`);
}
