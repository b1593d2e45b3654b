package dev.parley.metrics.internal;

import dev.parley.engineio.CloseReason;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Engine.IO layer's meters, shared by every Engine.IO server of the process. Every meter is made up
 * front (two transports, a fixed set of close reasons), so an event costs a field read and an increment.
 */
public final class EngineIoMeters implements EngineIoObserver {
    private final SharedMeters shared;
    private final ByTransport polling;
    private final ByTransport websocket;
    private final Counter upgrades;
    private final Counter heartbeatTimeouts;
    private final Map<CloseReason, Counter> closes = new EnumMap<>(CloseReason.class);

    public EngineIoMeters(MeterRegistry registry, SharedMeters shared) {
        this.shared = shared;
        polling = new ByTransport(registry, EngineIoConfig.POLLING);
        websocket = new ByTransport(registry, EngineIoConfig.WEBSOCKET);
        upgrades = Counter.builder(Names.EIO_UPGRADES)
                .description("Engine.IO sessions upgraded from polling to WebSocket").register(registry);
        heartbeatTimeouts = Counter.builder(Names.EIO_HEARTBEAT_TIMEOUTS)
                .description("Engine.IO sessions closed because the client did not answer a ping in time")
                .register(registry);
        for (CloseReason reason : CloseReason.values()) {
            closes.put(reason, Counter.builder(Names.EIO_CLOSES)
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .description("Engine.IO sessions closed, by reason").register(registry));
        }
    }

    /** The meters of one transport. */
    private static final class ByTransport {
        final AtomicLong open = new AtomicLong();
        final Counter received;
        final Counter sent;
        final Counter receivedBytes;
        final Counter sentBytes;

        ByTransport(MeterRegistry registry, String transport) {
            Gauge.builder(Names.EIO_SESSIONS, open, AtomicLong::get).tag("transport", transport)
                    .description("Open Engine.IO sessions, by current transport").register(registry);
            received = counter(registry, Names.EIO_MESSAGES_RECEIVED, transport, "Engine.IO messages received");
            sent = counter(registry, Names.EIO_MESSAGES_SENT, transport, "Engine.IO messages queued for clients");
            receivedBytes = counter(registry, Names.EIO_RECEIVED_BYTES, transport,
                    "Payload of Engine.IO messages received (text in characters)");
            sentBytes = counter(registry, Names.EIO_SENT_BYTES, transport,
                    "Payload of Engine.IO messages queued for clients (text in characters)");
        }

        private static Counter counter(MeterRegistry registry, String name, String transport, String description) {
            return Counter.builder(name).tag("transport", transport).description(description).register(registry);
        }
    }

    private ByTransport of(String transport) {
        if (EngineIoConfig.WEBSOCKET.equals(transport)) {
            return websocket;
        }
        return EngineIoConfig.POLLING.equals(transport) ? polling : null;
    }

    public long open(String transport) {
        ByTransport meters = of(transport);
        return meters == null ? 0 : meters.open.get();
    }

    @Override
    public void requestRefused(String reason) {
        shared.handshakeFailed("engineio", reason);
    }

    @Override
    public void sessionOpened(String transport) {
        shared.engineIoHandshakes.increment();
        ByTransport meters = of(transport);
        if (meters != null) {
            meters.open.incrementAndGet();
        }
    }

    @Override
    public void upgraded() {
        upgrades.increment();
        polling.open.decrementAndGet();
        websocket.open.incrementAndGet();
    }

    @Override
    public void sessionClosed(String transport, CloseReason reason) {
        ByTransport meters = of(transport);
        if (meters != null) {
            meters.open.decrementAndGet();
        }
        closes.get(reason).increment();
        if (reason == CloseReason.PING_TIMEOUT) {
            heartbeatTimeouts.increment();
        }
    }

    @Override
    public void messageReceived(String transport, int size) {
        ByTransport meters = of(transport);
        if (meters != null) {
            meters.received.increment();
            meters.receivedBytes.increment(size);
        }
    }

    @Override
    public void messageSent(String transport, int size) {
        ByTransport meters = of(transport);
        if (meters != null) {
            meters.sent.increment();
            meters.sentBytes.increment(size);
        }
    }

    @Override
    public void slowConsumerClosed() {
        shared.engineIoSlowConsumers.increment();
    }

    @Override
    public void handlerQueueDelay(long nanos) {
        shared.engineIoDelay.record(nanos, TimeUnit.NANOSECONDS);
    }
}
