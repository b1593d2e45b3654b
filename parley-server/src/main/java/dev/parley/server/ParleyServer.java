package dev.parley.server;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoServer;
import dev.parley.engineio.spi.EngineMount;
import dev.parley.server.internal.AcceptGuard;
import dev.parley.server.internal.BlockedLoopChecker;
import dev.parley.server.internal.ClientAddressResolver;
import dev.parley.server.internal.FrontCounters;
import dev.parley.server.internal.HttpFront;
import dev.parley.server.internal.HttpChannelInitializer;
import dev.parley.server.internal.HttpRoute;
import dev.parley.server.internal.HttpRouter;
import dev.parley.server.internal.OpenExchanges;
import dev.parley.server.internal.StaticFiles;
import dev.parley.server.internal.Transports;
import dev.parley.server.internal.tls.HttpsRedirectInitializer;
import dev.parley.server.internal.tls.ServerTls;
import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.WebSocketSession;
import dev.parley.websocket.spi.HandlerDispatch;
import dev.parley.websocket.spi.HandlerExecutors;
import dev.parley.websocket.spi.WatchedLoop;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embeddable Parley server: one port for HTTP, static files and WebSocket endpoints.
 *
 * <p>Lifecycle: construct, {@link #addEndpoint} any number of times, {@link #start()}, then
 * {@link #stop()} (or {@link #close()}), which stops accepting, closes every WebSocket with 1001, waits up
 * to {@link ServerConfig#shutdownGrace()} for the close handshakes, and releases all threads.
 * Endpoints cannot be added after start. Thread-safe.
 */
public final class ParleyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ParleyServer.class);
    private static final String CLASSPATH_PAGES = "dev/parley/server/public";

    private final ServerConfig config;
    private final Map<String, WebSocketEndpoint> endpoints = new LinkedHashMap<>();
    private final List<EngineIoServer> engines = new ArrayList<>();
    private final List<HttpRoute> routes = new ArrayList<>();
    private String classpathPages = CLASSPATH_PAGES;
    private final FrontCounters counters = new FrontCounters();
    private final OpenExchanges exchanges = new OpenExchanges();
    /**
     * Netty's default read sizing (adaptive, 16 reads per wake-up, as its stream channels set by default), one
     * instance for every connection: it holds only its bounds (each connection's state is its own handle), and
     * by default Netty gives each connection a copy, 32 bytes of heap per idle connection.
     */
    private static final RecvByteBufAllocator SHARED_RECEIVE_SIZING =
            new AdaptiveRecvByteBufAllocator().maxMessagesPerRead(16);
    private final ChannelGroup allChannels = new DefaultChannelGroup("parley", GlobalEventExecutor.INSTANCE);
    private Transports transports;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private ExecutorService handlerExecutor;
    private ExecutorService blockingExecutor;
    /** With handlers on the event loops, the watch for blocked turns; null otherwise or when disabled. */
    private volatile BlockedLoopChecker loopChecker;
    private Channel serverChannel;
    private AcceptGuard acceptGuard;
    private ServerTls tls;
    private Channel redirectChannel;
    private boolean stopped;
    /** What {@link #started()}, {@link #stopped()} and {@link Health} read without the lock. */
    private volatile boolean startedFlag;
    private volatile boolean stoppedFlag;
    /** Set when a drain begins; completes when it ends. */
    private volatile CompletableFuture<Void> drain;
    /** How long {@link #stop()} waits for the event loops to end: 5 s. */
    private static final long THREADS_STOP_SECONDS = 5;

    public ParleyServer(ServerConfig config) {
        this.config = config;
    }

    /** Mounts a WebSocket endpoint at its path. */
    public synchronized ParleyServer addEndpoint(WebSocketEndpoint endpoint) {
        if (serverChannel != null) {
            throw new IllegalStateException("Endpoints must be added before start()");
        }
        if (endpoints.putIfAbsent(endpoint.path(), endpoint) != null) {
            throw new IllegalArgumentException("Path already mounted: " + endpoint.path());
        }
        return this;
    }

    /**
     * Mounts an Engine.IO server (and so a Socket.IO server, through {@code SocketIoServer.engine()}) at its
     * path: requests to that path are its handshakes, polls and WebSocket upgrades.
     */
    public synchronized ParleyServer addEngineIo(EngineIoServer engine) {
        if (serverChannel != null) {
            throw new IllegalStateException("Engine.IO servers must be added before start()");
        }
        String path = engine.config().path();
        if (endpoints.containsKey(path) || engines.stream().anyMatch(e -> e.config().path().equals(path))) {
            throw new IllegalArgumentException("Path already mounted: " + path);
        }
        engines.add(engine);
        return this;
    }

    /**
     * Mounts an application route: requests to {@code prefix} or below it (e.g. {@code /api} serves
     * {@code /api/rooms}) go to {@code handler}, off the event loop; the longest matching prefix wins.
     * A body over {@code maxBodySize} bytes gets 413: at once when its {@code Content-Length} says so, else as
     * soon as the bytes read of a chunked body pass it (nothing more is buffered).
     */
    public ParleyServer addHttpRoute(String prefix, long maxBodySize, HttpHandler handler) {
        return addHttpRoute(prefix, maxBodySize, HttpHeadCheck.ACCEPT_ALL, handler);
    }

    /**
     * Mounts an application route with a check of the request head ({@link HttpHeadCheck}, e.g. a token): it
     * runs before the body is read, and a refusal is sent without reading the body (a client that sent
     * {@code Expect: 100-continue} gets the refusal instead of {@code 100 Continue}).
     */
    public ParleyServer addHttpRoute(String prefix, long maxBodySize, HttpHeadCheck check, HttpHandler handler) {
        return addHttpRoute(prefix, maxBodySize, check, handler, HttpErrorBody.TEXT);
    }

    /**
     * Mounts an application route whose refusals by the server itself (413 over {@code maxBodySize}, 400, 417,
     * 500 from the head check) are worded by {@code errors}, e.g. in the JSON of the route's own errors.
     */
    public synchronized ParleyServer addHttpRoute(String prefix, long maxBodySize, HttpHeadCheck check,
            HttpHandler handler, HttpErrorBody errors) {
        if (serverChannel != null) {
            throw new IllegalStateException("Routes must be added before start()");
        }
        if (!prefix.startsWith("/")) {
            throw new IllegalArgumentException("prefix must start with '/': " + prefix);
        }
        routes.add(new HttpRoute(prefix, maxBodySize, check, handler, errors));
        return this;
    }

    /**
     * Mounts a streaming route with {@link StreamingOptions#defaults()}: see
     * {@link #addStreamingRoute(String, StreamingOptions, HttpHeadCheck, StreamingHandler)}.
     */
    public ParleyServer addStreamingRoute(String prefix, HttpHeadCheck check, StreamingHandler handler) {
        return addStreamingRoute(prefix, StreamingOptions.defaults(), check, handler);
    }

    /**
     * Mounts a streaming route: requests to {@code prefix} or below it (longest prefix wins, among all routes)
     * go to {@code handler}, which answers through an {@link HttpExchange} when it likes (a long poll) or
     * streams the body ({@link HttpStream}, e.g. Server-Sent Events). No thread waits on a pending exchange or
     * an open stream. The requests carry no body (413 if they do); {@code check} runs on the head first, as for
     * {@link #addHttpRoute(String, long, HttpHeadCheck, HttpHandler)}. {@link #stop()} and {@link #drain}
     * answer pending exchanges 503 and end open streams cleanly (the last chunk), and count them as
     * connections.
     */
    public synchronized ParleyServer addStreamingRoute(String prefix, StreamingOptions options, HttpHeadCheck check,
            StreamingHandler handler) {
        if (serverChannel != null) {
            throw new IllegalStateException("Routes must be added before start()");
        }
        if (!prefix.startsWith("/")) {
            throw new IllegalArgumentException("prefix must start with '/': " + prefix);
        }
        routes.add(new HttpRoute(prefix, 0, check, null, options.errors(), handler, options.maxBufferedBytes()));
        return this;
    }

    /** Pending exchanges and open streams of streaming routes ({@link #addStreamingRoute}). */
    public int openStreams() {
        return exchanges.size();
    }

    /**
     * Serves the built-in pages from this classpath folder instead of Parley's demo pages (an application
     * bundles its UI this way; {@link ServerConfig#staticDir()} still comes first).
     */
    public synchronized ParleyServer pagesFromClasspath(String classpathRoot) {
        if (serverChannel != null) {
            throw new IllegalStateException("Pages must be set before start()");
        }
        this.classpathPages = classpathRoot;
        return this;
    }

    /**
     * At most {@code threads} run blocking HTTP work at once; the rest wait in arrival order. The queue needs no
     * bound of its own: a connection has one request in flight at a time, so it holds at most one task per
     * connection.
     */
    private static ThreadPoolExecutor blockingExecutor(int threads) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "parley-blocking");
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Binds and starts serving; returns once the port is bound. */
    public synchronized ParleyServer start() throws InterruptedException {
        if (serverChannel != null) {
            throw new IllegalStateException("Already started");
        }
        transports = Transports.select(config.transport());
        // Checks that may refuse the configuration come before any thread or file descriptor exists.
        handlerExecutor = handlerExecutor(config.handlerExecution());
        if (config.reusePort()) {
            transports.requireReusePort();
            warnIfPollingAcrossProcesses();
        }
        try {
            tls = startTls(config.tls());
        } catch (RuntimeException e) {
            handlerExecutor.shutdown();
            throw e;
        }
        bossGroup = transports.newGroup("parley-accept", 1);
        workerGroup = transports.newGroup("parley-io", 0);
        HandlerDispatch handlers = handlerDispatch();
        blockingExecutor = blockingExecutor(config.blockingThreads());
        Map<String, WebSocketEndpoint> wsRoutes = Map.copyOf(endpoints);
        List<HttpRoute> appRoutes = List.copyOf(routes);
        List<EngineMount> engineCores = new ArrayList<>();
        for (EngineIoServer engine : engines) {
            engine.internal().start(handlers, config.webSocket());
            engineCores.add(engine.internal());
        }
        StaticFiles staticFiles = new StaticFiles(config.staticDir(), classpathPages);
        ClientAddressResolver clients = new ClientAddressResolver(config.trustedProxies());
        HttpFront front = new HttpFront(Set.copyOf(wsRoutes.keySet()), List.copyOf(engines), appRoutes,
                config.maxRequestBodySize(), clients, blockingExecutor, config.handshakeTimeout(), counters, exchanges);
        acceptGuard = new AcceptGuard(counters);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .handler(acceptGuard)
                .channel(transports.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, SHARED_RECEIVE_SIZING)
                .childHandler(new HttpChannelInitializer(config, allChannels,
                        () -> new HttpRouter(front, wsRoutes, List.copyOf(engineCores), config.webSocket(), staticFiles,
                                handlers), front, acceptGuard, tls));
        if (config.reusePort()) {
            transports.reusePort(bootstrap);
        }
        try {
            serverChannel = bootstrap.bind(config.host(), config.port()).sync().channel();
            bindHttpRedirect();
        } catch (Exception e) {
            // sync() rethrows the bind's checked exception (address in use...) undeclared.
            if (serverChannel != null) {
                serverChannel.close().sync();
                serverChannel = null;
            }
            shutdownThreads(Duration.ofSeconds(THREADS_STOP_SECONDS));
            for (EngineMount core : engineCores) {
                core.stop(); // so that a later start() may mount it again
            }
            if (e instanceof RuntimeException || e instanceof InterruptedException) {
                throw e;
            }
            throw new IllegalStateException("Cannot listen on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
        startedFlag = true;
        LOG.info("Parley listening on {} ({} transport{}, handlers on {})", url(), transports.name(),
                config.reusePort() ? ", SO_REUSEPORT" : "", handlersDescription(config.handlerExecution()));
        if (tls != null) {
            LOG.info("TLS by {}; TLS 1.2 and 1.3, ALPN http/1.1{}", tls.providerName(), redirectChannel == null ? ""
                    : "; plain HTTP on port " + httpRedirectPort() + " redirects to it");
        }
        return this;
    }

    /** The TLS of the port, or null for plain HTTP; fails if the certificate does not load. */
    private static ServerTls startTls(TlsConfig tlsConfig) {
        if (tlsConfig == null) {
            return null;
        }
        try {
            return ServerTls.start(tlsConfig);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot start TLS: " + e.getMessage(), e);
        }
    }

    /** The plain-HTTP port that redirects to HTTPS, when configured; on the same event loops. */
    private void bindHttpRedirect() throws InterruptedException {
        if (tls == null || config.tls().httpRedirectPort() == TlsConfig.NO_REDIRECT) {
            return;
        }
        ServerBootstrap redirect = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(transports.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new HttpsRedirectInitializer(allChannels, config.handshakeTimeout(), port()));
        try {
            redirectChannel = redirect.bind(config.host(), config.tls().httpRedirectPort()).sync().channel();
        } catch (Exception e) {
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException("Cannot listen on " + config.host() + ":" + config.tls().httpRedirectPort()
                    + " (the HTTP redirect port): " + e.getMessage(), e);
        }
    }

    /**
     * Where handlers run. On the event loops, unless disabled, each loop is watched for turns that block it
     * (one checker thread for all of them); in the other modes no checker exists.
     */
    private HandlerDispatch handlerDispatch() {
        if (config.handlerExecution() != HandlerExecution.EVENT_LOOP) {
            return HandlerDispatch.shared(handlerExecutor);
        }
        if (config.blockedLoopWarning().isZero()) {
            return HandlerDispatch.eventLoop();
        }
        List<WatchedLoop> loops = new ArrayList<>();
        for (EventExecutor loop : workerGroup) {
            loops.add(new WatchedLoop((EventLoop) loop));
        }
        loopChecker = BlockedLoopChecker.start(loops, config.blockedLoopWarning(), config.blockedLoopReportInterval());
        return HandlerDispatch.watchedLoops(loops);
    }

    /**
     * Handler turns that have run longer than {@link ServerConfig#blockedLoopWarning()} on an event loop since
     * start, each counted once, whether its warning was logged or left out by the rate limit; 0 when handlers do
     * not run on the event loops. For metrics; any thread.
     */
    public long blockedLoopReports() {
        BlockedLoopChecker checker = loopChecker;
        return checker == null ? 0 : checker.blockedTurns();
    }

    /** The shared executor of handlers (with {@link HandlerExecution#EVENT_LOOP} created but unused). */
    private static ExecutorService handlerExecutor(HandlerExecution execution) {
        return switch (execution) {
            case AUTO, EVENT_LOOP -> HandlerExecutors.create("parley-handler");
            case VIRTUAL_THREADS -> HandlerExecutors.virtualThreads();
            case THREAD_POOL -> HandlerExecutors.threadPool("parley-handler");
        };
    }

    private void warnIfPollingAcrossProcesses() {
        for (EngineIoServer engine : engines) {
            if (engine.config().transports().contains(EngineIoConfig.POLLING)) {
                LOG.warn("SO_REUSEPORT with Engine.IO polling on {}: a session's requests may reach another "
                        + "process, which does not know it; allow only the websocket transport, or put a proxy "
                        + "with sticky sessions in front", engine.config().path());
            }
        }
    }

    private static String handlersDescription(HandlerExecution execution) {
        return switch (execution) {
            case AUTO -> HandlerExecutors.virtualThreadsAvailable() ? "virtual threads" : "a thread pool";
            case VIRTUAL_THREADS -> "virtual threads";
            case THREAD_POOL -> "a thread pool";
            case EVENT_LOOP -> "the event loops";
        };
    }

    public ServerConfig config() {
        return config;
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    /** {@code http://host:port} of the running server, {@code https://host:port} with TLS. */
    public String url() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        return (tls != null ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /**
     * The TLS implementation serving the port, e.g. {@code "OpenSSL (BoringSSL)"} or {@code "JDK (Java 17.0.12)"};
     * empty without TLS.
     */
    public Optional<String> tlsProvider() {
        return tls == null ? Optional.empty() : Optional.of(tls.providerName());
    }

    /** The bound plain-HTTP redirect port ({@link TlsConfig#httpRedirectPort()}), or -1 when there is none. */
    public int httpRedirectPort() {
        return redirectChannel == null ? -1 : ((InetSocketAddress) redirectChannel.localAddress()).getPort();
    }

    /**
     * Connections accepted only to be closed at once because the process had run out of file descriptors
     * (see {@code docs/websocket.md}, "HTTP front"). A counter for metrics; it never decreases.
     */
    public long refusedConnections() {
        return counters.refusedConnections();
    }

    /** The HTTP front's counters, for tests. */
    FrontCounters counters() {
        return counters;
    }

    /**
     * The event loops serving connections, for tests that hold them still to decide what a connection's first
     * read finds (its request and its end together, say).
     */
    Iterable<EventExecutor> eventLoops() {
        return workerGroup;
    }

    /** "epoll" or "nio". */
    public String transportName() {
        return transports.name();
    }

    /**
     * Graceful stop: no new connections, every WebSocket closed with 1001, then all threads released.
     * Idempotent.
     */
    public void stop() throws InterruptedException {
        stopWithin(config.shutdownGrace(), Duration.ofSeconds(THREADS_STOP_SECONDS));
    }

    /** As {@link #stop()}, with every wait bounded by {@code grace} (a drain's time left). */
    void stopWithin(Duration grace) throws InterruptedException {
        stopWithin(grace, grace);
    }

    private synchronized void stopWithin(Duration grace, Duration threadsGrace) throws InterruptedException {
        if (stopped || serverChannel == null) {
            return;
        }
        for (EventExecutor loop : workerGroup) {
            if (loop.inEventLoop()) {
                // Stopping waits for the connections of this very loop to close: it would stall for the grace.
                throw new IllegalStateException("stop() called on one of the server's event loops (a handler with "
                        + "HandlerExecution.EVENT_LOOP?): call it from another thread");
            }
        }
        stopped = true;
        stoppedFlag = true;
        serverChannel.close().sync();
        if (redirectChannel != null) {
            redirectChannel.close().sync();
        }
        for (EngineIoServer engine : engines) {
            engine.close();
        }
        exchanges.closeAll(); // long polls get 503, streams their last chunk: clients reconnect elsewhere
        // An upgrade in flight on a loop registers its session in a task of that loop: let each loop run
        // what it has queued, so that every session whose 101 went out gets its 1001 too.
        for (EventExecutor loop : workerGroup) {
            loop.submit(() -> { }).await(grace.toMillis());
        }
        long deadline = System.nanoTime() + grace.toNanos();
        do {
            for (WebSocketEndpoint endpoint : endpoints.values()) {
                for (WebSocketSession session : endpoint.sessions()) {
                    if (session.isOpen()) {
                        session.close(CloseCodes.GOING_AWAY, "Server shutting down");
                    }
                }
            }
            if (endpoints.values().stream().allMatch(e -> e.sessionCount() == 0)) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        } while (System.nanoTime() < deadline);
        allChannels.close().await(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        shutdownThreads(threadsGrace);
        LOG.info("Parley stopped");
    }

    // ---- Drain (readiness, stop accepting, close at a rate; see Drain) ----

    /** True from {@link #start()} until {@link #stop()} (a drain included). */
    public boolean started() {
        return startedFlag && !stoppedFlag;
    }

    /** True once {@link #stop()} (or the end of a drain) stopped the server. */
    public boolean stopped() {
        return stoppedFlag;
    }

    /** True from the moment {@link #drain} is called: readiness ({@link Health}) is down from then on. */
    public boolean draining() {
        return drain != null;
    }

    /**
     * Takes the server out of service gently, for a rolling restart: readiness goes down at once; after
     * {@link DrainPolicy#readinessDelay()} the listener stops accepting; then Engine.IO sessions (so Socket.IO
     * clients: they see "transport close" and reconnect, to another node) and raw WebSockets (1001) are
     * closed at {@link DrainPolicy#rate()} per second; once none is left (or 2 s after the last was asked to
     * close, for polling clients that do not come back for their close packet) the server stops as {@link #stop()}
     * does and the handlers already queued (acks, stores) get the time left to finish. At
     * {@link DrainPolicy#timeout()} from now whatever is still open is closed at once. Returns when the drain
     * has begun; the stage completes once the server is stopped. Calling it again returns the same stage.
     *
     * @throws IllegalStateException if the server was never started
     */
    public synchronized CompletionStage<Void> drain(DrainPolicy policy) {
        if (!startedFlag) {
            throw new IllegalStateException("Not started");
        }
        if (drain != null) {
            return drain;
        }
        if (stoppedFlag) {
            drain = CompletableFuture.completedFuture(null);
            return drain;
        }
        drain = new CompletableFuture<>(); // readiness is down from here
        new Drain(this, policy).start().whenComplete((v, e) -> {
            if (e != null) {
                drain.completeExceptionally(e);
            } else {
                drain.complete(null);
            }
        });
        return drain;
    }

    /** Closes the listening socket: connections already open are untouched. */
    synchronized void stopAccepting() {
        if (serverChannel != null && !stopped) {
            serverChannel.close().syncUninterruptibly();
        }
    }

    /**
     * Closes at most {@code max} open connections (Engine.IO sessions, then raw WebSockets with 1001, then
     * streaming routes' exchanges).
     */
    int closeConnections(int max) {
        int closed = 0;
        for (EngineIoServer engine : engines) {
            if (closed < max) {
                closed += engine.closeSessions(max - closed);
            }
        }
        for (WebSocketEndpoint endpoint : endpoints.values()) {
            for (WebSocketSession session : endpoint.sessions()) {
                if (closed >= max) {
                    return closed;
                }
                if (session.isOpen()) {
                    session.close(CloseCodes.GOING_AWAY, "Server shutting down");
                    closed++;
                }
            }
        }
        if (closed < max) {
            closed += exchanges.closeSome(max - closed);
        }
        return closed;
    }

    /** Engine.IO sessions and raw WebSockets not yet closed (those closing included). */
    int openConnections() {
        int open = 0;
        for (EngineIoServer engine : engines) {
            open += engine.clientsCount();
        }
        for (WebSocketEndpoint endpoint : endpoints.values()) {
            open += endpoint.sessionCount();
        }
        return open + exchanges.size();
    }

    /** After a stop: waits up to {@code timeout} for the handlers already queued; true if they all ran. */
    boolean awaitHandlers(Duration timeout) throws InterruptedException {
        return handlerExecutor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void shutdownThreads(Duration wait) throws InterruptedException {
        long waitMillis = wait.toMillis();
        workerGroup.shutdownGracefully(0, Math.min(2000, waitMillis), TimeUnit.MILLISECONDS).await(waitMillis);
        bossGroup.shutdownGracefully(0, Math.min(2000, waitMillis), TimeUnit.MILLISECONDS).await(waitMillis);
        handlerExecutor.shutdown();
        blockingExecutor.shutdown();
        if (loopChecker != null) {
            loopChecker.close();
        }
        if (acceptGuard != null) {
            acceptGuard.close();
        }
        if (tls != null) {
            tls.close();
        }
    }
}
