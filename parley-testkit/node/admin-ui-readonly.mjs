// A read-only admin namespace without authentication: the UI connects, is told no command is supported,
// and a `_disconnect` it sends anyway leaves the user connected: once the server has handled the UI's
// next packet (its own disconnect, which a second UI sees as socket_disconnected), the user still gets the
// answer to a ping over the connection a DISCONNECT packet would have come on first.
// Usage: node admin-ui-readonly.mjs <url>
import { io } from 'socket.io-client';
import { deadline, finish, next, out } from './sio-common.mjs';

const [url] = process.argv.slice(2);
deadline(20000);
const admin = () => io(`${url}/admin`, { forceNew: true, reconnection: false });

const user = io(url, { forceNew: true, reconnection: false });
await next(user, 'connect', { failOn: ['connect_error'] });
let userDisconnect = null;
user.on('disconnect', (reason) => {
  userDisconnect = reason;
});

const watcher = admin();
await next(watcher, 'connect', { failOn: ['connect_error'] });
const ui = admin();
const config = next(ui, 'config');
await next(ui, 'connect', { failOn: ['connect_error'] });
out({ ev: 'config', config: (await config)[0] });

const uiId = ui.id;
const uiGone = new Promise((resolve) => {
  watcher.on('socket_disconnected', (nsp, id) => {
    if (nsp === '/admin' && id === uiId) {
      resolve();
    }
  });
});
ui.emit('_disconnect', '/', false, user.id);
ui.emit('_disconnect', '/', true, user.id);
ui.disconnect();
await uiGone;
const pong = await user.timeout(5000).emitWithAck('ping');
out({ ev: 'user_after', connected: user.connected, pong, disconnect: userDisconnect });

watcher.close();
user.close();
finish();
