package dev.parley.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.parley.testkit.Chromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One chat on a loopback server ({@link LoopbackChat}) and headless Chromium, shared by the tests of a browser test
 * class (each test with its own users and rooms), and the steps those tests take on the chat page.
 */
final class BrowserChat implements AutoCloseable {
    static final LocatorAssertions.HasTextOptions WAIT = new LocatorAssertions.HasTextOptions().setTimeout(15_000);

    private final LoopbackChat chat;
    private final Chromium chromium;

    private BrowserChat(LoopbackChat chat, Chromium chromium) {
        this.chat = chat;
        this.chromium = chromium;
    }

    /** A temporary data directory for {@link #start}, which deletes it on {@link #close}. */
    static Path dataDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /** Opens the chat with {@code config} (its data directory from {@link #dataDir}), serves it, starts Chromium. */
    static BrowserChat start(ChatConfig config) throws Exception {
        LoopbackChat chat = LoopbackChat.open(config, config.dataDir());
        try {
            return new BrowserChat(chat, Chromium.launch());
        } catch (RuntimeException e) {
            chat.close();
            throw e;
        }
    }

    String url() {
        return chat.url();
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
            chat.close();
        }
    }
}
