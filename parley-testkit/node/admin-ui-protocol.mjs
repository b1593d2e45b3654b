// The admin UI's protocol, spoken by the official socket.io-client as the UI speaks it, against a server
// instrumented with basic auth (user "admin") in development mode, whose "/" handler puts every socket in
// room "lobby". Prints one JSON observation per step (see AdminUiProtocolIT).
// Usage: node admin-ui-protocol.mjs <url> <password>
import { io } from 'socket.io-client';
import { deadline, finish, next, out } from './sio-common.mjs';

const [url, password] = process.argv.slice(2);
deadline(20000);
const admin = (auth) => io(`${url}/admin`, { forceNew: true, reconnection: false, withCredentials: true, auth });

// A wrong password is refused with the message the UI shows.
const intruder = admin({ username: 'admin', password: `${password}x` });
const [refusal] = await next(intruder, 'connect_error', { failOn: ['connect'] });
out({ ev: 'refused', message: refusal.message });
intruder.close();

const user = io(url, { forceNew: true, reconnection: false });
await next(user, 'connect', { failOn: ['connect_error'] });
out({ ev: 'user', id: user.id });

// The right password: a session id, the features, every socket, then the stats.
const ui = admin({ username: 'admin', password });
const session = next(ui, 'session');
const config = next(ui, 'config');
const allSockets = next(ui, 'all_sockets');
const stats = next(ui, 'server_stats');
await next(ui, 'connect', { failOn: ['connect_error'] });
out({ ev: 'session', id: (await session)[0] });
out({ ev: 'config', config: (await config)[0] });
out({ ev: 'all_sockets', sockets: (await allSockets)[0] });
out({ ev: 'server_stats', stats: (await stats)[0] });

// The UI reconnects with its session id alone.
const again = admin({ sessionId: (await session)[0] });
await next(again, 'connect', { failOn: ['connect_error'] });
out({ ev: 'session_login' });
again.close();

// A new user starts on polling and upgrades: the UI learns of the upgrade (socket_updated), unless the
// upgrade was already done when the user joined its namespace.
const connected = new Promise((resolve) => ui.on('socket_connected', (socket) => socket.nsp === '/' && resolve(socket)));
const upgraded = new Promise((resolve) => ui.on('socket_updated', (update) => update.transport && resolve(update)));
const upgrader = io(url, { forceNew: true, reconnection: false });
const first = await connected;
const last = first.transport === 'websocket' ? first : await upgraded;
out({ ev: 'upgrade', first: first.transport, id: first.id, update: last === first ? null : last });
upgrader.close();

// The user's events are seen in development mode.
const received = next(ui, 'event_received');
user.emit('hello', 'world', 42);
out({ ev: 'event_received', args: await received });

// Commands, as the UI sends them for one socket (the filter is the socket's id, its own room).
// Only the user's: the upgrader's close above may still be on its way (its own room_left of "lobby").
const ofUser = (args) => args[2] === user.id;
const joined = next(ui, 'room_joined', { where: ofUser });
ui.emit('join', '/', 'vip', user.id);
out({ ev: 'room_joined', args: await joined });
const left = next(ui, 'room_left', { where: ofUser });
ui.emit('leave', '/', 'lobby', user.id);
out({ ev: 'room_left', args: await left });

const userGone = next(user, 'disconnect');
const reported = next(ui, 'socket_disconnected');
ui.emit('_disconnect', '/', false, user.id);
out({ ev: 'user_disconnect', reason: (await userGone)[0] });
out({ ev: 'socket_disconnected', args: await reported });

ui.close();
finish();
