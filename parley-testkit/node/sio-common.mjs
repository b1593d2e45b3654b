// Shared plumbing of the sio-*.mjs scenarios, which drive the official socket.io-client against a server.
// Each scenario prints one JSON object per line to stdout (an observation), and ends with {"ev":"done"}
// and exit status 0. Any failure prints its reason to stderr and exits with status 1; so does a scenario
// that runs past its deadline or whose event loop empties before it finished.
import { createHash } from 'node:crypto';
import msgpackParser from 'socket.io-msgpack-parser';

/**
 * Options every scenario's client takes: with SIO_PARSER=msgpack in the environment, socket.io-msgpack-parser
 * instead of the default JSON parser (the server must use the same).
 */
export const clientOptions = process.env.SIO_PARSER === 'msgpack' ? { parser: msgpackParser } : {};

let finished = false;
let deadlineTimer;

/** Prints one observation. */
export const out = (observation) => {
  process.stdout.write(`${JSON.stringify(observation)}\n`);
};

/** Fails the scenario: the reason goes to stderr, the exit status is 1. */
export const fail = (reason) => {
  process.stderr.write(`${reason instanceof Error ? reason.stack : reason}\n`);
  process.exit(1);
};

/** Starts the scenario's overall deadline. */
export const deadline = (ms) => {
  deadlineTimer = setTimeout(() => fail(`scenario still running after ${ms} ms`), ms);
};

/**
 * Ends the scenario with success. The process is left to exit by itself, once the client's last requests
 * (a DISCONNECT packet, a polling close) are written; it is forced out if something still holds it after 3 s.
 */
export const finish = () => {
  finished = true;
  out({ ev: 'done' });
  clearTimeout(deadlineTimer);
  setTimeout(() => process.exit(0), 3000).unref();
};

process.on('unhandledRejection', (error) => fail(error));
process.on('uncaughtException', (error) => fail(error));
process.on('beforeExit', () => {
  if (!finished) {
    fail('the event loop emptied before the scenario finished');
  }
});

/**
 * The arguments of the next `event` on `emitter` (a socket, a manager, an engine), as an array. Rejects after
 * `ms`, or as soon as one of `failOn` fires (e.g. `connect_error` while waiting for `connect`). With `where`, only
 * an event whose arguments it accepts counts.
 */
export const next = (emitter, event, { ms = 5000, failOn = [], where = () => true } = {}) =>
  new Promise((resolve, reject) => {
    const cleanups = [];
    const settle = (f) => {
      cleanups.forEach((c) => c());
      f();
    };
    const timer = setTimeout(() => settle(() => reject(new Error(`no '${event}' within ${ms} ms`))), ms);
    cleanups.push(() => clearTimeout(timer));
    const onEvent = (...args) => where(args) && settle(() => resolve(args));
    emitter.on(event, onEvent);
    cleanups.push(() => emitter.off(event, onEvent));
    for (const other of failOn) {
      const onOther = (...args) =>
        settle(() => reject(new Error(`'${other}' while waiting for '${event}': ${args.map(describeError).join(', ')}`)));
      emitter.on(other, onOther);
      cleanups.push(() => emitter.off(other, onOther));
    }
  });

const describeError = (e) => (e instanceof Error ? `${e.message} ${JSON.stringify(e.data ?? null)}` : String(e));

/** `n` bytes of a pattern that Java's test builds the same way: byte i is (i * 31 + seed) mod 256. */
export const pattern = (n, seed) => {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    bytes[i] = (i * 31 + seed) & 0xff;
  }
  return bytes;
};

const isBinary = (v) => Buffer.isBuffer(v) || v instanceof ArrayBuffer || ArrayBuffer.isView(v);

const bytesOf = (v) =>
  v instanceof ArrayBuffer ? Buffer.from(v) : Buffer.from(v.buffer, v.byteOffset, v.byteLength);

/**
 * A JSON-printable picture of a received value: every binary becomes {"$bin": sha256-hex, "len": n}, so the
 * Java side can check it byte for byte; everything else is kept as it is.
 */
export const describe = (v) => {
  if (isBinary(v)) {
    const bytes = bytesOf(v);
    return { $bin: createHash('sha256').update(bytes).digest('hex'), len: bytes.length };
  }
  if (Array.isArray(v)) {
    return v.map(describe);
  }
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, describe(x)]));
  }
  return v;
};

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
