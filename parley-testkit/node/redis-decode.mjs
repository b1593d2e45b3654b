// Decodes Redis payloads as @socket.io/redis-adapter 8.3.0 does (a payload starting with "{" is JSON, anything
// else notepack.io 3.0.1), for Parley's tests of its encoder (ClassicWireNodeDecodeIT).
// Usage: node redis-decode.mjs <base64>...   (or one base64 payload per line on stdin when no argument)
// Prints one JSON line per payload: {"value": <tagged>, "reencoded": <base64 of notepack.encode(value)>} for
// MessagePack, {"value": <tagged>, "restringified": JSON.stringify(value)} for JSON, or {"error": message}.
// Tagged JSON keeps what plain JSON would lose: a Buffer is {"$bin": base64}, a Date
// {"$date": ms}, undefined {"$undefined": true}, NaN, ±Infinity and -0 {"$num": "NaN"|"Infinity"|"-Infinity"|"-0"},
// an ArrayBuffer {"$arraybuffer": base64}. Object keys keep the order the decoded JS object has.
import msgpack from 'notepack.io';

const tag = (v) => {
  if (v === undefined) return { $undefined: true };
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (Number.isNaN(v) || !Number.isFinite(v)) return { $num: String(v) };
    if (Object.is(v, -0)) return { $num: '-0' };
    return v;
  }
  if (Buffer.isBuffer(v)) return { $bin: v.toString('base64') };
  if (v instanceof ArrayBuffer) return { $arraybuffer: Buffer.from(v).toString('base64') };
  if (v instanceof Date) return { $date: v.getTime() };
  if (Array.isArray(v)) return v.map(tag);
  const o = {};
  for (const k of Object.keys(v)) o[k] = tag(v[k]);
  return o;
};

const decode = (b64) => {
  const msg = Buffer.from(b64, 'base64');
  try {
    if (msg[0] === 0x7b) {
      const value = JSON.parse(msg.toString());
      return { value: tag(value), restringified: JSON.stringify(value) };
    }
    const value = msgpack.decode(msg);
    return { value: tag(value), reencoded: msgpack.encode(value).toString('base64') };
  } catch (e) {
    return { error: String(e && e.message) };
  }
};

let inputs = process.argv.slice(2);
if (inputs.length === 0) {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  inputs = Buffer.concat(chunks).toString().split('\n').filter((l) => l.trim() !== '');
}
for (const b64 of inputs) process.stdout.write(`${JSON.stringify(decode(b64.trim()))}\n`);
