// Parley Chat: a connection whose session is revoked while it is away ("Sign out everywhere" from another device)
// must not come back through connection state recovery, which skips the handshake's token check. The laptop
// claims a nickname with a password and drops its transport (as a network failure would); the phone signs in
// with the password and signs out everywhere; the laptop comes back with its private id and last offset: it is
// recovered, then told `session:revoked` and disconnected by the server.
// Usage: node chat-revoked-recovery.mjs <url> <password>
import { io } from 'socket.io-client';
import { deadline, fail, finish, next, out } from './sio-common.mjs';

const [url, password] = process.argv.slice(2);
deadline(60000);
const nickname = `r${Math.random().toString(36).slice(2, 8)}`;
const options = { transports: ['websocket'], forceNew: true, reconnection: false };

const laptop = io(url, { ...options, auth: { nickname, password } });
await next(laptop, 'connect', { ms: 20000, failOn: ['connect_error'] }); // hashing is slow on purpose
const joined = await laptop.timeout(5000).emitWithAck('room:join', { room: 'general' });
if (!joined.ok) fail(`could not join: ${JSON.stringify(joined)}`);
// Recovery needs the offset of a broadcast the client received.
const seen = next(laptop, 'message');
await laptop.timeout(5000).emitWithAck('message:send', { room: 'general', text: 'before', clientId: 'c-before' });
await seen;
const gone = next(laptop, 'disconnect');
laptop.io.engine.close();
out({ ev: 'dropped', reason: (await gone)[0], canRecover: Boolean(laptop._pid && laptop._lastOffset) });

const phone = io(url, { ...options, auth: { nickname, password, mode: 'signin' } });
await next(phone, 'connect', { ms: 20000, failOn: ['connect_error'] });
const phoneClosed = next(phone, 'disconnect');
out({ ev: 'signed-out', ack: await phone.timeout(5000).emitWithAck('account:signout-all', {}) });
await phoneClosed;

const notice = next(laptop, 'session:revoked', { ms: 10000 });
const closed = next(laptop, 'disconnect', { ms: 10000 });
laptop.connect();
await next(laptop, 'connect', { ms: 10000, failOn: ['connect_error'] });
out({ ev: 'resumed', recovered: laptop.recovered });
out({ ev: 'revoked', code: (await notice)[0].code });
out({ ev: 'closed', reason: (await closed)[0] });
finish();
