package dev.parley.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

/** What the browser tests do on the chat page: sign in, join a room, send, find a message. */
final class ChatPages {
    /** Generous for a loaded 2-core machine; Playwright's assertions retry until then. */
    static final LocatorAssertions.HasTextOptions WAIT = new LocatorAssertions.HasTextOptions().setTimeout(15_000);

    private ChatPages() {
    }

    /** Opens the chat on {@code page} and signs in as a new user. */
    static Page login(Page page, int port, String nickname) {
        page.navigate("http://127.0.0.1:" + port + "/");
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

    /** The text of the messages shown that contain {@code text}. */
    static Locator message(Page page, String text) {
        return page.locator("#messages .message .text", new Page.LocatorOptions().setHasText(text));
    }
}
