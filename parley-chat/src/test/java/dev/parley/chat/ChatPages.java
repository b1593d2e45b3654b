package dev.parley.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PageAssertions;

/**
 * What a person does on the chat page, in Playwright: sign in, join or open a conversation, send, find a message or
 * a sidebar entry. Every step waits with Playwright's retrying assertions, never with a sleep, and the waits below
 * are the tests' too: 15 s, for a loaded 2-core machine.
 */
final class ChatPages {
    static final LocatorAssertions.HasTextOptions WAIT = new LocatorAssertions.HasTextOptions().setTimeout(15_000);
    static final LocatorAssertions.ContainsTextOptions CONTAINS =
            new LocatorAssertions.ContainsTextOptions().setTimeout(15_000);
    static final LocatorAssertions.HasCountOptions COUNT = new LocatorAssertions.HasCountOptions().setTimeout(15_000);
    static final LocatorAssertions.IsVisibleOptions VISIBLE = new LocatorAssertions.IsVisibleOptions().setTimeout(15_000);
    static final LocatorAssertions.IsHiddenOptions HIDDEN = new LocatorAssertions.IsHiddenOptions().setTimeout(15_000);
    static final LocatorAssertions.HasClassOptions CLASS = new LocatorAssertions.HasClassOptions().setTimeout(15_000);
    static final PageAssertions.HasTitleOptions TITLE = new PageAssertions.HasTitleOptions().setTimeout(15_000);

    private ChatPages() {
    }

    /** A new page of {@code context} at the chat's address, signed in as the new user {@code nickname}. */
    static Page signIn(BrowserContext context, String url, String nickname) {
        Page page = context.newPage();
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

    /** A conversation's entry in the sidebar: {@code #room} or {@code @nickname}. */
    static Locator sidebar(Page page, String key) {
        return page.locator(".sidebar button[data-key='" + key + "']");
    }

    /** Opens a room or a private conversation from the sidebar ({@code #room} or {@code @nickname}). */
    static void open(Page page, String key) {
        showSidebar(page);
        sidebar(page, key).click();
        assertThat(page.locator("#title")).hasText(key.startsWith("#") ? key : "Private: " + key.substring(1), WAIT);
    }

    /** Sends a message in the open conversation and waits until the server has it ("sent" or further). */
    static void send(Page page, String text) {
        submit(page, text);
        assertThat(page.locator("#messages .mine", new Page.LocatorOptions().setHasText(text)).locator(".status"))
                .not().hasText("pending", WAIT);
    }

    /**
     * Writes a message in the composer and presses Enter, without waiting: it may wait in the page's outbox (the
     * server away, the rate limit reached) or be refused, which is what a test of those looks at.
     */
    static void submit(Page page, String text) {
        page.locator("#text").fill(text);
        page.locator("#text").press("Enter");
    }

    /** The text of the messages of the open conversation that contain {@code text}. */
    static Locator message(Page page, String text) {
        return page.locator("#messages .message .text", new Page.LocatorOptions().setHasText(text));
    }

    /** The messages (their whole line: text, status, marks, buttons) that contain {@code text}. */
    static Locator line(Page page, String text) {
        return page.locator("#messages li.message", new Page.LocatorOptions().setHasText(text));
    }
}
