package dev.parley.socketio;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.socketio.adapter.Adapter;
import dev.parley.socketio.adapter.AdapterNamespace;
import dev.parley.socketio.adapter.InMemoryAdapter;
import dev.parley.socketio.parser.JsonParser;
import dev.parley.socketio.parser.SocketIoParser;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Options of a Socket.IO server, with socket.io's names and defaults. Immutable; build with {@link #builder()}.
 *
 * @param engine the Engine.IO options; the path defaults to {@code /socket.io/}
 * @param connectTimeout a connection that joins no namespace within this time is closed. Default 45 s.
 * @param serveClient whether to serve the official browser client at {@code <path>socket.io.js},
 *     {@code socket.io.min.js} and their source maps. Default true.
 * @param parser the packet format. Default: socket.io-parser's JSON format ({@link JsonParser}).
 * @param adapterFactory creates the adapter of each namespace. Default: {@link InMemoryAdapter}.
 * @param maxDisconnectionDuration connection state recovery (socket.io 4.6+): how long the id, rooms, data
 *     and missed broadcasts of a socket whose connection dropped are kept for it to come back; null (the
 *     default, as in socket.io) turns recovery off.
 * @param recoverySkipMiddlewares whether a recovered socket skips the namespace middlewares. Default true.
 * @param recoveryMaxPackets connection state recovery: the most broadcasts a namespace keeps for dropped
 *     sockets; past it the oldest go, and a client that missed one of them gets a fresh session. Default
 *     {@value #DEFAULT_RECOVERY_MAX_PACKETS}.
 * @param recoveryMaxBytes the same bound in bytes of kept encoded packets (counted as the heap their text
 *     and binary take, plus a fixed overhead per packet). Default {@value #DEFAULT_RECOVERY_MAX_BYTES} (8 MiB).
 * @param observer watches the server for monitoring (metrics); {@link SocketIoObserver#NONE}, the default,
 *     observes nothing.
 */
public record SocketIoConfig(
        EngineIoConfig engine,
        Duration connectTimeout,
        boolean serveClient,
        SocketIoParser parser,
        Function<AdapterNamespace, Adapter> adapterFactory,
        Duration maxDisconnectionDuration,
        boolean recoverySkipMiddlewares,
        int recoveryMaxPackets,
        long recoveryMaxBytes,
        SocketIoObserver observer) {

    public static final String DEFAULT_PATH = "/socket.io/";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(45);
    /**
     * Broadcasts kept per namespace for connection state recovery: 10,000, a two-minute window of a busy
     * chat's room notices and messages. socket.io keeps every packet of the window, with no bound.
     */
    public static final int DEFAULT_RECOVERY_MAX_PACKETS = 10_000;
    /** Bytes of broadcasts kept per namespace for connection state recovery: 8 MiB. */
    public static final long DEFAULT_RECOVERY_MAX_BYTES = 8L * 1024 * 1024;

    public SocketIoConfig {
        Objects.requireNonNull(engine, "engine");
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(adapterFactory, "adapterFactory");
        Objects.requireNonNull(observer, "observer");
        if (maxDisconnectionDuration != null && (maxDisconnectionDuration.isNegative() || maxDisconnectionDuration.isZero())) {
            throw new IllegalArgumentException("maxDisconnectionDuration must be positive (or null for no recovery)");
        }
        if (recoveryMaxPackets < 1) {
            throw new IllegalArgumentException("recoveryMaxPackets must be at least 1");
        }
        if (recoveryMaxBytes < 1) {
            throw new IllegalArgumentException("recoveryMaxBytes must be at least 1");
        }
    }

    /** Whether connection state recovery is on. */
    public boolean recoveryEnabled() {
        return maxDisconnectionDuration != null;
    }

    public static SocketIoConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.engine = engine;
        b.connectTimeout = connectTimeout;
        b.serveClient = serveClient;
        b.parser = parser;
        b.adapterFactory = adapterFactory;
        b.maxDisconnectionDuration = maxDisconnectionDuration;
        b.recoverySkipMiddlewares = recoverySkipMiddlewares;
        b.recoveryMaxPackets = recoveryMaxPackets;
        b.recoveryMaxBytes = recoveryMaxBytes;
        b.observer = observer;
        return b;
    }

    /** Builder of {@link SocketIoConfig}. */
    public static final class Builder {
        private EngineIoConfig engine = EngineIoConfig.builder().path(DEFAULT_PATH).build();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private boolean serveClient = true;
        private SocketIoParser parser;
        private Function<AdapterNamespace, Adapter> adapterFactory = InMemoryAdapter::new;
        private Duration maxDisconnectionDuration;
        private boolean recoverySkipMiddlewares = true;
        private int recoveryMaxPackets = DEFAULT_RECOVERY_MAX_PACKETS;
        private long recoveryMaxBytes = DEFAULT_RECOVERY_MAX_BYTES;
        private SocketIoObserver observer = SocketIoObserver.NONE;

        private Builder() {
        }

        public Builder engine(EngineIoConfig engine) {
            this.engine = engine;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder serveClient(boolean serve) {
            this.serveClient = serve;
            return this;
        }

        public Builder parser(SocketIoParser parser) {
            this.parser = parser;
            return this;
        }

        public Builder adapterFactory(Function<AdapterNamespace, Adapter> factory) {
            this.adapterFactory = factory;
            return this;
        }

        /** Turns connection state recovery on, keeping state for this long (socket.io suggests 2 minutes). */
        public Builder connectionStateRecovery(Duration maxDisconnectionDuration) {
            this.maxDisconnectionDuration = maxDisconnectionDuration;
            return this;
        }

        public Builder recoverySkipMiddlewares(boolean skip) {
            this.recoverySkipMiddlewares = skip;
            return this;
        }

        /** The most broadcasts kept per namespace for recovery. Default {@value #DEFAULT_RECOVERY_MAX_PACKETS}. */
        public Builder recoveryMaxPackets(int max) {
            this.recoveryMaxPackets = max;
            return this;
        }

        /** The most bytes of broadcasts kept per namespace for recovery. Default 8 MiB. */
        public Builder recoveryMaxBytes(long max) {
            this.recoveryMaxBytes = max;
            return this;
        }

        /** Watches the server (metrics); default {@link SocketIoObserver#NONE}. */
        public Builder observer(SocketIoObserver observer) {
            this.observer = observer;
            return this;
        }

        public SocketIoConfig build() {
            return new SocketIoConfig(engine, connectTimeout, serveClient,
                    parser != null ? parser : new JsonParser(new ObjectMapper()), adapterFactory,
                    maxDisconnectionDuration, recoverySkipMiddlewares, recoveryMaxPackets, recoveryMaxBytes, observer);
        }
    }
}
