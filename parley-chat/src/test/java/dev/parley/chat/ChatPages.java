package dev.parley.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;

/**
 * What a person does on the chat page, in Playwright: sign in, join a room, send, find a message. Every step
 * waits with Playwright's retrying assertions (15 s: a loaded 2-core machine), never with a sleep.
 */
final class ChatPages {
    static final LocatorAssertions.HasTextOptions WAIT = new LocatorAssertions.HasTextOptions().setTimeout(15_000);
    static final LocatorAssertions.IsVisibleOptions VISIBLE = new LocatorAssertions.IsVisibleOptions().setTimeout(15_000);
    static final LocatorAssertions.IsHiddenOptions HIDDEN = new LocatorAssertions.IsHiddenOptions().setTimeout(15_000);

    private ChatPages() {
    }

    /** A new page of {@code context} at the chat's address, signed in as {@code nickname}. */
    static Page signIn(BrowserContext context, String url, String nickname) {
        return signIn(context.newPage(), url, nickname);
    }

    /** Opens the chat served on {@code port} in {@code page} and signs in as a new user. */
    static Page login(Page page, int port, String nickname) {
        return signIn(page, "http://127.0.0.1:" + port + "/", nickname);
    }

    private static Page signIn(Page page, String url, String nickname) {
        page.navigate(url);
        page.locator("#nickname").fill(nickname);
        page.locator("#login-form button").click();
        assertThat(page.locator("#me")).hasText(nickname, WAIT);
        return page;
    }

    /** On a narrow screen, opens the drawer that holds the sidebar (unless it is open); elsewhere does nothing. */
    static void showSidebar(Page page) {
        Locator menu = page.locator("#menu");
        if (menu.isVisible() && "false".equals(menu.getAttribute("aria-expanded"))) {
            menu.click();
            assertThat(page.locator("#sidebar")).isVisible(VISIBLE);
        }
    }

    /** Joins (or creates) a room through the sidebar's field; the room is then open. */
    static void join(Page page, String room) {
        showSidebar(page);
        page.locator("#join-room").fill(room);
        page.locator("#join-room").press("Enter");
        assertThat(page.locator("#title")).hasText("#" + room, WAIT);
    }

    /** Opens a room or a private conversation from the sidebar ({@code #room} or {@code @nickname}). */
    static void open(Page page, String key) {
        showSidebar(page);
        page.locator(".sidebar button[data-key='" + key + "']").click();
        assertThat(page.locator("#title")).hasText(key.startsWith("#") ? key : "Private: " + key.substring(1), WAIT);
    }

    /** Sends a message in the open conversation and waits until the server has it ("sent" or further). */
    static void send(Page page, String text) {
        page.locator("#text").fill(text);
        page.locator("#text").press("Enter");
        assertThat(page.locator("#messages .mine", new Page.LocatorOptions().setHasText(text)).locator(".status"))
                .not().hasText("pending", WAIT);
    }

    /** A message of the open conversation, by part of its text. */
    static Locator message(Page page, String text) {
        return page.locator("#messages .message .text", new Page.LocatorOptions().setHasText(text));
    }
}
