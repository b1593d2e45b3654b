package dev.parley.engineio;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Options of an Engine.IO server, with socket.io's names and defaults. Immutable; build with
 * {@link #builder()}.
 *
 * @param path where the server is mounted; requests to this path (with or without the trailing slash)
 *     are Engine.IO's. Default {@code /engine.io/} ({@code /socket.io/} under Socket.IO).
 * @param pingInterval how often the server pings. Default 25 s.
 * @param pingTimeout how long the client has to answer a ping before the session closes. Default 20 s.
 * @param upgradeTimeout how long a probing WebSocket may take to complete the upgrade. Default 10 s.
 * @param maxHttpBufferSize the largest message, and the largest polling request body, in bytes; also
 *     announced to clients as {@code maxPayload}. Default 1,000,000 (1 MB, as socket.io).
 * @param transports transports a client may use: {@code polling}, {@code websocket}. Default both.
 * @param allowUpgrades whether a polling session may upgrade to WebSocket. Default true.
 * @param corsOrigins origins allowed to make cross-origin polling requests; empty (the default, as in
 *     socket.io 3+) sends no CORS headers; {@code "*"} allows any origin.
 * @param corsCredentials whether to send {@code Access-Control-Allow-Credentials: true}. Default false.
 * @param cookieName name of the sticky-session cookie set on the handshake, or null for none (default).
 * @param httpCompressionThreshold polling responses at least this many bytes are gzip/deflate-compressed
 *     when the client accepts it; 0 disables compression. Default 1024.
 * @param allowRequest a hook that may refuse a handshake (403). Default: allow all.
 * @param maxBufferedAmount bytes queued for one session and not yet taken by its client (as they would be
 *     sent over polling): a polling client that sends but does not poll, or a session mid-upgrade. A message
 *     that would take the queue past it closes the session as a slow consumer ("transport error"), as a
 *     WebSocket past its own {@code maxBufferedAmount} is closed. Default {@value #DEFAULT_MAX_BUFFERED_AMOUNT}
 *     (4 MiB, as the WebSocket layer's). Independently, one poll is answered with at most
 *     {@code maxHttpBufferSize} bytes (unless a single packet is larger); the rest waits for the next poll.
 * @param observer watches the server for monitoring (metrics); {@link EngineIoObserver#NONE}, the default,
 *     observes nothing.
 */
public record EngineIoConfig(
        String path,
        Duration pingInterval,
        Duration pingTimeout,
        Duration upgradeTimeout,
        int maxHttpBufferSize,
        Set<String> transports,
        boolean allowUpgrades,
        List<String> corsOrigins,
        boolean corsCredentials,
        String cookieName,
        int httpCompressionThreshold,
        AllowRequest allowRequest,
        long maxBufferedAmount,
        EngineIoObserver observer) {

    public static final String DEFAULT_PATH = "/engine.io/";
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(25);
    public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_UPGRADE_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_HTTP_BUFFER_SIZE = 1_000_000;
    public static final int DEFAULT_HTTP_COMPRESSION_THRESHOLD = 1024;
    /** Bytes queued for one session's client before it is closed as a slow consumer: 4 MiB. */
    public static final long DEFAULT_MAX_BUFFERED_AMOUNT = 4_194_304;
    public static final String POLLING = "polling";
    public static final String WEBSOCKET = "websocket";

    public EngineIoConfig {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        requirePositive(pingInterval, "pingInterval");
        requirePositive(pingTimeout, "pingTimeout");
        requirePositive(upgradeTimeout, "upgradeTimeout");
        if (maxHttpBufferSize <= 0) {
            throw new IllegalArgumentException("maxHttpBufferSize must be positive");
        }
        transports = Set.copyOf(transports);
        if (transports.isEmpty() || !Set.of(POLLING, WEBSOCKET).containsAll(transports)) {
            throw new IllegalArgumentException("transports must be a non-empty subset of [polling, websocket]");
        }
        corsOrigins = List.copyOf(corsOrigins);
        if (httpCompressionThreshold < 0) {
            throw new IllegalArgumentException("httpCompressionThreshold must be >= 0");
        }
        Objects.requireNonNull(allowRequest, "allowRequest");
        if (maxBufferedAmount <= 0) {
            throw new IllegalArgumentException("maxBufferedAmount must be positive");
        }
        Objects.requireNonNull(observer, "observer");
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    public static EngineIoConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.path = path;
        b.pingInterval = pingInterval;
        b.pingTimeout = pingTimeout;
        b.upgradeTimeout = upgradeTimeout;
        b.maxHttpBufferSize = maxHttpBufferSize;
        b.transports = transports;
        b.allowUpgrades = allowUpgrades;
        b.corsOrigins = corsOrigins;
        b.corsCredentials = corsCredentials;
        b.cookieName = cookieName;
        b.httpCompressionThreshold = httpCompressionThreshold;
        b.allowRequest = allowRequest;
        b.maxBufferedAmount = maxBufferedAmount;
        b.observer = observer;
        return b;
    }

    /** Builder of {@link EngineIoConfig}. */
    public static final class Builder {
        private String path = DEFAULT_PATH;
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private Duration pingTimeout = DEFAULT_PING_TIMEOUT;
        private Duration upgradeTimeout = DEFAULT_UPGRADE_TIMEOUT;
        private int maxHttpBufferSize = DEFAULT_MAX_HTTP_BUFFER_SIZE;
        private Set<String> transports = Set.of(POLLING, WEBSOCKET);
        private boolean allowUpgrades = true;
        private List<String> corsOrigins = List.of();
        private boolean corsCredentials;
        private String cookieName;
        private int httpCompressionThreshold = DEFAULT_HTTP_COMPRESSION_THRESHOLD;
        private AllowRequest allowRequest = AllowRequest.all();
        private long maxBufferedAmount = DEFAULT_MAX_BUFFERED_AMOUNT;
        private EngineIoObserver observer = EngineIoObserver.NONE;

        private Builder() {
        }

        public Builder path(String path) {
            this.path = path;
            return this;
        }

        public Builder pingInterval(Duration interval) {
            this.pingInterval = interval;
            return this;
        }

        public Builder pingTimeout(Duration timeout) {
            this.pingTimeout = timeout;
            return this;
        }

        public Builder upgradeTimeout(Duration timeout) {
            this.upgradeTimeout = timeout;
            return this;
        }

        public Builder maxHttpBufferSize(int bytes) {
            this.maxHttpBufferSize = bytes;
            return this;
        }

        public Builder transports(Set<String> transports) {
            this.transports = transports;
            return this;
        }

        public Builder allowUpgrades(boolean allow) {
            this.allowUpgrades = allow;
            return this;
        }

        public Builder corsOrigins(List<String> origins) {
            this.corsOrigins = origins;
            return this;
        }

        public Builder corsCredentials(boolean credentials) {
            this.corsCredentials = credentials;
            return this;
        }

        public Builder cookieName(String name) {
            this.cookieName = name;
            return this;
        }

        public Builder httpCompressionThreshold(int bytes) {
            this.httpCompressionThreshold = bytes;
            return this;
        }

        public Builder allowRequest(AllowRequest hook) {
            this.allowRequest = hook;
            return this;
        }

        public Builder maxBufferedAmount(long bytes) {
            this.maxBufferedAmount = bytes;
            return this;
        }

        /** Watches the server (metrics); default {@link EngineIoObserver#NONE}. */
        public Builder observer(EngineIoObserver observer) {
            this.observer = observer;
            return this;
        }

        public EngineIoConfig build() {
            return new EngineIoConfig(path, pingInterval, pingTimeout, upgradeTimeout, maxHttpBufferSize, transports,
                    allowUpgrades, corsOrigins, corsCredentials, cookieName, httpCompressionThreshold, allowRequest,
                    maxBufferedAmount, observer);
        }
    }
}
