package dev.parley.engineio.internal;

import dev.parley.engineio.CloseReason;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoListener;
import dev.parley.engineio.EngineIoSocket;
import dev.parley.engineio.spi.EngineMount;
import dev.parley.websocket.HandshakeRequest;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.spi.EndpointSessions;
import dev.parley.websocket.spi.HandlerDispatch;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The state of one Engine.IO server: its sessions by id, the timers of their event loops, the WebSocket
 * endpoint its WebSocket transport runs on, and the executor of listener callbacks. Created with the
 * server; {@link #start} is called by the HTTP server that mounts it.
 */
public final class EngineCore implements EngineMount {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The timeout grid's finest and coarsest tick (see {@link #tickMillis}). */
    static final long MIN_TICK_MILLIS = 10;
    static final long MAX_TICK_MILLIS = 100;
    /** A tick is at most this share of {@code pingTimeout}: the heartbeat's deadlines are never later by more. */
    static final long TICKS_PER_PING_TIMEOUT = 200;

    private final EngineIoConfig config;
    private final EngineIoListener listener;
    private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, StaticResource> resources = new ConcurrentHashMap<>();
    private volatile boolean started;
    /** A test's own timer: every session uses it, whatever its loop; null in the server. */
    private volatile SessionTimer sharedTimer;
    private final Map<EventLoop, LoopTimer> loopTimers = new ConcurrentHashMap<>();
    private volatile HandlerDispatch handlers;
    private volatile WebSocketEndpoint endpoint;
    private volatile LongSupplier clock = System::nanoTime;
    /** Message totals, once someone asked for them ({@link #countTraffic()}); null: nothing is counted. */
    private volatile TrafficCounter traffic;

    public EngineCore(EngineIoConfig config, EngineIoListener listener) {
        this.config = config;
        this.listener = listener;
    }

    /** Called once by the server that mounts this Engine.IO server, before any request. */
    @Override
    public synchronized void start(HandlerDispatch handlers, WebSocketConfig serverWebSocketConfig) {
        if (started) {
            throw new IllegalStateException("Engine.IO server already mounted: " + config.path());
        }
        this.handlers = handlers;
        this.started = true;
        // A WebSocket message is one packet: maxHttpBufferSize bounds it as it bounds a polling body.
        // Origins: socket.io does not check them on WebSocket unless CORS is configured.
        WebSocketConfig ws = serverWebSocketConfig.toBuilder()
                .maxMessageSize(config.maxHttpBufferSize())
                .maxFrameSize(config.maxHttpBufferSize())
                .allowedOrigins(config.corsOrigins().isEmpty() ? List.of("*") : config.corsOrigins())
                .build();
        this.endpoint = WebSocketEndpoint.builder(config.path(), new WebSocketTransportListener(this)).config(ws).build();
        // Sessions are found through this core's own map: the endpoint's registry would only cost heap.
        EndpointSessions.untrack(endpoint);
    }

    /**
     * The grid of the sessions' timeouts ({@link LoopTimer}): deadlines are rounded up to it, so that an
     * event loop wakes once per tick for every ping and pong deadline due in it, not once per connection: a
     * coarse tick is what keeps idle connections cheap. A deadline fires up to one tick late, never early, so
     * the tick is
     * {@code pingTimeout / 200}, between 10 ms and 100 ms: with the defaults (25 s / 20 s) a ping or a pong
     * deadline is at most 100 ms late (0.5% of {@code pingTimeout}); with test-sized heartbeats (300 / 200
     * ms) the tick stays 10 ms.
     */
    static long tickMillis(EngineIoConfig config) {
        long share = config.pingTimeout().toMillis() / TICKS_PER_PING_TIMEOUT;
        return Math.max(MIN_TICK_MILLIS, Math.min(MAX_TICK_MILLIS, share));
    }

    /** Tests: started with their own timer and clock, and no WebSocket endpoint. */
    synchronized void start(HandlerDispatch handlers, SessionTimer timer, LongSupplier clock) {
        this.handlers = handlers;
        this.sharedTimer = timer;
        this.started = true;
        this.clock = clock;
    }

    /** The heartbeat's clock: {@link System#nanoTime()} but in tests. */
    long nanoTime() {
        return clock.getAsLong();
    }

    /** Closes every session with "server shutting down". */
    @Override
    public void stop() {
        for (EngineSession session : new ArrayList<>(sessions.values())) {
            session.closeGracefully(CloseReason.SERVER_SHUTTING_DOWN);
        }
        // Nothing outlives a stop: polling sessions still waiting for their last poll go too.
        sessions.clear();
        synchronized (this) {
            // A stopped server may be mounted again (an HTTP server restarted with the same Engine.IO server),
            // on other event loops: the timers of these go with them.
            started = false;
            loopTimers.clear();
        }
    }

    /**
     * Closes at most {@code max} open sessions as {@link #stop()} does, one by one ("server shutting down"),
     * and returns how many it closed; sessions already closing are not counted. For a drain at a rate.
     */
    public int closeSessions(int max) {
        int closed = 0;
        for (EngineSession session : sessions.values()) {
            if (closed >= max) {
                break;
            }
            if (session.isOpen()) {
                session.closeGracefully(CloseReason.SERVER_SHUTTING_DOWN);
                closed++;
            }
        }
        return closed;
    }

    /** Bytes a session may have waiting for the application before it stops taking more from its client. */
    public long inboundLimit() {
        return Math.max(1 << 20, 2L * config.maxHttpBufferSize());
    }

    public EngineIoConfig config() {
        return config;
    }

    EngineIoListener listener() {
        return listener;
    }

    /**
     * The timer of the sessions served by {@code loop}: that loop's own (see {@link LoopTimer}), or a test's.
     * Every session has a loop in the server.
     */
    SessionTimer timerFor(EventLoop loop) {
        SessionTimer shared = sharedTimer;
        if (shared != null) {
            return shared;
        }
        Objects.requireNonNull(loop, "loop");
        LoopTimer existing = loopTimers.get(loop);
        return existing != null ? existing
                : loopTimers.computeIfAbsent(loop, l -> new LoopTimer(l, TimeUnit.MILLISECONDS.toNanos(tickMillis(config))));
    }

    HandlerDispatch handlers() {
        return handlers;
    }

    WebSocketEndpoint endpoint() {
        return endpoint;
    }

    public boolean isStarted() {
        return started;
    }

    /** @param loop the event loop serving the handshake: the session's handlers run there if so configured */
    EngineSession newSession(HandshakeRequest request, EventLoop loop) {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        EngineSession session = new EngineSession(this, id, request, loop);
        sessions.put(id, session);
        return session;
    }

    /** The open session with this id, or null. */
    public EngineSession session(String id) {
        return sessions.get(id);
    }

    /** See {@link dev.parley.engineio.EngineIoServer#payloadTooLarge}. */
    public void payloadTooLarge(String sid) {
        EngineSession session = sessions.get(sid);
        if (session != null && session.usesPolling()) {
            session.fail(CloseReason.TRANSPORT_ERROR, false);
        }
    }

    void remove(EngineSession session) {
        sessions.remove(session.id(), session);
    }

    public void addResource(String name, String contentType, byte[] body) {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("resource name must be a plain file name: " + name);
        }
        resources.put(config.path() + name, StaticResource.of(contentType, body));
    }

    StaticResource resource(String rawPath) {
        return resources.get(rawPath);
    }

    /** Starts counting messages and their bytes, if not yet; the counter every session adds to from now on. */
    public synchronized TrafficCounter countTraffic() {
        if (traffic == null) {
            traffic = new TrafficCounter();
        }
        return traffic;
    }

    /** The message counter, or null while nobody counts: one volatile read per message. */
    public TrafficCounter traffic() {
        return traffic;
    }

    public int clientsCount() {
        return sessions.size();
    }

    /** The open sessions: one still in its handshake (registered, no transport yet) is left out. */
    public Collection<EngineIoSocket> sockets() {
        return sessions.values().stream().filter(EngineSession::isOpened).<EngineIoSocket>map(s -> s).toList();
    }

    @Override
    public boolean matches(String rawPath) {
        return EngineRequests.matches(this, rawPath);
    }

    @Override
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, HandshakeRequest info, Runnable done,
            WebSocketHandoff handoff) {
        EngineRequests.handle(ctx, request, info, this, done, handoff);
    }

    /** The data of the open packet (Engine.IO v4 handshake). */
    String openPacketData(String sid, boolean polling) {
        boolean canUpgrade = polling && config.allowUpgrades() && config.transports().contains(EngineIoConfig.WEBSOCKET);
        return "{\"sid\":\"" + sid + "\",\"upgrades\":" + (canUpgrade ? "[\"websocket\"]" : "[]")
                + ",\"pingInterval\":" + config.pingInterval().toMillis()
                + ",\"pingTimeout\":" + config.pingTimeout().toMillis()
                + ",\"maxPayload\":" + config.maxHttpBufferSize() + "}";
    }
}
