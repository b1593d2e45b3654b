package dev.parley.chat;

import dev.parley.chat.internal.ChatEvents;
import dev.parley.chat.internal.ChatHttpApi;
import dev.parley.chat.store.ChatStore;
import dev.parley.chat.store.JdbcChatStore;
import dev.parley.server.HandlerExecution;
import dev.parley.server.ParleyServer;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.SocketIoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

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

    private final ChatConfig config;
    private final ChatStore store;
    private final SocketIoServer io;
    private final ChatEvents events;
    private final ChatHttpApi api;

    private ParleyChat(ChatConfig config, ChatStore store, SocketIoServer io) throws IOException {
        this.config = config;
        this.store = store;
        this.io = io;
        this.events = new ChatEvents(io, store, config);
        this.api = new ChatHttpApi(store, config, events);
        events.install();
    }

    /** Opens the store (creating the data directory and migrating the database) and the Socket.IO server. */
    public static ParleyChat open(ChatConfig config, SocketIoConfig socketIo) throws IOException {
        Files.createDirectories(config.dataDir());
        ChatStore store = JdbcChatStore.open(config.jdbcUrl(), config.databaseUser(), config.databasePassword());
        try {
            return new ParleyChat(config, store, new SocketIoServer(socketIo));
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
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
        server.addEngineIo(io.engine())
                // Tokens are checked on the request head: a refused upload is never read (nor told 100 Continue).
                .addHttpRoute("/api/files", config.maxUploadSize(), api::uploadCheck, api::upload)
                .addHttpRoute("/files", 0, api::download)
                .addHttpRoute("/api/rooms", 0, api::read)
                .addHttpRoute("/api/announce", 64 * 1024, api::announceCheck, api::announce)
                .pagesFromClasspath(PAGES);
        return this;
    }

    public SocketIoServer socketIo() {
        return io;
    }

    public ChatConfig config() {
        return config;
    }

    @Override
    public void close() {
        events.shutdown();
        io.close();
        store.close();
    }
}
