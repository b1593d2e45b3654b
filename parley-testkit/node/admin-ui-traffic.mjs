// Known traffic, then the admin namespace's server_stats: two users, one on WebSocket only and one on polling
// only, each send <count> `echo` events of <size> ASCII characters and get each echoed back (acks). The admin
// socket, connected before the traffic, prints the sum of every aggregatedEvents type it got in server_stats,
// from its connection until two reports after the last echo came back (the first of them may have been
// built before it).
// Usage: node admin-ui-traffic.mjs <url> <count> <size>
import { io } from 'socket.io-client';
import { deadline, finish, next, out } from './sio-common.mjs';

const [url, countArg, sizeArg] = process.argv.slice(2);
const count = Number(countArg);
const size = Number(sizeArg);
deadline(30000);

const admin = io(`${url}/admin`, { forceNew: true, reconnection: false });
const totals = {};
let reports = 0;
admin.on('server_stats', (stats) => {
  reports++;
  for (const { type, count: n } of stats.aggregatedEvents) {
    totals[type] = (totals[type] ?? 0) + n;
  }
});
await next(admin, 'connect', { failOn: ['connect_error'] });

const text = 'x'.repeat(size);
for (const transports of [['websocket'], ['polling']]) {
  const user = io(url, { forceNew: true, reconnection: false, transports });
  await next(user, 'connect', { failOn: ['connect_error'] });
  for (let i = 0; i < count; i++) {
    const echoed = await user.timeout(5000).emitWithAck('echo', text);
    if (echoed !== text) {
      throw new Error(`echo ${i} on ${transports}: ${String(echoed).length} characters back`);
    }
  }
  user.close();
}

const seen = reports;
await next(admin, 'server_stats', { where: () => reports >= seen + 2, ms: 10000 });
out({ ev: 'totals', totals, reports });
admin.close();
finish();
