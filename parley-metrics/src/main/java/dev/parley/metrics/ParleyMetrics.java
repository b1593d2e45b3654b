package dev.parley.metrics;

import dev.parley.engineio.EngineIoObserver;
import dev.parley.metrics.internal.EngineIoMeters;
import dev.parley.metrics.internal.Names;
import dev.parley.metrics.internal.NettyMemoryMeters;
import dev.parley.metrics.internal.SharedMeters;
import dev.parley.metrics.internal.SocketIoMeters;
import dev.parley.metrics.internal.WebSocketMeters;
import dev.parley.socketio.SocketIoObserver;
import dev.parley.websocket.WebSocketObserver;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Parley's metrics in one Prometheus registry: the observers to set on each layer's config (WebSocket,
 * Engine.IO, Socket.IO), the cluster adapter's error counts, the JVM's memory, GC, threads and classes,
 * and Netty's memory. {@link #scrape()} gives the Prometheus text format; {@link MetricsServer} serves it.
 * docs/operations.md lists every metric.
 *
 * <p>Wiring, before the servers are built:
 * <pre>{@code
 * ParleyMetrics metrics = ParleyMetrics.create();
 * WebSocketConfig ws = WebSocketConfig.builder().observer(metrics.webSocketObserver()).build();
 * EngineIoConfig engine = EngineIoConfig.builder().path("/socket.io/")
 *         .observer(metrics.engineIoObserver("/socket.io/")).build();
 * SocketIoConfig io = SocketIoConfig.builder().engine(engine).observer(metrics.socketIoObserver()).build();
 * }</pre>
 *
 * <p>Thread-safe. The observers count with cached meters: an event costs a map lookup at most and an
 * atomic increment, with no allocation.
 */
public final class ParleyMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Set<String> engineIoPaths = ConcurrentHashMap.newKeySet();
    private final WebSocketMeters webSocket;
    private final EngineIoMeters engineIo;
    private final SocketIoMeters socketIo;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    private ParleyMetrics() {
        SharedMeters shared = new SharedMeters(registry);
        webSocket = new WebSocketMeters(registry, shared, engineIoPaths);
        engineIo = new EngineIoMeters(registry, shared);
        socketIo = new SocketIoMeters(registry, shared);
        connectionGauge("raw", webSocket::rawConnections);
        connectionGauge("websocket", () -> engineIo.open("websocket"));
        connectionGauge("polling", () -> engineIo.open("polling"));
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        NettyMemoryMeters.register(registry);
    }

    /** A registry with the JVM and Netty meters; the protocol meters appear as the observers see events. */
    public static ParleyMetrics create() {
        return new ParleyMetrics();
    }

    private void connectionGauge(String transport, LongSupplier open) {
        // Strongly held: Micrometer keeps a gauge's object weakly, and nothing else holds this lambda.
        Gauge.builder(Names.CONNECTIONS, open, LongSupplier::getAsLong).strongReference(true).tag("transport", transport)
                .description("Open client connections by transport: Engine.IO sessions (websocket, polling) and "
                        + "raw WebSocket endpoints (raw)")
                .register(registry);
    }

    /** The observer to set on the server's {@code WebSocketConfig}. */
    public WebSocketObserver webSocketObserver() {
        return webSocket;
    }

    /**
     * The observer to set on the {@code EngineIoConfig} of the Engine.IO server mounted at {@code path}: the
     * path's WebSockets then count as Engine.IO sessions, not raw endpoint connections.
     */
    public EngineIoObserver engineIoObserver(String path) {
        engineIoPaths.add(path.endsWith("/") ? path : path + "/");
        return engineIo;
    }

    /** The observer to set on a {@code SocketIoConfig}. */
    public SocketIoObserver socketIoObserver() {
        return socketIo;
    }

    /**
     * Counts a cluster adapter's errors, read at scrape time: publishes to the other servers that could not
     * be made, and messages from them dropped because a namespace could not keep up (for the Redis adapter,
     * {@code RedisCluster::lostPublishes} and {@code RedisCluster::droppedDeliveries}). Once per registry.
     */
    public ParleyMetrics adapterErrors(LongSupplier lostPublishes, LongSupplier droppedDeliveries) {
        FunctionCounter.builder(Names.ADAPTER_LOST_PUBLISHES, lostPublishes, LongSupplier::getAsLong)
                .description("Publishes to the other servers of the cluster that could not be made").register(registry);
        FunctionCounter.builder(Names.ADAPTER_DROPPED_DELIVERIES, droppedDeliveries, LongSupplier::getAsLong)
                .description("Messages from other servers dropped because a namespace could not keep up")
                .register(registry);
        return this;
    }

    /**
     * Counts the handler turns that ran past the blocked-loop warning threshold on an event loop, read at scrape
     * time (for a server, {@code ParleyServer::blockedLoopReports}; always 0 unless handlers run on the event
     * loops). Once per registry.
     */
    public ParleyMetrics blockedLoops(LongSupplier blockedTurns) {
        FunctionCounter.builder(Names.BLOCKED_LOOP_TURNS, blockedTurns, LongSupplier::getAsLong)
                .description("Handler turns that ran longer than the blocked-loop warning threshold on an event loop"
                        + " (each counted once, its warning logged or left out by the rate limit)")
                .register(registry);
        return this;
    }

    /** Every meter in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    /** The registry, to add meters of an application's own. */
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
