package dev.parley.adminui.internal;

import dev.parley.engineio.EngineIoTraffic;
import dev.parley.socketio.Namespace;
import dev.parley.socketio.SocketIoServer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@code server_stats} event the UI's dashboard and server list show:
 * {@code {serverId, hostname, pid, uptime, clientsCount, pollingClientsCount, aggregatedEvents, namespaces}}.
 * The admin namespace's emit goes through its adapter, so with a cluster adapter every server's stats
 * reach every UI, whichever server it is connected to.
 *
 * <p>The dashboard's bytes histogram reads the {@code bytesIn} and {@code bytesOut} entries of
 * {@code aggregatedEvents} ({@code packetsIn} and {@code packetsOut} go with them, as the Node server sends
 * them). The Node server adds to them per packet, in the second it happens; here the engine counts
 * ({@link dev.parley.socketio.SocketIoServer#engine()}'s {@code countTraffic()}, started by the admin UI) and
 * each report adds what was counted since the previous one, in the second of the report. Used by one thread
 * (the stats timer).
 */
public final class StatsReporter {
    private final SocketIoServer io;
    private final EventBuffer events;
    private final String serverId;
    private final String hostname;
    private final long pid = ProcessHandle.current().pid();
    /** The engine's totals at the previous report. */
    private EngineIoTraffic reported = EngineIoTraffic.NONE;

    public StatsReporter(SocketIoServer io, EventBuffer events, String serverId, String hostname) {
        this.io = io;
        this.events = events;
        this.serverId = serverId;
        this.hostname = hostname;
    }

    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("serverId", serverId);
        stats.put("hostname", hostname);
        stats.put("pid", pid);
        stats.put("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        stats.put("clientsCount", io.engine().clientsCount());
        stats.put("pollingClientsCount", io.engine().sockets().stream()
                .filter(s -> "polling".equals(s.transport())).count());
        addTraffic();
        stats.put("aggregatedEvents", events.drain());
        List<Map<String, Object>> namespaces = new ArrayList<>();
        for (Namespace namespace : io.namespaces()) {
            namespaces.add(Map.of("name", namespace.name(), "socketsCount", namespace.sockets().size()));
        }
        stats.put("namespaces", namespaces);
        return stats;
    }

    /** What the engine counted since the previous report, as the Node server's event types (none when zero). */
    private void addTraffic() {
        EngineIoTraffic now = io.engine().traffic();
        addIfAny("packetsIn", now.packetsIn() - reported.packetsIn());
        addIfAny("packetsOut", now.packetsOut() - reported.packetsOut());
        addIfAny("bytesIn", now.bytesIn() - reported.bytesIn());
        addIfAny("bytesOut", now.bytesOut() - reported.bytesOut());
        reported = now;
    }

    private void addIfAny(String type, long count) {
        if (count > 0) {
            events.add(type, null, count);
        }
    }
}
