// The admin UI's view of a cluster: a user on server B, the UI on server A (no authentication, development
// mode). The UI gets both servers' stats, lists the user (fetched from B), sees B's room event for a join it
// asked A for, and its _disconnect, sent to A, disconnects the user on B.
// Usage: node admin-ui-cluster.mjs <urlA> <urlB>
import { io } from 'socket.io-client';
import { deadline, finish, next, out } from './sio-common.mjs';

const [urlA, urlB] = process.argv.slice(2);
deadline(25000);

const user = io(urlB, { forceNew: true, reconnection: false });
await next(user, 'connect', { failOn: ['connect_error'] });
out({ ev: 'user', id: user.id });

const ui = io(`${urlA}/admin`, { forceNew: true, reconnection: false });
const servers = new Set();
const bothServers = new Promise((resolve) => {
  ui.on('server_stats', (stats) => {
    servers.add(stats.serverId);
    if (servers.size === 2) {
      resolve();
    }
  });
});
const allSockets = next(ui, 'all_sockets');
await next(ui, 'connect', { failOn: ['connect_error'] });
out({ ev: 'all_sockets', sockets: (await allSockets)[0] });
await bothServers;
out({ ev: 'servers', ids: [...servers].sort() });

const joined = next(ui, 'room_joined');
ui.emit('join', '/', 'vip', user.id);
out({ ev: 'room_joined', args: await joined });

const userGone = next(user, 'disconnect');
ui.emit('_disconnect', '/', false, user.id);
out({ ev: 'user_disconnect', reason: (await userGone)[0] });

ui.close();
finish();
