package dev.parley.server;

import dev.parley.websocket.WebSocketConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of a {@link ParleyServer}. Immutable; build with {@link #builder()}.
 *
 * @param host address to bind. Default {@value #DEFAULT_HOST}.
 * @param port port to bind; 0 picks a free one. Default {@value #DEFAULT_PORT}.
 * @param webSocket limits and options of WebSocket endpoints that have none of their own
 * @param handshakeTimeout longest time a connection may take to send a complete HTTP request (slow
 *     clients and half-open sockets are closed). Default 10 seconds.
 * @param httpIdleTimeout an HTTP keep-alive connection idle this long is closed (one serving a request, e.g. a
 *     long poll, is not idle; an open stream has no idle timeout). Default 60 seconds.
 * @param maxRequestBodySize largest HTTP request body on a path without a limit of its own: static files,
 *     unknown paths, WebSocket endpoints (application routes have theirs, Engine.IO paths their
 *     {@code maxHttpBufferSize}). 413 above, as soon as the declared length or the bytes received pass it.
 *     Default {@value #DEFAULT_MAX_REQUEST_BODY_SIZE} bytes.
 * @param trustedProxies peers whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} are believed
 *     (IP addresses, or {@code *} for any); empty (the default) believes nobody
 * @param staticDir a directory served at {@code /} before the built-in pages, or null
 * @param shutdownGrace how long a graceful stop waits for WebSocket close handshakes. Default 5 seconds.
 * @param transport the network transport; an explicit one that does not load here makes {@code start()}
 *     fail with the reason. Default {@link Transport#AUTO} (epoll, else io_uring, else NIO).
 * @param handlerExecution where endpoint and Socket.IO handlers run. Default {@link HandlerExecution#AUTO}.
 * @param reusePort bind with {@code SO_REUSEPORT}, so that several server processes can share one port and
 *     the kernel spreads connections across them (Linux). Default false.
 * @param tls TLS on the port ({@code https}, {@code wss}), or null (the default) for plain HTTP
 * @param blockingThreads most threads that run blocking HTTP work at once: application routes, their head
 *     checks and static files. More requests wait in order for a thread (each connection has at most one in
 *     flight, so the wait is bounded by the connections); idle threads end after a minute. Default
 *     {@value #DEFAULT_BLOCKING_THREADS}.
 * @param blockedLoopWarning with {@link HandlerExecution#EVENT_LOOP}, a handler turn that runs longer than this
 *     on an event loop is logged as a WARN with the loop's stack (by one checker thread, which exists only in
 *     that mode); {@link Duration#ZERO} disables the check. Default 1 second ({@link #DEFAULT_BLOCKED_LOOP_WARNING}).
 * @param blockedLoopReportInterval of the turns that pass {@code blockedLoopWarning}, at most one per event loop
 *     per this interval is logged with its stack; the others are counted and the next report gives their number.
 *     Default 60 seconds ({@link #DEFAULT_BLOCKED_LOOP_REPORT_INTERVAL}).
 */
public record ServerConfig(
        String host,
        int port,
        WebSocketConfig webSocket,
        Duration handshakeTimeout,
        Duration httpIdleTimeout,
        int maxRequestBodySize,
        List<String> trustedProxies,
        Path staticDir,
        Duration shutdownGrace,
        Transport transport,
        HandlerExecution handlerExecution,
        boolean reusePort,
        TlsConfig tls,
        int blockingThreads,
        Duration blockedLoopWarning,
        Duration blockedLoopReportInterval) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 3000;
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HTTP_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** No page needs a body: small, so that a body sent anywhere costs little. */
    public static final int DEFAULT_MAX_REQUEST_BODY_SIZE = 65_536;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);
    /**
     * Enough for a database pool's worth of slow routes and static files at once; a bound, because every
     * waiting long poll answered by one event comes back at once (a push topic's 2,500 pollers once grew an
     * unbounded pool to 1,460 threads).
     */
    public static final int DEFAULT_BLOCKING_THREADS = 64;
    /**
     * Half of Vert.x's 2 s for event loops: a loop stalled for a second delays every one of its connections by
     * that much, worth a line in the log. A stop-the-world pause does not cause false reports: it stops the
     * checker too, and a gap in its ticks is not counted.
     */
    public static final Duration DEFAULT_BLOCKED_LOOP_WARNING = Duration.ofSeconds(1);
    /** One stack per loop per minute: a handler that blocks on every message cannot flood the log. */
    public static final Duration DEFAULT_BLOCKED_LOOP_REPORT_INTERVAL = Duration.ofSeconds(60);

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(webSocket, "webSocket");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(httpIdleTimeout, "httpIdleTimeout");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(handlerExecution, "handlerExecution");
        Objects.requireNonNull(blockedLoopWarning, "blockedLoopWarning");
        Objects.requireNonNull(blockedLoopReportInterval, "blockedLoopReportInterval");
        if (blockedLoopWarning.isNegative()) {
            throw new IllegalArgumentException("blockedLoopWarning must not be negative: " + blockedLoopWarning);
        }
        if (blockedLoopReportInterval.isNegative()) {
            throw new IllegalArgumentException("blockedLoopReportInterval must not be negative: "
                    + blockedLoopReportInterval);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (blockingThreads < 1) {
            throw new IllegalArgumentException("blockingThreads must be at least 1: " + blockingThreads);
        }
        trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * Whether a native transport may be used (anything but {@link Transport#NIO}).
     *
     * @deprecated use {@link #transport()}
     */
    @Deprecated
    public boolean nativeTransport() {
        return transport != Transport.NIO;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link ServerConfig}. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private WebSocketConfig webSocket = WebSocketConfig.defaults();
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private Duration httpIdleTimeout = DEFAULT_HTTP_IDLE_TIMEOUT;
        private int maxRequestBodySize = DEFAULT_MAX_REQUEST_BODY_SIZE;
        private List<String> trustedProxies = List.of();
        private Path staticDir;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;
        private Transport transport = Transport.AUTO;
        private HandlerExecution handlerExecution = HandlerExecution.AUTO;
        private boolean reusePort;
        private TlsConfig tls;
        private int blockingThreads = DEFAULT_BLOCKING_THREADS;
        private Duration blockedLoopWarning = DEFAULT_BLOCKED_LOOP_WARNING;
        private Duration blockedLoopReportInterval = DEFAULT_BLOCKED_LOOP_REPORT_INTERVAL;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder webSocket(WebSocketConfig webSocket) {
            this.webSocket = webSocket;
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        public Builder httpIdleTimeout(Duration timeout) {
            this.httpIdleTimeout = timeout;
            return this;
        }

        public Builder maxRequestBodySize(int bytes) {
            this.maxRequestBodySize = bytes;
            return this;
        }

        public Builder trustedProxies(List<String> proxies) {
            this.trustedProxies = proxies;
            return this;
        }

        public Builder staticDir(Path dir) {
            this.staticDir = dir;
            return this;
        }

        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = grace;
            return this;
        }

        /** The network transport. Default {@link Transport#AUTO}. */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /**
         * {@code false}: {@link Transport#NIO}; {@code true}: {@link Transport#AUTO}.
         *
         * @deprecated use {@link #transport(Transport)}
         */
        @Deprecated
        public Builder nativeTransport(boolean enabled) {
            this.transport = enabled ? Transport.AUTO : Transport.NIO;
            return this;
        }

        public Builder handlerExecution(HandlerExecution execution) {
            this.handlerExecution = execution;
            return this;
        }

        public Builder reusePort(boolean enabled) {
            this.reusePort = enabled;
            return this;
        }

        /** Serves TLS on the port; null (the default) for plain HTTP. */
        public Builder tls(TlsConfig tlsConfig) {
            this.tls = tlsConfig;
            return this;
        }

        /** Most threads running blocking HTTP work at once. Default {@value #DEFAULT_BLOCKING_THREADS}. */
        public Builder blockingThreads(int threads) {
            this.blockingThreads = threads;
            return this;
        }

        /**
         * With {@link HandlerExecution#EVENT_LOOP}, a handler turn longer than this on an event loop is logged
         * with the loop's stack; {@link Duration#ZERO} disables the check. Default 1 second.
         */
        public Builder blockedLoopWarning(Duration threshold) {
            this.blockedLoopWarning = threshold;
            return this;
        }

        /** At most one blocked-loop stack per event loop per this interval. Default 60 seconds. */
        public Builder blockedLoopReportInterval(Duration interval) {
            this.blockedLoopReportInterval = interval;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(host, port, webSocket, handshakeTimeout, httpIdleTimeout, maxRequestBodySize,
                    trustedProxies, staticDir, shutdownGrace, transport, handlerExecution, reusePort, tls, blockingThreads,
                    blockedLoopWarning, blockedLoopReportInterval);
        }
    }
}
