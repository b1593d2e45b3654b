package dev.parley.server;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.parley.server.builtin.ChatRoomEndpoint;
import dev.parley.server.builtin.EchoEndpoint;
import dev.parley.testkit.Chromium;
import dev.parley.websocket.WebSocketConfig;
import java.nio.file.Paths;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Headless Chromium (Debian's, driven by Playwright) on the demo page, with the browser's own WebSocket. */
class BrowserIT {
    private static final LocatorAssertions.HasTextOptions WAIT = new LocatorAssertions.HasTextOptions().setTimeout(15_000);
    private static Chromium chromium;
    private ParleyServer server;

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void quit() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    private void start(int port, WebSocketConfig config) throws InterruptedException {
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(port).webSocket(config).build())
                .addEndpoint(EchoEndpoint.create())
                .addEndpoint(ChatRoomEndpoint.create())
                .start();
    }

    @Test
    void demoPageEchoesThroughTheBrowsersWebSocketWithCompression() throws Exception {
        start(0, WebSocketConfig.builder().permessageDeflate(true).build());
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = context.newPage();
            page.navigate(server.url() + "/");
            assertThat(page.locator("#echo-state")).hasText("OPEN", WAIT);
            page.locator("#echo-input").fill("héllo from Chromium ✓");
            page.locator("#echo-form button").click();
            assertThat(page.locator("#echo-reply")).hasText("héllo from Chromium ✓", WAIT);

            // Chromium offers permessage-deflate; a large text goes through compressed both ways.
            Object result = page.evaluate("""
                    (url) => new Promise((resolve, reject) => {
                      const ws = new WebSocket(url);
                      const text = 'Parley over permessage-deflate. '.repeat(10000);
                      ws.onopen = () => ws.send(text);
                      ws.onmessage = (e) => { resolve({ extensions: ws.extensions, same: e.data === text }); ws.close(); };
                      ws.onerror = () => reject(new Error('websocket error'));
                    })""", server.url().replace("http://", "ws://") + EchoEndpoint.PATH);
            @SuppressWarnings("unchecked") Map<String, Object> reply = (Map<String, Object>) result;
            assertThat(reply).containsEntry("extensions", "permessage-deflate").containsEntry("same", true);
        }
    }

    @Test
    void twoBrowsersChat() throws Exception {
        start(0, WebSocketConfig.defaults());
        try (BrowserContext adaContext = chromium.browser().newContext();
                BrowserContext bobContext = chromium.browser().newContext()) {
            Page ada = adaContext.newPage();
            Page bob = bobContext.newPage();
            ada.navigate(server.url() + "/");
            bob.navigate(server.url() + "/");
            assertThat(ada.locator("#chat-state")).hasText("OPEN", WAIT);
            assertThat(bob.locator("#chat-state")).hasText("OPEN", WAIT);
            say(ada, "ada");
            say(bob, "bob");
            assertThat(ada.locator("#chat-log li").last()).hasText("* bob joined", WAIT);
            say(ada, "hello <b>bob</b>");
            assertThat(bob.locator("#chat-log li").last()).hasText("ada: hello <b>bob</b>", WAIT);
            // Rendered as text: no element was made from the message.
            assertThat(bob.locator("#chat-log b")).hasCount(0);
            say(bob, "hi ada");
            assertThat(ada.locator("#chat-log li").last()).hasText("bob: hi ada", WAIT);
            Paths.get("target/screenshots").toFile().mkdirs();
            ada.screenshot(new Page.ScreenshotOptions().setPath(Paths.get("target/screenshots/demo.png")).setFullPage(true));
        }
    }

    @Test
    void pageShowsTheCloseAndReconnectsWhenTheServerComesBack() throws Exception {
        start(0, WebSocketConfig.defaults());
        int port = server.port();
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = context.newPage();
            page.navigate(server.url() + "/");
            assertThat(page.locator("#echo-state")).hasText("OPEN", WAIT);
            assertThat(page.locator("#echo-closed")).hasText("none");
            server.stop();
            server = null;
            // The close of the open connection, kept on the page: the state line shows it for only 250 ms, then the
            // reconnect attempts' own closes (1006: the server is down), and a loaded machine may look too late.
            assertThat(page.locator("#echo-closed")).hasText("1001 Server shutting down", WAIT);
            assertThat(page.locator("#echo-state")).hasText(Pattern.compile("^(CLOSED \\(\\d+\\); reconnecting|CONNECTING)"), WAIT);
            start(port, WebSocketConfig.defaults());
            assertThat(page.locator("#echo-state")).hasText("OPEN", WAIT);
            page.locator("#echo-input").fill("back again");
            page.locator("#echo-form button").click();
            assertThat(page.locator("#echo-reply")).hasText("back again", WAIT);
            // Failed attempts in between (never opened) did not overwrite why the first connection ended.
            assertThat(page.locator("#echo-closed")).hasText("1001 Server shutting down");
        }
    }

    private static void say(Page page, String text) {
        page.locator("#chat-input").fill(text);
        page.locator("#chat-input").press("Enter");
    }
}
