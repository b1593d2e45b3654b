package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
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
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fixture of the chat's browser tests, a JUnit extension ({@code @RegisterExtension static final BrowserChat
 * chat = ...}): a Parley Chat served on 127.0.0.1 (a free port) from SQLite in a temporary data directory of its
 * own, with the options its test class sets, and a headless Debian Chromium driven by Playwright whose pages are
 * watched for what their Content Security Policy refused and for uncaught script errors: after each test, there
 * must have been none ({@link #assertNothingRefusedNorThrown}). What a person does on the page is in
 * {@link ChatPages}.
 *
 * <p>Lifecycle: Chromium runs for the class. The chat is one for the class ({@link #forTheClass}; each test has its
 * own users and rooms) or a new one, with a new store, for each test ({@link #forEachTest}); {@link #stopServer} and
 * {@link #startServer} restart the server on its port and store, and {@link #closeChat} then {@link #open} replace
 * the chat. {@link #start} starts one outside JUnit (close it). No connection state recovery unless the class sets
 * it: a page that loses its connection rejoins and catches up by itself. Used from the test's thread only.
 */
final class BrowserChat implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback,
        AutoCloseable {
    /** Writes to the store or the data directory before the chat opens them (e.g. messages of earlier days). */
    @FunctionalInterface
    interface Seed {
        Seed NOTHING = config -> { };

        void into(ChatConfig config) throws Exception;
    }

    private final String name;
    private final UnaryOperator<ChatConfig.Builder> options;
    private final UnaryOperator<SocketIoConfig.Builder> socketIoOptions;
    private final Seed seed;
    private final boolean eachTest;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private Chromium chromium;
    private Path dataDir;
    private ChatConfig config;
    private SocketIoConfig socketIo;
    private ParleyChat chat;
    private ParleyServer server;
    private int port;

    static {
        // Playwright's assertions wait 5 s unless told otherwise; a CI run with both cores busy saw focus checks
        // (isFocused, hasCSS) time out while the page was still catching up. Every browser test waits as long
        // as ChatPages.WAIT does; an assertion that cannot hold still fails, later.
        PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    }

    private BrowserChat(String name, UnaryOperator<ChatConfig.Builder> options,
            UnaryOperator<SocketIoConfig.Builder> socketIoOptions, Seed seed, boolean eachTest) {
        this.name = name;
        this.options = options;
        this.socketIoOptions = socketIoOptions;
        this.seed = seed;
        this.eachTest = eachTest;
    }

    /** One chat with the default options for the tests of the class; {@code name} names its data directory. */
    static BrowserChat forTheClass(String name) {
        return forTheClass(name, options -> options, Seed.NOTHING);
    }

    /** One chat with {@code options} (on a builder whose data directory is set) for the tests of the class. */
    static BrowserChat forTheClass(String name, UnaryOperator<ChatConfig.Builder> options) {
        return forTheClass(name, options, Seed.NOTHING);
    }

    /** One chat with {@code options}, its store written by {@code seed} before it opens, for the tests of the class. */
    static BrowserChat forTheClass(String name, UnaryOperator<ChatConfig.Builder> options, Seed seed) {
        return new BrowserChat(name, options, socketIo -> socketIo, seed, false);
    }

    /** A new chat (a new store) for each test, with {@code options} and Socket.IO's {@code socketIo}. */
    static BrowserChat forEachTest(String name, UnaryOperator<ChatConfig.Builder> options,
            UnaryOperator<SocketIoConfig.Builder> socketIo) {
        return new BrowserChat(name, options, socketIo, Seed.NOTHING, true);
    }

    /** Chromium and a chat with the default options, now, for a tool or a test outside this lifecycle; close it. */
    static BrowserChat start(String name) throws Exception {
        BrowserChat started = forTheClass(name);
        try {
            started.launch();
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
        return started;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        launch();
    }

    private void launch() throws Exception {
        chromium = Chromium.launch();
        if (!eachTest) {
            open(options);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (eachTest) {
            open(options);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            assertNothingRefusedNorThrown();
        } finally {
            if (eachTest) {
                closeChat();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    /**
     * Opens a chat in a new temporary data directory, configured by {@code chatOptions} (the class's, or others for
     * one test) and the class's Socket.IO options, seeded, and serves it on a free port.
     */
    void open(UnaryOperator<ChatConfig.Builder> chatOptions) throws Exception {
        if (dataDir != null) {
            throw new IllegalStateException("a chat is open in " + dataDir + ": closeChat() first");
        }
        dataDir = Files.createTempDirectory(name);
        config = chatOptions.apply(ChatConfig.builder().dataDir(dataDir)).build();
        socketIo = socketIoOptions.apply(SocketIoConfig.builder()
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
            if (m.text().contains("Content Security Policy") && !showsAFile(page)) {
                problems.add(m.text());
            }
        });
        page.onPageError(error -> {
            if (!showsAFile(page)) {
                problems.add(error);
            }
        });
    }

    /**
     * A page that shows one of the chat's files (an image opened in a tab of its own) is not the chat's page: a file
     * is served with a policy of its own ({@code sandbox; default-src 'none'; img-src 'self'}), under which Chromium
     * refuses the inline style of its own image viewer.
     */
    private boolean showsAFile(Page page) {
        return page.url().startsWith(url() + "files/");
    }

    /**
     * Nothing was refused by a page's Content Security Policy (an inline style or script) and no script error went
     * uncaught in a page since the last call; checked after each test.
     */
    void assertNothingRefusedNorThrown() {
        List<String> seen = List.copyOf(problems);
        problems.clear();
        assertThat(seen).as("refused by the Content Security Policy or thrown in a page").isEmpty();
    }

    @Override
    public void close() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
                chromium = null;
            }
        } finally {
            closeChat();
        }
    }
}
