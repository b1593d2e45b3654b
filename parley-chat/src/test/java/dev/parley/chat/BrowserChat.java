package dev.parley.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.testkit.Chromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One chat on a loopback server and headless Chromium, shared by the tests of a browser test class (each test
 * with its own users and rooms), and the steps those tests take on the chat page.
 */
final class BrowserChat implements AutoCloseable {
    static final LocatorAssertions.HasTextOptions WAIT = new LocatorAssertions.HasTextOptions().setTimeout(15_000);

    private final Path dataDir;
    private final ParleyChat chat;
    private final ParleyServer server;
    private final Chromium chromium;

    private BrowserChat(Path dataDir, ParleyChat chat, ParleyServer server, Chromium chromium) {
        this.dataDir = dataDir;
        this.chat = chat;
        this.server = server;
        this.chromium = chromium;
    }

    /** A temporary data directory for {@link #start}, which deletes it on {@link #close}. */
    static Path dataDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /** Opens the chat with {@code config} (its data directory from {@link #dataDir}), serves it, starts Chromium. */
    static BrowserChat start(ChatConfig config) throws Exception {
        ParleyChat chat = ParleyChat.open(config, SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build()).build());
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build());
        chat.mount(server);
        server.start();
        return new BrowserChat(config.dataDir(), chat, server, Chromium.launch());
    }

    String url() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    /** A new browser (its own storage), in UTC and en-US so that days and dates are the test's. */
    BrowserContext browser() {
        return chromium.browser().newContext(new Browser.NewContextOptions().setTimezoneId("UTC").setLocale("en-US"));
    }

    /** Opens the chat in {@code page} and logs in as a new user. */
    Page login(Page page, String nickname) {
        page.navigate(url());
        page.locator("#nickname").fill(nickname);
        page.locator("#login-form button").click();
        assertThat(page.locator("#me")).hasText(nickname, WAIT);
        return page;
    }

    static void join(Page page, String room) {
        page.locator("#join-room").fill(room);
        page.locator("#join-room").press("Enter");
        assertThat(page.locator("#title")).hasText("#" + room, WAIT);
    }

    static void send(Page page, String text) {
        page.locator("#text").fill(text);
        page.locator("#text").press("Enter");
    }

    /** The text of the messages that contain {@code text}. */
    static Locator message(Page page, String text) {
        return page.locator("#messages .message .text", new Page.LocatorOptions().setHasText(text));
    }

    /** A conversation's entry in the sidebar: {@code #room} or {@code @nickname}. */
    static Locator sidebar(Page page, String key) {
        return page.locator(".sidebar button[data-key='" + key + "']");
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
