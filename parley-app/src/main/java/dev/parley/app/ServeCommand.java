package dev.parley.app;

import dev.parley.adapter.redis.RedisAdapterOptions;
import dev.parley.adapter.redis.wire.SubscriptionMode;
import dev.parley.app.echo.EngineIoEcho;
import dev.parley.app.echo.SocketIoEcho;
import dev.parley.chat.ChatConfig;
import dev.parley.chat.ParleyChat;
import dev.parley.adminui.AdminUi;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoServer;
import dev.parley.metrics.MetricsServer;
import dev.parley.server.HandlerExecution;
import dev.parley.server.Health;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.server.builtin.BroadcastEndpoint;
import dev.parley.server.builtin.ChatRoomEndpoint;
import dev.parley.server.builtin.EchoEndpoint;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.SocketIoServer;
import dev.parley.socketio.parser.MsgpackParser;
import dev.parley.websocket.WebSocketConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code parley serve}: runs the server with the built-in endpoints and pages. Every option can also be
 * set with the environment variable named in its help (command-line options win).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start the Parley server.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "${env:PARLEY_HOST:-127.0.0.1}",
            description = "Address to bind (env PARLEY_HOST). Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--port", defaultValue = "${env:PARLEY_PORT:-3000}",
            description = "Port to bind, 0 for any free port (env PARLEY_PORT). Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--dev", defaultValue = "${env:PARLEY_DEV:-false}",
            description = "Development mode: WebSocket connections from any Origin (env PARLEY_DEV).")
    boolean dev;

    @Option(names = "--allowed-origins", split = ",", defaultValue = "${env:PARLEY_ALLOWED_ORIGINS:-}",
            description = "Origins allowed to open WebSockets, and the chat's Socket.IO connections, besides the "
                    + "server's own, comma-separated; * for any (env PARLEY_ALLOWED_ORIGINS).")
    List<String> allowedOrigins = new ArrayList<>();

    @Option(names = "--trusted-proxies", split = ",", defaultValue = "${env:PARLEY_TRUSTED_PROXIES:-}",
            description = "Proxy addresses whose X-Forwarded-For/-Proto are believed, comma-separated; * for any "
                    + "(env PARLEY_TRUSTED_PROXIES).")
    List<String> trustedProxies = new ArrayList<>();

    @Option(names = "--static-dir", defaultValue = "${env:PARLEY_STATIC_DIR}",
            description = "Directory served at / before the built-in pages (env PARLEY_STATIC_DIR).")
    Path staticDir;

    @Option(names = "--handshake-timeout", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_HANDSHAKE_TIMEOUT:-10s}",
            description = "Time allowed for a complete first HTTP request (env PARLEY_HANDSHAKE_TIMEOUT). Default: ${DEFAULT-VALUE}")
    Duration handshakeTimeout;

    @Option(names = "--http-idle-timeout", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_HTTP_IDLE_TIMEOUT:-60s}",
            description = "Idle keep-alive HTTP connections are closed after this (env PARLEY_HTTP_IDLE_TIMEOUT). Default: ${DEFAULT-VALUE}")
    Duration httpIdleTimeout;

    @Option(names = "--max-request-body-size", defaultValue = "${env:PARLEY_MAX_REQUEST_BODY_SIZE:-65536}",
            description = "Largest HTTP request body in bytes on paths without a limit of their own (static files, "
                    + "unknown paths, WebSocket endpoints), 413 above (env PARLEY_MAX_REQUEST_BODY_SIZE). "
                    + "Default: ${DEFAULT-VALUE}")
    int maxRequestBodySize;

    @Option(names = "--shutdown-grace", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_SHUTDOWN_GRACE:-5s}",
            description = "How long shutdown waits for WebSocket close handshakes (env PARLEY_SHUTDOWN_GRACE). Default: ${DEFAULT-VALUE}")
    Duration shutdownGrace;

    /** {@code --transport}: io_uring, epoll, nio or the first that loads. */
    @Mixin
    TransportOptions transport = new TransportOptions();

    /** {@code --blocking-threads}: the bound on threads of blocking HTTP work. */
    @Mixin
    BlockingThreadsOptions blockingThreads = new BlockingThreadsOptions();

    @Option(names = "--handlers", defaultValue = "${env:PARLEY_HANDLERS:-AUTO}",
            description = "Where handlers run: AUTO (virtual threads on Java 21+, a thread pool before), "
                    + "VIRTUAL_THREADS, THREAD_POOL, or EVENT_LOOP (no thread hand-off, lowest latency; only for "
                    + "handlers that never block, so not for the chat, which uses its database from handlers) "
                    + "(env PARLEY_HANDLERS). Default: ${DEFAULT-VALUE}")
    HandlerExecution handlers;

    /** {@code --blocked-loop-warning}, {@code --blocked-loop-report-interval}: handlers that block a loop. */
    @Mixin
    BlockedLoopOptions blockedLoop = new BlockedLoopOptions();

    @Option(names = "--reuse-port", defaultValue = "${env:PARLEY_REUSE_PORT:-false}",
            description = "Bind with SO_REUSEPORT so that several Parley processes share the port and the kernel "
                    + "spreads connections among them (Linux; for WebSocket-only clients, since polling needs "
                    + "every request of a session on one process) (env PARLEY_REUSE_PORT).")
    boolean reusePort;

    @Option(names = "--ws-max-frame-size", defaultValue = "${env:PARLEY_WS_MAX_FRAME_SIZE:--1}",
            description = "Largest WebSocket frame payload in bytes, 1009 above; default: the message size "
                    + "(env PARLEY_WS_MAX_FRAME_SIZE).")
    long wsMaxFrameSize;

    @Option(names = "--ws-max-message-size", defaultValue = "${env:PARLEY_WS_MAX_MESSAGE_SIZE:-1048576}",
            description = "Largest WebSocket message in bytes after reassembly and decompression, 1009 above "
                    + "(env PARLEY_WS_MAX_MESSAGE_SIZE). Default: ${DEFAULT-VALUE}")
    long wsMaxMessageSize;

    @Option(names = "--ws-max-buffered-amount", defaultValue = "${env:PARLEY_WS_MAX_BUFFERED_AMOUNT:-4194304}",
            description = "Outbound bytes queued per WebSocket before the slow-consumer policy applies "
                    + "(env PARLEY_WS_MAX_BUFFERED_AMOUNT). Default: ${DEFAULT-VALUE}")
    long wsMaxBufferedAmount;

    @Option(names = "--ws-slow-consumer", defaultValue = "${env:PARLEY_WS_SLOW_CONSUMER:-CLOSE}",
            description = "CLOSE (with 1008) or DROP messages for a client over its buffer "
                    + "(env PARLEY_WS_SLOW_CONSUMER). Default: ${DEFAULT-VALUE}")
    WebSocketConfig.SlowConsumerPolicy wsSlowConsumer;

    @Option(names = "--ws-close-timeout", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_WS_CLOSE_TIMEOUT:-5s}",
            description = "How long to wait for the peer's close frame (env PARLEY_WS_CLOSE_TIMEOUT). Default: ${DEFAULT-VALUE}")
    Duration wsCloseTimeout;

    @Option(names = "--ws-idle-timeout", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_WS_IDLE_TIMEOUT:-0s}",
            description = "Close idle WebSockets with 1001 after this; 0 disables (env PARLEY_WS_IDLE_TIMEOUT). Default: ${DEFAULT-VALUE}")
    Duration wsIdleTimeout;

    @Option(names = "--ws-permessage-deflate", defaultValue = "${env:PARLEY_WS_PERMESSAGE_DEFLATE:-false}",
            description = "Accept permessage-deflate compression, RFC 7692 (env PARLEY_WS_PERMESSAGE_DEFLATE).")
    boolean wsPermessageDeflate;

    @Option(names = "--ws-deflate-threshold", defaultValue = "${env:PARLEY_WS_DEFLATE_THRESHOLD:-1024}",
            description = "Messages below this many bytes are sent uncompressed (env PARLEY_WS_DEFLATE_THRESHOLD). Default: ${DEFAULT-VALUE}")
    int wsDeflateThreshold;

    @Option(names = "--ws-deflate-level", defaultValue = "${env:PARLEY_WS_DEFLATE_LEVEL:-6}",
            description = "zlib level 0-9 (env PARLEY_WS_DEFLATE_LEVEL). Default: ${DEFAULT-VALUE}")
    int wsDeflateLevel;

    @Option(names = "--ws-inbound-queue-limit", defaultValue = "${env:PARLEY_WS_INBOUND_QUEUE_LIMIT:-1048576}",
            description = "Received bytes waiting for a busy handler before reading pauses "
                    + "(env PARLEY_WS_INBOUND_QUEUE_LIMIT). Default: ${DEFAULT-VALUE}")
    long wsInboundQueueLimit;

    @Mixin
    TlsOptions tls;

    @Spec
    CommandSpec spec;

    /** {@code --metrics-port}, {@code --metrics-host}: Prometheus metrics on a port of their own. */
    @Mixin
    MetricsOptions metrics = new MetricsOptions();

    @Mixin
    DrainOptions drain;

    /** {@code --leave-grace}, {@code --list-page-size}: the chat's presence. */
    @Mixin
    ChatPresenceOptions chatPresence = new ChatPresenceOptions();

    /** {@code --node-ttl}: the chat on several nodes. */
    @Mixin
    ChatClusterOptions chatCluster = new ChatClusterOptions();

    /** {@code --max-mentions}: the chat's mentions. */
    @Mixin
    ChatMentionOptions chatMentions = new ChatMentionOptions();
    /** {@code --accounts}, {@code --password-*}, {@code --sign-in-failure-*}: the chat's accounts. */
    @Mixin
    ChatAccountOptions chatAccounts = new ChatAccountOptions();
    /** {@code --admin}: the chat's moderators. */
    @Mixin
    ChatModerationOptions chatModeration = new ChatModerationOptions();
    /** {@code --search-*}: the bounds of the chat's message search. */
    @Mixin
    ChatSearchOptions chatSearch = new ChatSearchOptions();
    /** {@code --read-*}: the budget of each chat user's read requests. */
    @Mixin
    ChatReadOptions chatReads = new ChatReadOptions();
    /** {@code --receipt-*}: the budget of each chat user's receipts. */
    @Mixin
    ChatReceiptOptions chatReceipts = new ChatReceiptOptions();
    /** {@code --max-page-bytes}: the byte bound of the chat's sync and changes pages. */
    @Mixin
    ChatPageOptions chatPages = new ChatPageOptions();

    @Mixin
    LogOptions logs;

    @Option(names = "--app", defaultValue = "${env:PARLEY_APP:-chat}",
            description = "Application to mount: chat (Parley Chat), demo (the raw WebSocket demo pages), echo "
                    + "(the endpoints the Engine.IO and Socket.IO protocol test suites expect) or push (the push "
                    + "gateway: publish over HTTP, subscribe over Socket.IO, WebSocket, SSE or polling) (env PARLEY_APP). "
                    + "Default: ${DEFAULT-VALUE}")
    App app;

    @Option(names = "--data-dir", defaultValue = "${env:PARLEY_DATA_DIR:-data}",
            description = "Chat: directory of the SQLite database and uploads (env PARLEY_DATA_DIR). Default: ${DEFAULT-VALUE}")
    Path dataDir;

    @Option(names = "--db", defaultValue = "${env:PARLEY_DB}",
            description = "Chat: a JDBC URL (jdbc:postgresql://host/db) instead of SQLite in the data directory; needed "
                    + "with --redis, one database for all servers (env PARLEY_DB)")
    String db;

    @Option(names = "--db-user", defaultValue = "${env:PARLEY_DB_USER}", description = "Chat: database user (env PARLEY_DB_USER)")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:PARLEY_DB_PASSWORD}",
            description = "Chat: database password (env PARLEY_DB_PASSWORD)")
    String dbPassword;

    @Option(names = "--max-message-length", defaultValue = "${env:PARLEY_MAX_MESSAGE_LENGTH:-4000}",
            description = "Chat: longest message in characters (env PARLEY_MAX_MESSAGE_LENGTH). Default: ${DEFAULT-VALUE}")
    int maxMessageLength;

    @Option(names = "--max-upload-size", defaultValue = "${env:PARLEY_MAX_UPLOAD_SIZE:-26214400}",
            description = "Chat: largest upload in bytes (env PARLEY_MAX_UPLOAD_SIZE). Default: ${DEFAULT-VALUE}")
    long maxUploadSize;

    @Option(names = "--push-token", defaultValue = "${env:PARLEY_PUSH_TOKEN}",
            description = "Chat: bearer token of POST /api/announce; unset disables it (env PARLEY_PUSH_TOKEN)")
    String pushToken;

    @Option(names = "--auth-failure-limit", defaultValue = "${env:PARLEY_AUTH_FAILURE_LIMIT:-10}",
            description = "Chat: failed token checks (session or push token) per client address and window; past it "
                    + "429 / rate_limited (env PARLEY_AUTH_FAILURE_LIMIT). Default: ${DEFAULT-VALUE}")
    int authFailureLimit;

    @Option(names = "--auth-failure-window", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_AUTH_FAILURE_WINDOW:-1m}",
            description = "Chat: the window of --auth-failure-limit (env PARLEY_AUTH_FAILURE_WINDOW). Default: ${DEFAULT-VALUE}")
    Duration authFailureWindow;

    @Option(names = "--auth-throttle-addresses", defaultValue = "${env:PARLEY_AUTH_THROTTLE_ADDRESSES:-10000}",
            description = "Chat: client addresses the failure table remembers, least recently seen forgotten first "
                    + "(env PARLEY_AUTH_THROTTLE_ADDRESSES). Default: ${DEFAULT-VALUE}")
    int authThrottleAddresses;

    @Option(names = "--registration-limit", defaultValue = "${env:PARLEY_REGISTRATION_LIMIT:-20}",
            description = "Chat: registrations (new nicknames) per client address and window; past it connect_error "
                    + "registration_limited (env PARLEY_REGISTRATION_LIMIT). Default: ${DEFAULT-VALUE}")
    int registrationLimit;

    @Option(names = "--registration-window", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_REGISTRATION_WINDOW:-10m}",
            description = "Chat: the window of --registration-limit (env PARLEY_REGISTRATION_WINDOW). Default: ${DEFAULT-VALUE}")
    Duration registrationWindow;

    @Option(names = "--max-rooms", defaultValue = "${env:PARLEY_MAX_ROOMS:-1000}",
            description = "Chat: rooms the server keeps at most; joining a new one past it gets too_many_rooms "
                    + "(env PARLEY_MAX_ROOMS). Default: ${DEFAULT-VALUE}")
    int maxRooms;

    @Option(names = "--room-action-limit", defaultValue = "${env:PARLEY_ROOM_ACTION_LIMIT:-30}",
            description = "Chat: room joins and leaves per user and window; past it rate_limited "
                    + "(env PARLEY_ROOM_ACTION_LIMIT). Default: ${DEFAULT-VALUE}")
    int roomActionLimit;

    @Option(names = "--room-action-window", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_ROOM_ACTION_WINDOW:-10s}",
            description = "Chat: the window of --room-action-limit (env PARLEY_ROOM_ACTION_WINDOW). Default: ${DEFAULT-VALUE}")
    Duration roomActionWindow;

    @Option(names = "--typing-limit", defaultValue = "${env:PARLEY_TYPING_LIMIT:-10}",
            description = "Chat: typing events per user and window; past it they are dropped "
                    + "(env PARLEY_TYPING_LIMIT). Default: ${DEFAULT-VALUE}")
    int typingLimit;

    @Option(names = "--typing-window", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_TYPING_WINDOW:-10s}",
            description = "Chat: the window of --typing-limit (env PARLEY_TYPING_WINDOW). Default: ${DEFAULT-VALUE}")
    Duration typingWindow;

    @Option(names = "--upload-quota", defaultValue = "${env:PARLEY_UPLOAD_QUOTA:-524288000}",
            description = "Chat: bytes of files one user may upload in total; past it 413 quota_exceeded "
                    + "(env PARLEY_UPLOAD_QUOTA). Default: ${DEFAULT-VALUE}")
    long uploadQuota;

    @Option(names = "--room-expiry", converter = DurationConverter.class, defaultValue = "${env:PARLEY_ROOM_EXPIRY:-10m}",
            description = "Chat: a room nobody wrote in and nobody is in is deleted this long after its creation "
                    + "or a join that found it older than half this "
                    + "(env PARLEY_ROOM_EXPIRY). Default: ${DEFAULT-VALUE}")
    Duration roomExpiry;

    @Option(names = "--upload-retention", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_UPLOAD_RETENTION:-0s}",
            description = "Chat: how long uploaded files are kept, then deleted (their messages stay); 0s keeps them "
                    + "(env PARLEY_UPLOAD_RETENTION). Default: ${DEFAULT-VALUE}")
    Duration uploadRetention;

    @Option(names = "--ping-interval", defaultValue = "${env:PARLEY_PING_INTERVAL:-25000}",
            description = "Engine.IO ping interval in ms (env PARLEY_PING_INTERVAL). Default: ${DEFAULT-VALUE}")
    long pingIntervalMillis;

    @Option(names = "--ping-timeout", defaultValue = "${env:PARLEY_PING_TIMEOUT:-20000}",
            description = "Engine.IO ping timeout in ms (env PARLEY_PING_TIMEOUT). Default: ${DEFAULT-VALUE}")
    long pingTimeoutMillis;

    @Option(names = "--upgrade-timeout", defaultValue = "${env:PARLEY_UPGRADE_TIMEOUT:-10000}",
            description = "Engine.IO upgrade timeout in ms (env PARLEY_UPGRADE_TIMEOUT). Default: ${DEFAULT-VALUE}")
    long upgradeTimeoutMillis;

    @Option(names = "--max-http-buffer-size", defaultValue = "${env:PARLEY_MAX_HTTP_BUFFER_SIZE:-1000000}",
            description = "Largest Engine.IO message or polling body in bytes (env PARLEY_MAX_HTTP_BUFFER_SIZE). "
                    + "Default: ${DEFAULT-VALUE}")
    int maxHttpBufferSize;

    @Option(names = "--max-buffered-amount", defaultValue = "${env:PARLEY_MAX_BUFFERED_AMOUNT:-4194304}",
            description = "Engine.IO: bytes queued for a client that has not polled them yet, past which its session "
                    + "is closed as a slow consumer (env PARLEY_MAX_BUFFERED_AMOUNT). Default: ${DEFAULT-VALUE}")
    long maxBufferedAmount;

    @Option(names = "--cors-origins", split = ",", defaultValue = "${env:PARLEY_CORS_ORIGINS:-}",
            description = "Origins allowed to poll cross-origin, or * (env PARLEY_CORS_ORIGINS). Default: none")
    List<String> corsOrigins;

    @Option(names = "--connect-timeout", defaultValue = "${env:PARLEY_CONNECT_TIMEOUT:-45000}",
            description = "Socket.IO: ms a connection may wait before joining a namespace (env PARLEY_CONNECT_TIMEOUT). "
                    + "Default: ${DEFAULT-VALUE}")
    long connectTimeoutMillis;

    @Option(names = "--parser", defaultValue = "${env:PARLEY_PARSER:-json}",
            description = "Socket.IO packet format: json (socket.io-parser, the clients' default) or msgpack "
                    + "(npm socket.io-msgpack-parser; clients must use it too; not for the chat, whose web client "
                    + "uses json) (env PARLEY_PARSER). Default: ${DEFAULT-VALUE}")
    Parser parser;

    @Option(names = "--recovery-max-packets", defaultValue = "${env:PARLEY_RECOVERY_MAX_PACKETS:-10000}",
            description = "Socket.IO connection state recovery: most broadcasts kept per namespace; past it the oldest "
                    + "go and a client that missed one gets a fresh session (env PARLEY_RECOVERY_MAX_PACKETS). "
                    + "Default: ${DEFAULT-VALUE}")
    int recoveryMaxPackets;

    @Option(names = "--recovery-max-bytes", defaultValue = "${env:PARLEY_RECOVERY_MAX_BYTES:-8388608}",
            description = "Socket.IO connection state recovery: most bytes of broadcasts kept per namespace "
                    + "(env PARLEY_RECOVERY_MAX_BYTES). Default: ${DEFAULT-VALUE}")
    long recoveryMaxBytes;

    @Option(names = "--redis", converter = RedisUri.Converter.class, defaultValue = "${env:PARLEY_REDIS}",
            description = "Socket.IO cluster: the Redis that joins this server to the others with the same --redis-key, "
                    + "redis://[[user:]password@]host:port[/db] (rediss:// for TLS); unset, a single server "
                    + "(env PARLEY_REDIS)")
    RedisUri redis;

    @Option(names = "--adapter", converter = AdapterKind.Converter.class, defaultValue = "${env:PARLEY_ADAPTER:-classic}",
            description = "Socket.IO cluster adapter, with --redis only: classic (Redis pub/sub, as "
                    + "@socket.io/redis-adapter's createAdapter), sharded (Redis 7 sharded pub/sub, as its "
                    + "createShardedAdapter) or streams (Redis streams, recovery on any server, as "
                    + "@socket.io/redis-streams-adapter) (env PARLEY_ADAPTER). Default: ${DEFAULT-VALUE}")
    AdapterKind adapter;

    /** The streams adapter's options ({@code --redis-stream-*}, with {@code --adapter streams} only). */
    @Mixin
    StreamsAdapterOptions streams = new StreamsAdapterOptions();

    @Option(names = "--subscription-mode", defaultValue = "${env:PARLEY_SUBSCRIPTION_MODE:-dynamic}",
            description = "With --adapter sharded: which rooms get a sharded channel of their own, Node's "
                    + "subscriptionMode: static (none), dynamic (public rooms), dynamic-private (every room) "
                    + "(env PARLEY_SUBSCRIPTION_MODE). Default: ${DEFAULT-VALUE}")
    String subscriptionMode;

    @Option(names = "--redis-key", defaultValue = "${env:PARLEY_REDIS_KEY:-socket.io}",
            description = "Socket.IO cluster: prefix of the Redis channels; servers with the same key form one cluster, "
                    + "Node's key option (env PARLEY_REDIS_KEY). Default: ${DEFAULT-VALUE}")
    String redisKey;

    @Option(names = "--redis-requests-timeout", converter = DurationConverter.class,
            defaultValue = "${env:PARLEY_REDIS_REQUESTS_TIMEOUT:-5s}",
            description = "Socket.IO cluster: how long a request to the other servers (fetchSockets, "
                    + "serverSideEmitWithAck, acks of a broadcast) waits for their answers, Node's requestsTimeout "
                    + "(env PARLEY_REDIS_REQUESTS_TIMEOUT). Default: ${DEFAULT-VALUE}")
    Duration redisRequestsTimeout;

    @Option(names = "--print-config",
            description = "Print the value of every option, as the command line and the PARLEY_* variables set it, "
                    + "one 'option=value' a line (secrets shown as 'set', a Redis password as ***), and exit without starting.")
    boolean printConfig;

    /** Options whose values are secrets: {@code --print-config} says only whether they are set. */
    private static final Set<String> SECRET_OPTIONS = Set.of("--db-password", "--push-token", "--admin-ui-password-hash",
            "--publish-token", "--publish-jwt-secret");

    /** The official Socket.IO admin UI's options ({@code --admin-ui*}). */
    @Mixin
    AdminUiOptions adminUi = new AdminUiOptions();

    /** The push gateway's options ({@code --app push}: publishing, private topics, history). */
    @Mixin
    PushOptions push = new PushOptions();

    /** The push gateway's HTTP subscribers: Server-Sent Events and polling ({@code --sse-*}, {@code --poll-*}). */
    @Mixin
    HttpSubscriberOptions httpSubscribers = new HttpSubscriberOptions();

    /** The push gateway's WebSocket and Socket.IO subscribers' bounds ({@code --subscriber-*}). */
    @Mixin
    TopicSubscriberOptions topicSubscribers = new TopicSubscriberOptions();

    /** The upstream feeds the push gateway relays ({@code --feed}, {@code --feeds-file}). */
    @Mixin
    FeedOptions feeds = new FeedOptions();

    /** The applications {@code --app} can mount. */
    enum App { chat, demo, echo, push }

    /** The Socket.IO packet formats {@code --parser} can choose. */
    enum Parser { json, msgpack }

    /** How long the chat's database may take to answer a readiness probe (the check's own timeout is shorter). */
    private static final int DATABASE_PROBE_SECONDS = 5;

    /** Exit status when this node cannot join its cluster (picocli's status for a failure at run time). */
    static final int EXIT_CLUSTER_FAILED = 1;

    /** Set by {@link #call()} before the application is built; a single server until then (and in tests). */
    private ClusterMembership cluster = ClusterMembership.single();

    /** What {@code --app} mounted: its Socket.IO server (null for the demo) and how to close the application. */
    private record MountedApp(SocketIoServer socketIo, Runnable close) {
    }

    /** Set by {@link #mount} for an application with a database (the chat): its readiness probe. */
    private Runnable databaseProbe;

    /** Set by {@link #mount} for {@code --app push}: its feeds start once the health checks exist. */
    private PushApplication pushApp;

    @Override
    public Integer call() throws Exception {
        if (printConfig) {
            printConfig(System.out);
            return 0;
        }
        Logging.apply(logs.format);
        checkApplicationOptions();
        transport.check(spec.commandLine());
        adminUi.check(spec.commandLine(), app != App.demo);
        RedisAdapterOptions redisOptions = checkClusterOptions();
        ParleyServer server = new ParleyServer(serverConfig());
        PrintWriter err = spec.commandLine().getErr();
        MountedApp mounted = null;
        Optional<String> clusterLine;
        try {
            if (redisOptions != null) {
                cluster = ClusterMembership.join(adapter, redis, redisOptions);
            }
            mounted = mount(server);
            AdminUi admin = adminUi.instrument(mounted.socketIo(), err);
            if (admin != null) {
                Runnable closeApp = mounted.close();
                mounted = new MountedApp(mounted.socketIo(), () -> {
                    admin.close();
                    closeApp.run();
                });
            }
            Health health = HealthChecks.register(drain.health(server), databaseProbe, cluster).mountOn(server);
            if (pushApp != null) {
                pushApp.startFeeds(feeds, server, health);
            }
            // Clients are accepted only once this node hears the others: what another server broadcasts
            // before Redis confirmed the subscriptions would never reach this node's clients.
            clusterLine = cluster.awaitReady(mounted.socketIo(), ClusterMembership.READY_TIMEOUT);
            // The metrics listener first: a port it cannot bind stops the start before clients are taken.
            MetricsServer metricsServer = metrics.start(cluster, health, server::blockedLoopReports);
            if (metricsServer != null) {
                System.out.println("Metrics at " + metricsServer.url() + MetricsServer.PATH);
            }
            server.start();
        } catch (ClusterStartException e) {
            err.println("parley serve: " + e.getMessage());
            err.flush();
            closeQuietly(mounted);
            return EXIT_CLUSTER_FAILED;
        } catch (Exception | Error e) {
            closeQuietly(mounted);
            throw e;
        }
        MountedApp app = mounted;
        GracefulShutdown shutdown = new GracefulShutdown(server, drain.policy(), () -> closeQuietly(app));
        shutdown.install();
        clusterLine.ifPresent(System.out::println);
        System.out.println("Parley is running at " + server.url() + "/  (Ctrl+C to stop)");
        System.out.flush();
        shutdown.await();
        return 0;
    }

    private void checkApplicationOptions() {
        if (app == App.chat && handlers == HandlerExecution.EVENT_LOOP) {
            throw new ParameterException(spec.commandLine(),
                    "--handlers EVENT_LOOP is not for the chat: its handlers read and write the database");
        }
        if (app != App.push && (given("--feed", "PARLEY_FEED") || given("--feeds-file", "PARLEY_FEEDS_FILE"))) {
            throw new ParameterException(spec.commandLine(),
                    "--feed and --feeds-file are for --app push: they relay upstream feeds to its topics");
        }
        if (app == App.chat && parser == Parser.msgpack) {
            throw new ParameterException(spec.commandLine(),
                    "--parser msgpack is not for the chat: its web client uses the default (json) parser");
        }
    }

    /** The options of {@code --redis}, or null for a single server; refuses cluster options that cannot apply. */
    private RedisAdapterOptions checkClusterOptions() {
        boolean modeGiven = spec.commandLine().getParseResult().hasMatchedOption("--subscription-mode")
                || System.getenv("PARLEY_SUBSCRIPTION_MODE") != null;
        if (modeGiven && adapter != AdapterKind.SHARDED) {
            throw new ParameterException(spec.commandLine(),
                    "--subscription-mode is for --adapter sharded (the " + adapter + " adapter has no room channels)");
        }
        for (String option : StreamsAdapterOptions.NAMES) {
            if (given(option, environmentVariable(option)) && adapter != AdapterKind.STREAMS) {
                throw new ParameterException(spec.commandLine(),
                        option + " is for --adapter streams (the " + adapter + " adapter has no stream)");
            }
        }
        try {
            SubscriptionMode.of(subscriptionMode);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--subscription-mode: " + e.getMessage());
        }
        if (redis == null) {
            // The default of --adapter is always there: only a value the user gave counts.
            boolean adapterGiven = spec.commandLine().getParseResult().hasMatchedOption("--adapter")
                    || System.getenv("PARLEY_ADAPTER") != null;
            if (adapterGiven) {
                throw new ParameterException(spec.commandLine(),
                        "--adapter " + adapter + " needs --redis URI (the Redis server of the cluster)");
            }
            return null;
        }
        if (app == App.demo) {
            throw new ParameterException(spec.commandLine(), "--redis is for the Socket.IO applications (chat, echo, push): "
                    + "--app demo serves raw WebSocket endpoints only, which have no cluster adapter");
        }
        if (app == App.chat && (db == null || db.isBlank())) {
            // Each server would open its own SQLite file: users, rooms and history would differ by server.
            throw new ParameterException(spec.commandLine(), "--redis with the chat needs --db URL, a database every "
                    + "server shares (jdbc:postgresql://host/db): without it each server keeps its own SQLite file");
        }
        checkChatClusterOptions();
        try {
            return redisAdapterOptions();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--redis-key/--redis-requests-timeout/--redis-stream-*: "
                    + e.getMessage());
        }
    }

    /**
     * The chat on several nodes: one PostgreSQL database (an SQLite file, even one path on a shared disk, is one
     * process's: its locking is not made for several servers over a network) and one Redis server for presence.
     */
    private void checkChatClusterOptions() {
        if (app != App.chat) {
            return;
        }
        if (db.startsWith("jdbc:sqlite:")) {
            throw new ParameterException(spec.commandLine(), "--redis with the chat needs a database every server "
                    + "shares, PostgreSQL (--db jdbc:postgresql://host/db), not SQLite (" + db + "): an SQLite file "
                    + "belongs to one server");
        }
        if (redis.value().substring(redis.value().lastIndexOf('@') + 1).contains(",")) {
            throw new ParameterException(spec.commandLine(), "--redis for the chat names one Redis server, not a "
                    + "Redis Cluster: the chat keeps its presence there with scripts over many keys");
        }
        String problem = chatCluster.problem();
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
    }

    /** What {@code --redis}, {@code --redis-key} and {@code --redis-requests-timeout} say, with the module's defaults. */
    RedisAdapterOptions redisAdapterOptions() {
        return RedisAdapterOptions.of(redis.value()).withKey(redisKey).withRequestsTimeout(redisRequestsTimeout)
                .withSubscriptionMode(SubscriptionMode.of(subscriptionMode))
                .withStreams(streams.streamOptions());
    }

    /** {@code --redis-stream-count} -> {@code PARLEY_REDIS_STREAM_COUNT}, as every option's variable is named. */
    private static String environmentVariable(String option) {
        return "PARLEY_" + option.substring(2).toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** Whether the user gave an option (its default is always there), on the command line or in the environment. */
    private boolean given(String option, String variable) {
        return spec.commandLine().getParseResult().hasMatchedOption(option) || System.getenv(variable) != null;
    }

    private MountedApp mount(ParleyServer server) throws IOException, ClusterStartException {
        switch (app) {
            case chat -> {
                if (cluster.isRedisCluster()) {
                    throw new ClusterStartException("--redis for the chat names one Redis server, not a Redis Cluster: "
                            + "the chat keeps its presence there with scripts over many keys");
                }
                ParleyChat chat = ParleyChat.open(chatConfig(), chatSocketIoConfig(),
                        chatCluster.cluster(cluster.clustered() ? redis : null, redisKey));
                chat.mount(server);
                databaseProbe = () -> chat.checkDatabase(DATABASE_PROBE_SECONDS);
                return new MountedApp(chat.socketIo(), chat::close);
            }
            case echo -> {
                server.addEngineIo(new EngineIoServer(engineIoConfig("/engine.io/"), new EngineIoEcho()));
                SocketIoServer io = new SocketIoServer(echoSocketIoConfig());
                SocketIoEcho.mount(io);
                server.addEngineIo(io.engine());
                return new MountedApp(io, io::close);
            }
            case push -> {
                pushApp = PushApplication.mount(server,
                        push.options(authFailureLimit, authFailureWindow, authThrottleAddresses), httpSubscribers,
                        topicSubscribers.subscriberOptions(),
                        redis == null ? null : redis.value(), redisKey, socketIoOptions().build());
                PushApplication mountedPush = pushApp;
                return new MountedApp(mountedPush.socketIo(), mountedPush::close);
            }
            default -> {
                server.addEndpoint(EchoEndpoint.create()).addEndpoint(ChatRoomEndpoint.create())
                        .addEndpoint(BroadcastEndpoint.create());
                return new MountedApp(null, () -> { });
            }
        }
    }

    /**
     * After the server stopped (a drain, or a failed start): the application (if built), then the cluster. The
     * order matters: the Socket.IO server closes its adapters (they unsubscribe) while Redis is still connected.
     */
    private void closeQuietly(MountedApp mounted) {
        try {
            if (mounted != null) {
                mounted.close().run();
            }
        } finally {
            cluster.close();
            metrics.close();
        }
    }

    /** Every option and its value, one {@code --name=value} a line, lists comma-separated. */
    void printConfig(PrintStream out) {
        for (OptionSpec option : spec.options()) {
            String name = option.longestName();
            if (option.usageHelp() || option.versionHelp() || name.equals("--print-config")) {
                continue;
            }
            Object value = option.getValue();
            String shown;
            if (value == null) {
                shown = "";
            } else if (SECRET_OPTIONS.contains(name)) {
                shown = "set";
            } else if (value instanceof List<?> list) {
                shown = String.join(",", list.stream().map(String::valueOf).filter(v -> !v.isBlank()).toList());
            } else {
                shown = String.valueOf(value);
            }
            out.println(name + "=" + shown);
        }
        out.flush();
    }

    /**
     * The Socket.IO options every application starts from: the engine, the connect timeout and the cluster's
     * adapter factory (the one place an application gets it).
     */
    SocketIoConfig.Builder socketIoOptions() {
        return SocketIoConfig.builder()
                .engine(engineIoConfig(SocketIoConfig.DEFAULT_PATH))
                .connectTimeout(Duration.ofMillis(connectTimeoutMillis))
                .adapterFactory(cluster.adapterFactory())
                .observer(metrics.socketIoObserver());
    }

    /** The echo application's Socket.IO options, with the {@code --parser} chosen. */
    SocketIoConfig echoSocketIoConfig() {
        return socketIoOptions()
                .parser(parser == Parser.msgpack ? new MsgpackParser() : null)
                .build();
    }

    /** The chat's Socket.IO options: recovery for two minutes, bounded by the recovery options. */
    SocketIoConfig chatSocketIoConfig() {
        return socketIoOptions()
                .connectionStateRecovery(Duration.ofMinutes(2))
                .recoveryMaxPackets(recoveryMaxPackets)
                .recoveryMaxBytes(recoveryMaxBytes)
                .build();
    }

    ChatConfig chatConfig() {
        return chatModeration.applyTo(chatAccounts.applyTo(chatMentions.applyTo(chatPresence.applyTo(ChatConfig.builder()))))
                .dataDir(dataDir)
                .database(db, dbUser, dbPassword)
                .maxMessageLength(maxMessageLength)
                .maxUploadSize(maxUploadSize)
                .pushToken(pushToken)
                .allowedOrigins(origins())
                .authThrottle(authFailureLimit, authFailureWindow, authThrottleAddresses)
                .registrationLimit(registrationLimit, registrationWindow)
                .maxRooms(maxRooms)
                .roomActionLimit(roomActionLimit, roomActionWindow)
                .typingLimit(typingLimit, typingWindow)
                .uploadQuota(uploadQuota)
                .roomExpiry(roomExpiry)
                .uploadRetention(uploadRetention)
                .search(chatSearch.config())
                .reads(chatReads.config())
                .receipts(chatReceipts.config())
                .maxPageBytes(chatPages.maxPageBytes)
                .build();
    }

    EngineIoConfig engineIoConfig(String path) {
        List<String> cors = new ArrayList<>(corsOrigins);
        cors.removeIf(String::isBlank);
        return EngineIoConfig.builder()
                .path(path)
                .pingInterval(Duration.ofMillis(pingIntervalMillis))
                .pingTimeout(Duration.ofMillis(pingTimeoutMillis))
                .upgradeTimeout(Duration.ofMillis(upgradeTimeoutMillis))
                .maxHttpBufferSize(maxHttpBufferSize)
                .maxBufferedAmount(maxBufferedAmount)
                .corsOrigins(cors)
                .corsCredentials(adminUi.corsCredentials())
                .observer(metrics.engineIoObserver(path))
                .build();
    }

    /** {@code --allowed-origins}, and any origin with {@code --dev}: for WebSocket endpoints and the chat alike. */
    List<String> origins() {
        List<String> origins = new ArrayList<>(allowedOrigins);
        origins.removeIf(String::isBlank);
        if (dev) {
            origins.add("*");
        }
        return origins;
    }

    ServerConfig serverConfig() {
        List<String> origins = origins();
        WebSocketConfig.Builder ws = WebSocketConfig.builder()
                .maxMessageSize(wsMaxMessageSize)
                .maxBufferedAmount(wsMaxBufferedAmount)
                .slowConsumerPolicy(wsSlowConsumer)
                .closeTimeout(wsCloseTimeout)
                .idleTimeout(wsIdleTimeout)
                .permessageDeflate(wsPermessageDeflate)
                .deflateThreshold(wsDeflateThreshold)
                .deflateLevel(wsDeflateLevel)
                .allowedOrigins(origins)
                .inboundQueueLimit(wsInboundQueueLimit)
                .observer(metrics.webSocketObserver());
        if (wsMaxFrameSize >= 0) {
            ws.maxFrameSize(wsMaxFrameSize);
        }
        List<String> proxies = new ArrayList<>(trustedProxies);
        proxies.removeIf(String::isBlank);
        return ServerConfig.builder()
                .host(host)
                .port(port)
                .webSocket(ws.build())
                .handshakeTimeout(handshakeTimeout)
                .httpIdleTimeout(httpIdleTimeout)
                .maxRequestBodySize(maxRequestBodySize)
                .trustedProxies(proxies)
                .staticDir(staticDir)
                .shutdownGrace(shutdownGrace)
                .transport(transport.transport())
                .handlerExecution(handlers)
                .reusePort(reusePort)
                .tls(tls.tlsConfig())
                .blockingThreads(blockingThreads.blockingThreads)
                .blockedLoopWarning(blockedLoop.blockedLoopWarning)
                .blockedLoopReportInterval(blockedLoop.blockedLoopReportInterval)
                .build();
    }
}
