package dev.parley.metrics.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The meters several layers feed: handshakes and their failures by protocol, slow-consumer closes and the
 * handler queue delay by layer. Counters are created once and cached; a failure reason's counter on its
 * first occurrence (reasons are a small fixed set: HTTP statuses, Engine.IO error names, two Socket.IO ones).
 */
public final class SharedMeters {
    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> failures = new ConcurrentHashMap<>();

    final Counter webSocketHandshakes;
    final Counter engineIoHandshakes;
    final Counter socketIoHandshakes;
    final Counter webSocketSlowConsumers;
    final Counter engineIoSlowConsumers;
    final Timer webSocketDelay;
    final Timer engineIoDelay;

    public SharedMeters(MeterRegistry registry) {
        this.registry = registry;
        webSocketHandshakes = handshakes("websocket");
        engineIoHandshakes = handshakes("engineio");
        socketIoHandshakes = handshakes("socketio");
        webSocketSlowConsumers = slowConsumers("websocket");
        engineIoSlowConsumers = slowConsumers("engineio");
        webSocketDelay = delay("websocket");
        engineIoDelay = delay("engineio");
    }

    private Counter handshakes(String protocol) {
        return Counter.builder(Names.HANDSHAKES).tag("protocol", protocol)
                .description("Handshakes completed: WebSocket upgrades, Engine.IO sessions, Socket.IO namespace joins")
                .register(registry);
    }

    private Counter slowConsumers(String layer) {
        return Counter.builder(Names.SLOW_CONSUMER_CLOSES).tag("layer", layer)
                .description("Connections closed because their client did not take what was sent to it")
                .register(registry);
    }

    private Timer delay(String layer) {
        return Timer.builder(Names.HANDLER_QUEUE_DELAY).tag("layer", layer)
                .description("Time from a message read to its handler starting")
                .serviceLevelObjectives(Names.DELAY_BUCKETS)
                .register(registry);
    }

    /** Counts a refused handshake; {@code reason} from a small fixed set. */
    void handshakeFailed(String protocol, String reason) {
        failures.computeIfAbsent(protocol + ' ' + reason, key -> Counter.builder(Names.HANDSHAKE_FAILURES)
                .tag("protocol", protocol).tag("reason", reason)
                .description("Handshakes refused, by protocol and reason")
                .register(registry)).increment();
    }
}
