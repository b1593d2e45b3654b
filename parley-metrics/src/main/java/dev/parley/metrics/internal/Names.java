package dev.parley.metrics.internal;

import java.time.Duration;

/**
 * Meter names and shared settings. Micrometer names are dotted; the Prometheus registry writes them with
 * underscores, adds {@code _total} to counters, {@code _seconds} to timers and the base unit to gauges
 * ({@code parley.connections} is scraped as {@code parley_connections}). docs/operations.md lists them.
 */
public final class Names {
    public static final String CONNECTIONS = "parley.connections";
    public static final String HANDSHAKES = "parley.handshakes";
    public static final String HANDSHAKE_FAILURES = "parley.handshake.failures";
    public static final String SLOW_CONSUMER_CLOSES = "parley.slow.consumer.closes";
    public static final String HANDLER_QUEUE_DELAY = "parley.handler.queue.delay";

    public static final String WS_CONNECTIONS = "parley.websocket.connections";
    public static final String WS_MESSAGES_RECEIVED = "parley.websocket.messages.received";
    public static final String WS_MESSAGES_SENT = "parley.websocket.messages.sent";
    public static final String WS_RECEIVED_BYTES = "parley.websocket.received.bytes";
    public static final String WS_SENT_BYTES = "parley.websocket.sent.bytes";
    public static final String WS_CLOSES = "parley.websocket.closes";

    public static final String EIO_SESSIONS = "parley.engineio.sessions";
    public static final String EIO_MESSAGES_RECEIVED = "parley.engineio.messages.received";
    public static final String EIO_MESSAGES_SENT = "parley.engineio.messages.sent";
    public static final String EIO_RECEIVED_BYTES = "parley.engineio.received.bytes";
    public static final String EIO_SENT_BYTES = "parley.engineio.sent.bytes";
    public static final String EIO_UPGRADES = "parley.engineio.upgrades";
    public static final String EIO_HEARTBEAT_TIMEOUTS = "parley.engineio.heartbeat.timeouts";
    public static final String EIO_CLOSES = "parley.engineio.closes";

    public static final String SIO_SOCKETS = "parley.socketio.sockets";
    public static final String SIO_ROOMS = "parley.socketio.rooms";
    public static final String SIO_BROADCASTS = "parley.socketio.broadcasts";
    public static final String SIO_BROADCAST_RECIPIENTS = "parley.socketio.broadcast.recipients";
    public static final String SIO_ACKS_PENDING = "parley.socketio.acks.pending";
    public static final String SIO_ACK_TIMEOUTS = "parley.socketio.ack.timeouts";

    public static final String ADAPTER_LOST_PUBLISHES = "parley.adapter.lost.publishes";
    public static final String ADAPTER_DROPPED_DELIVERIES = "parley.adapter.dropped.deliveries";

    public static final String BLOCKED_LOOP_TURNS = "parley.event.loop.blocked.turns";

    /**
     * Buckets of the handler queue delay, 100 µs to 10 s: a healthy server hands a message over in well under
     * a millisecond; seconds mean handlers are saturated.
     */
    public static final Duration[] DELAY_BUCKETS = {
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
        Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private Names() {
    }
}
