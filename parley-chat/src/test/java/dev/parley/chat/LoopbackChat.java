package dev.parley.chat;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.SocketIoConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A Parley Chat on a loopback port of its own, for a browser test class or a tool: opened on a configuration whose
 * data directory it owns, and closed with that directory deleted.
 */
final class LoopbackChat implements AutoCloseable {
    private final Path dataDir;
    private final ParleyChat chat;
    private final ParleyServer server;

    private LoopbackChat(Path dataDir, ParleyChat chat, ParleyServer server) {
        this.dataDir = dataDir;
        this.chat = chat;
        this.server = server;
    }

    /** Opens the chat of {@code config} (whose data directory is {@code dataDir}) on 127.0.0.1, any free port. */
    static LoopbackChat open(ChatConfig config, Path dataDir) throws Exception {
        ParleyChat chat = ParleyChat.open(config,
                SocketIoConfig.builder().engine(EngineIoConfig.builder().path("/socket.io/").build()).build());
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build());
        chat.mount(server);
        server.start();
        return new LoopbackChat(dataDir, chat, server);
    }

    /** The page's address, {@code http://127.0.0.1:PORT/}. */
    String url() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
            chat.close();
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // temporary files only
            }
        }
    }
}
