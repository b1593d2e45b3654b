package dev.parley.metrics.internal;

import dev.parley.websocket.WebSocketObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket layer's meters, by endpoint path. The meters of a path are made on its first event and
 * then found with one map lookup per event (no allocation); paths are the server's mounted endpoints, so
 * their number is fixed. Paths that belong to Engine.IO are told apart (see {@link #isEngineIo}): their
 * connections count as Engine.IO sessions in {@code parley_connections}, not as raw ones, and their handler
 * delay is Engine.IO's (its WebSocket callbacks run inline and only hand over).
 */
public final class WebSocketMeters implements WebSocketObserver {
    private final MeterRegistry registry;
    private final SharedMeters shared;
    private final Set<String> engineIoPaths;
    private final ConcurrentMap<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    /** @param engineIoPaths a live set of the paths of Engine.IO servers (each with its trailing slash) */
    public WebSocketMeters(MeterRegistry registry, SharedMeters shared, Set<String> engineIoPaths) {
        this.registry = registry;
        this.shared = shared;
        this.engineIoPaths = engineIoPaths;
    }

    /** The meters of one endpoint path. */
    private final class Endpoint {
        final String path;
        final boolean engineIo;
        final AtomicLong open = new AtomicLong();
        final Counter received;
        final Counter sent;
        final Counter receivedBytes;
        final Counter sentBytes;
        final ConcurrentMap<Integer, Counter> closes = new ConcurrentHashMap<>();

        Endpoint(String path) {
            this.path = path;
            this.engineIo = isEngineIo(path);
            Gauge.builder(Names.WS_CONNECTIONS, open, AtomicLong::get).tag("endpoint", path)
                    .description("Open WebSocket connections, by endpoint path").register(registry);
            received = counter(Names.WS_MESSAGES_RECEIVED, "WebSocket data messages received");
            sent = counter(Names.WS_MESSAGES_SENT, "WebSocket data frames sent");
            receivedBytes = counter(Names.WS_RECEIVED_BYTES, "Bytes read from WebSockets, frames as on the wire");
            sentBytes = counter(Names.WS_SENT_BYTES, "Bytes of WebSocket data frames written, as on the wire");
        }

        private Counter counter(String name, String description) {
            return Counter.builder(name).tag("endpoint", path).description(description).register(registry);
        }

        Counter close(int code) {
            return closes.computeIfAbsent(code, c -> Counter.builder(Names.WS_CLOSES).tag("endpoint", path)
                    .tag("code", Integer.toString(c))
                    .description("WebSocket connections closed, by close code (1006: no close frame)")
                    .register(registry));
        }
    }

    private boolean isEngineIo(String path) {
        return engineIoPaths.contains(path.endsWith("/") ? path : path + "/");
    }

    private Endpoint endpoint(String path) {
        Endpoint endpoint = endpoints.get(path);
        return endpoint != null ? endpoint : endpoints.computeIfAbsent(path, Endpoint::new);
    }

    /** Open WebSockets of raw endpoints (not Engine.IO's): the {@code raw} transport of parley_connections. */
    public long rawConnections() {
        long sum = 0;
        for (Endpoint endpoint : endpoints.values()) {
            if (!endpoint.engineIo) {
                sum += endpoint.open.get();
            }
        }
        return sum;
    }

    @Override
    public void handshakeRejected(String path, int status) {
        shared.handshakeFailed("websocket", Integer.toString(status));
    }

    @Override
    public void opened(String path) {
        endpoint(path).open.incrementAndGet();
        shared.webSocketHandshakes.increment();
    }

    @Override
    public void closed(String path, int code) {
        Endpoint endpoint = endpoint(path);
        endpoint.open.decrementAndGet();
        endpoint.close(code).increment();
    }

    @Override
    public void messageReceived(String path) {
        endpoint(path).received.increment();
    }

    @Override
    public void bytesReceived(String path, long bytes) {
        endpoint(path).receivedBytes.increment(bytes);
    }

    @Override
    public void messageSent(String path, long bytes) {
        Endpoint endpoint = endpoint(path);
        endpoint.sent.increment();
        endpoint.sentBytes.increment(bytes);
    }

    @Override
    public void slowConsumerClosed(String path) {
        shared.webSocketSlowConsumers.increment();
    }

    @Override
    public void handlerQueueDelay(String path, long nanos) {
        if (!endpoint(path).engineIo) {
            shared.webSocketDelay.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
