package dev.parley.adminui.internal;

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
 */
public final class StatsReporter {
    private final SocketIoServer io;
    private final EventBuffer events;
    private final String serverId;
    private final String hostname;
    private final long pid = ProcessHandle.current().pid();

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
        stats.put("aggregatedEvents", events.drain());
        List<Map<String, Object>> namespaces = new ArrayList<>();
        for (Namespace namespace : io.namespaces()) {
            namespaces.add(Map.of("name", namespace.name(), "socketsCount", namespace.sockets().size()));
        }
        stats.put("namespaces", namespaces);
        return stats;
    }
}
