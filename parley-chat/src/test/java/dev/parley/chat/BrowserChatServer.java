package dev.parley.chat;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.testkit.Chromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One Parley Chat on a loopback port, in a temporary data directory, with a Chromium: what a browser test class
 * shares between its tests (started in {@code @BeforeAll}, closed in {@code @AfterAll}). No connection state
 * recovery: a page that loses its connection rejoins and catches up by itself.
 */
record BrowserChatServer(Path dataDir, ParleyChat chat, ParleyServer server, Chromium chromium) implements AutoCloseable {

    /** Something done to the store or the data directory before the chat opens them. */
    @FunctionalInterface
    interface BeforeOpening {
        void run(ChatConfig config) throws Exception;
    }

    static BrowserChatServer start(String name, UnaryOperator<ChatConfig.Builder> configure, BeforeOpening before)
            throws Exception {
        Path dataDir = Files.createTempDirectory(name);
        ChatConfig config = configure.apply(ChatConfig.builder().dataDir(dataDir)).build();
        before.run(config);
        ParleyChat chat = ParleyChat.open(config,
                SocketIoConfig.builder().engine(EngineIoConfig.builder().path("/socket.io/").build()).build());
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build());
        chat.mount(server);
        server.start();
        return new BrowserChatServer(dataDir, chat, server, Chromium.launch());
    }

    @Override
    public void close() throws Exception {
        chromium.close();
        server.stop();
        chat.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temporary files only
        }
    }
}
