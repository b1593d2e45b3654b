// One Manager (one Engine.IO connection) multiplexing "/" and "/admin"; "/admin" first refuses a wrong token
// (connect_error with message and data) and then takes the right one; "/nope" does not exist.
// Usage: node sio-namespaces.mjs <url>
import { Manager } from 'socket.io-client';
import { clientOptions, deadline, finish, next, out } from './sio-common.mjs';

const [url] = process.argv.slice(2);
deadline(15000);

const manager = new Manager(url, { ...clientOptions, reconnection: false });
const main = manager.socket('/', { auth: { token: 'main-token', n: 1 } });
await next(main, 'connect', { failOn: ['connect_error'] });
out({ ev: 'connect', nsp: '/', id: main.id, engine: manager.engine.id });

const admin = manager.socket('/admin', { auth: { token: 'wrong' } });
const [refused] = await next(admin, 'connect_error', { failOn: ['connect'] });
out({ ev: 'connect_error', nsp: '/admin', message: refused.message, data: refused.data ?? null, active: admin.active });

admin.auth = { token: 'admin-token' };
admin.connect();
await next(admin, 'connect', { failOn: ['connect_error'] });
out({ ev: 'connect', nsp: '/admin', id: admin.id, engine: manager.engine.id });

const nope = manager.socket('/nope');
const [invalid] = await next(nope, 'connect_error', { failOn: ['connect'] });
out({ ev: 'connect_error', nsp: '/nope', message: invalid.message, data: invalid.data ?? null, active: nope.active });

const [mainWho, adminWho] = await Promise.all([main.emitWithAck('whoami'), admin.emitWithAck('whoami')]);
out({ ev: 'whoami', main: mainWho, admin: adminWho });
out({ ev: 'state', main: main.connected, admin: admin.connected, engine: manager.engine.id });

// The server checks its side while both namespaces are connected, then acks.
await main.timeout(10000).emitWithAck('checkpoint', manager.engine.id);
main.disconnect();
admin.disconnect();
finish();
