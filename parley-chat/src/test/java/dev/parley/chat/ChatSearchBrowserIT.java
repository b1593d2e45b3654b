package dev.parley.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.parley.chat.ChatPages.COUNT;
import static dev.parley.chat.ChatPages.HIDDEN;
import static dev.parley.chat.ChatPages.VISIBLE;
import static dev.parley.chat.ChatPages.WAIT;
import static dev.parley.chat.ChatPages.join;
import static dev.parley.chat.ChatPages.message;
import static dev.parley.chat.ChatPages.open;
import static dev.parley.chat.ChatPages.send;
import static dev.parley.chat.ChatPages.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.parley.chat.store.ChatStore;
import dev.parley.chat.store.JdbcChatStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Message search in the page (issue 17 §2, docs/chat.md "Search"), in headless Chromium against one real
 * server and store for the class: a search by keyboard, a result far back in a room's history opened in place
 * and highlighted, scrolling down from it to the live end, "Jump to latest", and a private result that only its
 * two people find, its snippet shown as text. Two rooms of {@value #HAY} messages are written to the store before
 * the chat opens; each test has its own users and room.
 */
class ChatSearchBrowserIT {
    private static final LocatorAssertions.IsInViewportOptions IN_VIEW = new LocatorAssertions.IsInViewportOptions().setTimeout(15_000);
    private static final int HAY = 300;
    private static final int NEEDLE = 40;
    private static final String NEEDLE_TEXT = "the lost needle in the haystack";
    private static final String KEY_TEXT = "a forgotten key in the attic";

    // Written by someone who never signs in, one message a minute, before the chat opens the store.
    @RegisterExtension
    static final BrowserChat chat = BrowserChat.forTheClass("parley-chat-search", options -> options, config -> {
        try (ChatStore store = JdbcChatStore.open(config.jdbcUrl(), null, null)) {
            long start = System.currentTimeMillis() - HAY * 60_000L;
            for (int i = 0; i < HAY; i++) {
                store.save("h" + i, "carol", "archive", null, i == NEEDLE ? NEEDLE_TEXT : "hay " + i, null,
                        start + i * 60_000L);
                store.save("a" + i, "carol", "attic", null, i == NEEDLE ? KEY_TEXT : "dust " + i, null,
                        start + i * 60_000L);
            }
        }
    });

    /** Searches by keyboard: the field, the query, Enter. */
    private static void search(Page page, String q) {
        page.locator("#search").focus();
        page.keyboard().type(q);
        page.keyboard().press("Enter");
    }

    @SuppressWarnings("unchecked")
    private static List<String> shownTexts(Page page) {
        return (List<String>) page.evaluate("() => [...document.querySelectorAll('#messages .message .text')].map((t) => t.textContent)");
    }

    @Test
    void aResultFarBackOpensHighlightedInItsHistoryAndScrollingDownLeadsBackToLive() {
        try (BrowserContext samContext = chat.context(); BrowserContext bobContext = chat.context()) {
            Page sam = signIn(samContext, chat.url(), "sam");
            Page bob = signIn(bobContext, chat.url(), "bo");
            join(sam, "archive");
            join(bob, "archive");
            assertThat(message(sam, "hay " + (HAY - 1))).isVisible(VISIBLE);
            assertThat(message(sam, NEEDLE_TEXT)).hasCount(0); // far back: not in the latest page

            search(sam, "NEEDLE hay");
            Locator result = sam.locator("#search-results .search-result");
            assertThat(result).hasCount(1, COUNT);
            assertThat(result.locator(".search-where")).hasText("#archive");
            assertThat(result.locator(".search-from")).hasText("carol");
            assertThat(result.locator(".search-snippet")).hasText(NEEDLE_TEXT);
            assertThat(result.locator("mark")).hasText(new String[] {"needle", "haystack"});
            assertThat(sam.locator("#search-status")).hasText("1 message found");
            // By keyboard: down to the result, Enter opens it.
            sam.bringToFront();
            sam.keyboard().press("ArrowDown");
            assertThat(result).isFocused();
            sam.keyboard().press("Enter");

            Locator hit = sam.locator("#messages .search-hit");
            assertThat(hit.locator(".text")).hasText(NEEDLE_TEXT, WAIT);
            assertThat(hit).isInViewport(IN_VIEW);
            assertThat(hit).isFocused(); // announced, and where the keyboard goes on from
            assertThat(hit).hasCSS("outline-style", "solid");
            assertThat(sam.locator("#title")).hasText("#archive");
            // The page around it, and nothing after a hole: the latest messages wait until the user scrolls there.
            List<String> around = shownTexts(sam);
            assertThat(around).first().isEqualTo("hay " + (NEEDLE - 25));
            assertThat(around).last().isEqualTo("hay " + (NEEDLE + 25));
            assertThat(sam.locator("#jump")).isVisible(VISIBLE);
            sam.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/search.png")));

            // A message written meanwhile waits below the window, then everything down to it shows, in order.
            send(bob, "live while reading");
            assertThat(message(bob, "live while reading")).isVisible(VISIBLE);
            assertThat(message(sam, "live while reading")).hasCount(0);
            sam.waitForFunction("() => { const l = document.getElementById('messages'); l.scrollTop = l.scrollHeight;"
                    + " return [...l.querySelectorAll('.text')].some((t) => t.textContent === 'live while reading'); }",
                    null, new Page.WaitForFunctionOptions().setPollingInterval(200).setTimeout(30_000));
            List<String> expected = new ArrayList<>();
            for (int i = NEEDLE - 25; i < HAY; i++) {
                expected.add(i == NEEDLE ? NEEDLE_TEXT : "hay " + i);
            }
            expected.add("live while reading");
            assertThat(shownTexts(sam)).isEqualTo(expected);
            // Live again: at the bottom, the next message shows where the user is.
            assertThat(sam.locator("#jump")).isHidden(HIDDEN);
            send(bob, "and the next one");
            assertThat(message(sam, "and the next one")).isInViewport(IN_VIEW);
            // Older pages load as usual above the window.
            sam.locator("#older").click();
            assertThat(message(sam, "hay 0")).hasCount(1, COUNT);
        }
    }

    @Test
    void jumpToLatestLeavesTheWindowForTheLiveEnd() {
        try (BrowserContext context = chat.context()) {
            Page kim = signIn(context, chat.url(), "kim");
            join(kim, "attic");
            search(kim, "forgotten");
            kim.locator("#search-results .search-result").first().click();
            assertThat(kim.locator("#messages .search-hit .text")).hasText(KEY_TEXT, WAIT);

            kim.locator("#jump").click();
            assertThat(message(kim, "dust " + (HAY - 1))).isInViewport(IN_VIEW);
            assertThat(message(kim, KEY_TEXT)).hasCount(0, COUNT);
            assertThat(kim.locator("#messages .search-hit")).hasCount(0);
            assertThat(kim.locator("#jump")).isHidden(HIDDEN);
            send(kim, "back to live");
            assertThat(message(kim, "back to live")).isInViewport(IN_VIEW);
            // The latest page, whole, then the new message.
            List<String> expected = new ArrayList<>();
            for (int i = HAY - ChatConfig.HISTORY_PAGE; i < HAY; i++) {
                expected.add("dust " + i);
            }
            expected.add("back to live");
            assertThat(shownTexts(kim)).isEqualTo(expected);
        }
    }

    @Test
    void aPrivateResultIsFoundOnlyByItsTwoPeopleAndItsSnippetIsText() {
        try (BrowserContext annContext = chat.context(); BrowserContext benContext = chat.context();
                BrowserContext cyContext = chat.context()) {
            Page ann = signIn(annContext, chat.url(), "ann");
            Page ben = signIn(benContext, chat.url(), "ben");
            Page cy = signIn(cyContext, chat.url(), "cy");
            open(ann, "@ben");
            send(ann, "<b>rendezvous</b> at the <img src=x> café");
            send(ann, "something else");
            assertThat(ann.locator("#messages .mine .status").last()).hasText("delivered", WAIT);

            search(cy, "rendezvous");
            assertThat(cy.locator("#search-status")).hasText("No messages found", WAIT);
            assertThat(cy.locator("#search-results li")).hasCount(0);

            search(ben, "rendezvous cafe");
            Locator result = ben.locator("#search-results .search-result");
            assertThat(result).hasCount(1, COUNT);
            assertThat(result.locator(".search-where")).hasText("@ann");
            assertThat(result.locator(".search-snippet")).hasText("<b>rendezvous</b> at the <img src=x> café");
            assertThat(result.locator("mark")).hasText(new String[] {"rendezvous", "café"});
            assertThat(ben.locator("#search-results b, #search-results img")).hasCount(0);

            result.click();
            assertThat(ben.locator("#title")).hasText("Private: ann", WAIT);
            assertThat(ben.locator("#messages .search-hit .text")).hasText("<b>rendezvous</b> at the <img src=x> café", WAIT);
            assertThat(message(ben, "something else")).isVisible(VISIBLE);
            // Escape empties the field and the results.
            ben.locator("#search").focus();
            ben.keyboard().press("Escape");
            assertThat(ben.locator("#search-results li")).hasCount(0);
            assertThat(ben.locator("#search")).hasValue("");
        }
    }
}
