package dev.parley.chat;

import static dev.parley.chat.internal.ChatHttpApi.jsonErrors;

import dev.parley.chat.cluster.AttemptLimit;
import dev.parley.chat.cluster.ChatCluster;
import dev.parley.chat.internal.AnnounceAuth;
import dev.parley.chat.internal.AuthThrottle;
import dev.parley.chat.internal.ChatEvents;
import dev.parley.chat.internal.ChatHttpApi;
import dev.parley.chat.internal.OriginPolicy;
import dev.parley.chat.internal.SessionTokens;
import dev.parley.chat.internal.UploadRetention;
import dev.parley.chat.store.ChatStore;
import dev.parley.chat.store.JdbcChatStore;
import dev.parley.engineio.AllowRequest;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.HandlerExecution;
import dev.parley.server.HttpHeadCheck;
import dev.parley.server.ParleyServer;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.SocketIoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Parley Chat, the bundled application: a Socket.IO server with the chat's events, its HTTP endpoints, its
 * store and its web UI, mounted on a {@link ParleyServer}.
 *
 * <pre>{@code
 * try (ParleyChat chat = ParleyChat.open(ChatConfig.builder().build())) {
 *     ParleyServer server = new ParleyServer(serverConfig);
 *     chat.mount(server);
 *     server.start();
 * }
 * }</pre>
 */
public final class ParleyChat implements AutoCloseable {
    private static final String PAGES = "dev/parley/chat/public";
    /** The largest announcement request: 64 KiB (a message is 4,000 characters by default). */
    private static final long ANNOUNCE_MAX_BODY = 64 * 1024;

    private final ChatConfig config;
    private final ChatStore store;
    private final SocketIoServer io;
    private final ChatEvents events;
    private final ChatHttpApi api;
    private final AttemptLimit throttle;
    private final AttemptLimit registrations;
    private final UploadRetention retention;
    private final ChatCluster cluster;

    private ParleyChat(ChatConfig config, ChatStore store, SocketIoServer io, ChatCluster cluster) throws IOException {
        this.config = config;
        this.store = store;
        this.io = io;
        // Counted by the cluster: on several nodes, an attacker spreading attempts over them gains nothing.
        this.throttle = cluster.attemptLimit("auth-failures", config.authFailureLimit(), config.authFailureWindow(),
                config.authThrottleAddresses());
        SessionTokens tokens = new SessionTokens(store, throttle);
        this.registrations = cluster.attemptLimit("registrations", config.registrationLimit(),
                config.registrationWindow(), config.authThrottleAddresses());
        this.cluster = cluster;
        this.events = new ChatEvents(io, store, config, tokens, registrations, cluster);
        this.api = new ChatHttpApi(store, config, events, tokens, new AnnounceAuth(config.pushToken(), throttle));
        events.install();
        this.retention = new UploadRetention(store, config.dataDir().resolve("files"), config.uploadRetention());
        retention.start();
    }

    /**
     * Opens the store (creating the data directory and migrating the database) and the Socket.IO server. The
     * chat adds its Origin check ({@link ChatConfig#allowedOrigins()}, plus the engine's CORS origins) to the
     * engine's {@code allowRequest}: both must allow a handshake.
     */
    public static ParleyChat open(ChatConfig config, SocketIoConfig socketIo) throws IOException {
        return open(config, socketIo, ChatCluster.local());
    }

    /**
     * As {@link #open(ChatConfig, SocketIoConfig)}, one node of several: presence, rate and attempt limits in
     * {@code cluster} (e.g. parley-chat-redis's), which the chat closes with itself (also if opening fails).
     * Its database must be the one every node uses, and {@code socketIo}'s adapter the cluster's.
     */
    public static ParleyChat open(ChatConfig config, SocketIoConfig socketIo, ChatCluster cluster) throws IOException {
        ChatStore store;
        try {
            Files.createDirectories(config.dataDir());
            store = JdbcChatStore.open(config.jdbcUrl(), config.databaseUser(), config.databasePassword());
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        try {
            return new ParleyChat(config, store, new SocketIoServer(withOriginCheck(socketIo, config)), cluster);
        } catch (IOException | RuntimeException e) {
            store.close();
            cluster.close();
            throw e;
        }
    }

    /** With the throttles' clock (monotonic nanoseconds) given, for tests. */
    static ParleyChat open(ChatConfig config, SocketIoConfig socketIo, LongSupplier clock) throws IOException {
        return open(config, socketIo, ChatCluster.local(clock));
    }

    private static SocketIoConfig withOriginCheck(SocketIoConfig socketIo, ChatConfig config) {
        EngineIoConfig engine = socketIo.engine();
        // An origin allowed to poll cross-origin (CORS) was meant to connect: it passes the Origin check too.
        List<String> origins = new ArrayList<>(config.allowedOrigins());
        origins.addAll(engine.corsOrigins());
        AllowRequest origin = new OriginPolicy(origins);
        AllowRequest theirs = engine.allowRequest();
        AllowRequest both = request -> origin.allow(request) && theirs.allow(request);
        return socketIo.toBuilder().engine(engine.toBuilder().allowRequest(both).build()).build();
    }

    /** With Socket.IO defaults and connection state recovery for two minutes. */
    public static ParleyChat open(ChatConfig config) throws IOException {
        return open(config, SocketIoConfig.builder().connectionStateRecovery(Duration.ofMinutes(2)).build());
    }

    /** Mounts the Socket.IO server, the HTTP endpoints and the UI pages. */
    public ParleyChat mount(ParleyServer server) {
        if (server.config().handlerExecution() == HandlerExecution.EVENT_LOOP) {
            throw new IllegalArgumentException("Parley Chat needs handlers that may block (they use the database): "
                    + "not HandlerExecution.EVENT_LOOP");
        }
        // Every error of the API is JSON {error, code}, the server's own refusals (413...) and failures included.
        server.addEngineIo(io.engine())
                // Tokens are checked on the request head: a refused upload is never read (nor told 100 Continue).
                .addHttpRoute("/api/files", config.maxUploadSize(), api::uploadCheck, jsonErrors(api, api::upload),
                        api::uploadServerError)
                .addHttpRoute("/files", 0, HttpHeadCheck.ACCEPT_ALL, jsonErrors(api, api::download), api::serverError)
                .addHttpRoute("/api/rooms", 0, HttpHeadCheck.ACCEPT_ALL, jsonErrors(api, api::read), api::serverError)
                .addHttpRoute("/api/announce", ANNOUNCE_MAX_BODY, api::announceCheck, jsonErrors(api, api::announce),
                        api::serverError)
                .pagesFromClasspath(PAGES);
        return this;
    }

    public SocketIoServer socketIo() {
        return io;
    }

    public ChatConfig config() {
        return config;
    }

    /**
     * Checks that the chat's database answers now, for a readiness check: throws (with the driver's reason)
     * if it does not within {@code timeoutSeconds}. Blocks: call it off the network event loops.
     */
    public void checkDatabase(int timeoutSeconds) {
        store.probe(timeoutSeconds);
    }

    /** The table of failed secret checks per address (tests assert it stays bounded). */
    AuthThrottle authThrottle() {
        return (AuthThrottle) throttle;
    }

    /** The table of registrations per address (tests assert it stays bounded). */
    AuthThrottle registrations() {
        return (AuthThrottle) registrations;
    }

    /** How many connections the user has (tests wait on it instead of sleeping). */
    int tabsOnline(String nickname) {
        return events.presence().tabs(nickname);
    }

    @Override
    public void close() {
        retention.close();
        events.shutdown();
        io.close();
        cluster.close();
        store.close();
    }
}
