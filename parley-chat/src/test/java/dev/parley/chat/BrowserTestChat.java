package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.testkit.Chromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * One Parley Chat on a loopback server and a headless Chromium, shared by the tests of a browser test class (open it
 * in {@code @BeforeAll}, close it in {@code @AfterAll}), with pages that record what the page's Content Security
 * Policy refused ({@link #assertNothingRefused} after each test).
 */
final class BrowserTestChat implements AutoCloseable {
    private final Path dataDir;
    private final ParleyChat chat;
    private final ParleyServer server;
    private final Chromium chromium;
    private final List<String> refused = new CopyOnWriteArrayList<>();

    /** Writes to the store before the chat opens it (e.g. messages of earlier days). */
    @FunctionalInterface
    interface Seed {
        void into(ChatConfig config) throws Exception;
    }

    private BrowserTestChat(Path dataDir, ParleyChat chat, ParleyServer server, Chromium chromium) {
        this.dataDir = dataDir;
        this.chat = chat;
        this.server = server;
        this.chromium = chromium;
    }

    /** A chat configured by {@code builder} (its data directory a new temporary one), seeded, then started. */
    static BrowserTestChat start(String name, ChatConfig.Builder builder, Seed seed) throws Exception {
        Path dataDir = Files.createTempDirectory(name);
        ChatConfig config = builder.dataDir(dataDir).build();
        seed.into(config);
        ParleyChat chat = ParleyChat.open(config,
                SocketIoConfig.builder().engine(EngineIoConfig.builder().path("/socket.io/").build()).build());
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build());
        chat.mount(server);
        server.start();
        return new BrowserTestChat(dataDir, chat, server, Chromium.launch());
    }

    static BrowserTestChat start(String name) throws Exception {
        return start(name, ChatConfig.builder(), config -> { });
    }

    Browser browser() {
        return chromium.browser();
    }

    /** The chat's page address. */
    String url() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    /** A new page in the context whose Content Security Policy refusals are recorded. */
    Page page(BrowserContext context) {
        Page page = context.newPage();
        page.onConsoleMessage((m) -> {
            if (m.text().contains("Content Security Policy")) {
                refused.add(m.text());
            }
        });
        return page;
    }

    /** No inline style or script was refused by the page's policy since the last call. */
    void assertNothingRefused() {
        List<String> seen = List.copyOf(refused);
        refused.clear();
        assertThat(seen).isEmpty();
    }

    @Override
    public void close() throws Exception {
        try {
            chromium.close();
        } finally {
            server.stop();
            chat.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // temporary files only
            }
        }
    }
}
