package dev.parley.app;

import dev.parley.engineio.EngineIoObserver;
import dev.parley.metrics.MetricsServer;
import dev.parley.metrics.ParleyMetrics;
import dev.parley.server.Health;
import dev.parley.socketio.SocketIoObserver;
import dev.parley.websocket.WebSocketObserver;
import java.util.function.LongSupplier;
import picocli.CommandLine.Option;

/**
 * {@code serve}'s metrics options ({@code --metrics-port}, {@code --metrics-host}) and what they build: with a
 * port, one {@link ParleyMetrics} whose observers every layer of every application gets, served at
 * {@code /metrics} by a {@link MetricsServer} of its own; without one, no-op observers and no listener.
 */
public final class MetricsOptions {
    @Option(names = "--metrics-port", defaultValue = "${env:PARLEY_METRICS_PORT}",
            description = "Serve Prometheus metrics at /metrics on this port (0: any free port); unset, no metrics "
                    + "(env PARLEY_METRICS_PORT)")
    Integer metricsPort;

    @Option(names = "--metrics-host", defaultValue = "${env:PARLEY_METRICS_HOST:-127.0.0.1}",
            description = "Address the metrics port binds; loopback by default, so the figures are not public "
                    + "(env PARLEY_METRICS_HOST). Default: ${DEFAULT-VALUE}")
    String metricsHost;

    private ParleyMetrics metrics;
    private MetricsServer server;

    boolean enabled() {
        return metricsPort != null;
    }

    /** The registry, made on first use; null when metrics are off. */
    synchronized ParleyMetrics metrics() {
        if (metrics == null && enabled()) {
            metrics = ParleyMetrics.create();
        }
        return metrics;
    }

    WebSocketObserver webSocketObserver() {
        return enabled() ? metrics().webSocketObserver() : WebSocketObserver.NONE;
    }

    EngineIoObserver engineIoObserver(String path) {
        return enabled() ? metrics().engineIoObserver(path) : EngineIoObserver.NONE;
    }

    SocketIoObserver socketIoObserver() {
        return enabled() ? metrics().socketIoObserver() : SocketIoObserver.NONE;
    }

    /**
     * Starts the metrics listener if {@code --metrics-port} is set, with {@code health}'s {@code /healthz} and
     * {@code /readyz} beside {@code /metrics}, and the server's count of blocked event-loop turns
     * ({@code ParleyServer::blockedLoopReports}); returns it, or null.
     */
    synchronized MetricsServer start(ClusterMembership cluster, Health health, LongSupplier blockedLoopTurns)
            throws InterruptedException {
        if (!enabled()) {
            return null;
        }
        metrics().adapterErrors(cluster::lostPublishes, cluster::droppedDeliveries);
        metrics().blockedLoops(blockedLoopTurns);
        server = new MetricsServer(metrics(), metricsHost, metricsPort).withHealth(health).start();
        return server;
    }

    /** Stops the listener and releases the registry; nothing if metrics are off. */
    synchronized void close() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (metrics != null) {
                metrics.close();
            }
        }
    }
}
