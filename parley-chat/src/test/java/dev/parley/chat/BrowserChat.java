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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The fixture of the chat's browser tests: a Parley Chat served on 127.0.0.1 (a free port) from SQLite in a
 * temporary data directory of its own, with the options its test class sets, and a headless Debian Chromium driven
 * by Playwright whose pages are watched for what their Content Security Policy refused and for uncaught script
 * errors ({@link #assertNothingRefusedNorThrown} after each test). What a person does on the page is in
 * {@link ChatPages}.
 *
 * <p>Lifecycle: most classes share one chat for their tests, each test with its own users and rooms ({@link #start}
 * in {@code @BeforeAll}, {@link #close} in {@code @AfterAll}). A class whose tests each need a new store launches
 * Chromium alone ({@link #launch}) and opens a chat before each test and closes it after ({@link #open},
 * {@link #closeChat}). {@link #stopServer} and {@link #startServer} restart the server on its port and store.
 * No connection state recovery unless the class sets it: a page that loses its connection rejoins and catches up by
 * itself. Used from the test's thread only.
 */
final class BrowserChat implements AutoCloseable {
    /** Writes to the store or the data directory before the chat opens them (e.g. messages of earlier days). */
    @FunctionalInterface
    interface Seed {
        Seed NOTHING = config -> { };

        void into(ChatConfig config) throws Exception;
    }

    private final Chromium chromium;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private Path dataDir;
    private ChatConfig config;
    private SocketIoConfig socketIo;
    private ParleyChat chat;
    private ParleyServer server;
    private int port;

    private BrowserChat(Chromium chromium) {
        this.chromium = chromium;
    }

    /** Chromium alone: {@link #open} a chat next. */
    static BrowserChat launch() {
        return new BrowserChat(Chromium.launch());
    }

    /** Chromium and a chat with the default options. */
    static BrowserChat start(String name) throws Exception {
        return start(name, options -> options, Seed.NOTHING);
    }

    /** Chromium and a chat with {@code options} (on a builder whose data directory is already set). */
    static BrowserChat start(String name, UnaryOperator<ChatConfig.Builder> options) throws Exception {
        return start(name, options, Seed.NOTHING);
    }

    /** Chromium and a chat with {@code options}, its store written by {@code seed} before it opens. */
    static BrowserChat start(String name, UnaryOperator<ChatConfig.Builder> options, Seed seed) throws Exception {
        BrowserChat browserChat = launch();
        try {
            browserChat.open(name, options, socketIo -> socketIo, seed);
        } catch (Exception | Error e) {
            browserChat.close();
            throw e;
        }
        return browserChat;
    }

    /**
     * Opens a chat in a new temporary data directory (named after {@code name}), configured by {@code options} and
     * {@code socketIo}, seeded, and serves it on a free port.
     */
    void open(String name, UnaryOperator<ChatConfig.Builder> options, UnaryOperator<SocketIoConfig.Builder> socketIo,
            Seed seed) throws Exception {
        if (dataDir != null) {
            throw new IllegalStateException("a chat is open in " + dataDir + ": closeChat() first");
        }
        dataDir = Files.createTempDirectory(name);
        config = options.apply(ChatConfig.builder().dataDir(dataDir)).build();
        this.socketIo = socketIo.apply(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build())).build();
        port = 0;
        seed.into(config);
        startServer();
    }

    /** Opens the chat on its store and serves it: on a free port the first time, then on the port it had. */
    void startServer() throws Exception {
        ParleyChat opened = ParleyChat.open(config, socketIo);
        try {
            ParleyServer started = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(port).build());
            opened.mount(started);
            started.start();
            server = started;
        } catch (Exception | Error e) {
            opened.close();
            throw e;
        }
        chat = opened;
        port = server.port();
    }

    /** Stops the server and closes the chat, as a server going down; its store stays for {@link #startServer}. */
    void stopServer() throws Exception {
        if (chat == null) {
            return;
        }
        try {
            server.stop();
        } finally {
            chat.close();
            chat = null;
            server = null;
        }
    }

    /** Stops the chat and deletes its data directory: another may be {@link #open opened}. */
    void closeChat() throws Exception {
        try {
            stopServer();
        } finally {
            if (dataDir != null) {
                try (Stream<Path> files = Files.walk(dataDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // temporary files only
                }
            }
            dataDir = null;
        }
    }

    /** The page's address, {@code http://127.0.0.1:PORT/}. */
    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    int port() {
        return port;
    }

    /** The chat's configuration; also while the server is stopped (to write to its store). */
    ChatConfig config() {
        return config;
    }

    /** The chat being served. */
    ParleyChat parleyChat() {
        if (chat == null) {
            throw new IllegalStateException("the server is stopped");
        }
        return chat;
    }

    /** Posts an announcement ({@code json}: text, and room unless to everyone) with the push token; the status. */
    int announce(String json) throws Exception {
        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url() + "api/announce"))
                .header("Authorization", "Bearer " + config.pushToken())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        return posted.statusCode();
    }

    /**
     * A new browser context (its own storage: another person's browser, or another device) in UTC and en-US, so that
     * days, dates and numbers are the test's. Every page it opens is watched.
     */
    BrowserContext context() {
        return context(new Browser.NewContextOptions());
    }

    /** As {@link #context()}, with {@code options} (a phone's screen, say); the time zone and locale are set here. */
    BrowserContext context(Browser.NewContextOptions options) {
        BrowserContext context = chromium.browser().newContext(options.setTimezoneId("UTC").setLocale("en-US"));
        context.onPage(this::watch);
        return context;
    }

    private void watch(Page page) {
        page.onConsoleMessage(m -> {
            if (m.text().contains("Content Security Policy")) {
                problems.add(m.text());
            }
        });
        page.onPageError(problems::add);
    }

    /**
     * Nothing was refused by a page's Content Security Policy (an inline style or script) and no script error went
     * uncaught in a page since the last call; called after each test.
     */
    void assertNothingRefusedNorThrown() {
        List<String> seen = List.copyOf(problems);
        problems.clear();
        assertThat(seen).as("refused by the Content Security Policy or thrown in a page").isEmpty();
    }

    @Override
    public void close() throws Exception {
        try {
            chromium.close();
        } finally {
            closeChat();
        }
    }
}
