package dev.parley.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.parley.chat.ChatPages.COUNT;
import static dev.parley.chat.ChatPages.HIDDEN;
import static dev.parley.chat.ChatPages.TITLE;
import static dev.parley.chat.ChatPages.VISIBLE;
import static dev.parley.chat.ChatPages.WAIT;
import static dev.parley.chat.ChatPages.join;
import static dev.parley.chat.ChatPages.message;
import static dev.parley.chat.ChatPages.sidebar;
import static dev.parley.chat.ChatPages.signIn;
import static dev.parley.chat.ChatPages.submit;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.parley.chat.store.ChatStore;
import dev.parley.chat.store.JdbcChatStore;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What helps people read the chat page (issue 17 §2), in headless Chromium against one real server and store
 * for the class: clickable links that are never HTML, day separators and full dates, the unread count in the
 * tab's title, the "new messages" line and "jump to latest". Each test has its own users and rooms. The
 * browsers run in UTC and en-US so that days and dates are the test's.
 */
class ChatReadingBrowserIT {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final int LONG_ROOM = 80;

    // Messages of earlier days, written by someone who never signs in, before the chat opens the store.
    @RegisterExtension
    static final BrowserChat chat = BrowserChat.forTheClass("parley-chat-reading", options -> options, config -> {
        try (ChatStore store = JdbcChatStore.open(config.jdbcUrl(), null, null)) {
            store.save("d1", "carol", "days", null, "two days ago", null, at(TODAY.minusDays(2), 10));
            store.save("d2", "carol", "days", null, "two days ago, later", null, at(TODAY.minusDays(2), 11));
            store.save("d3", "carol", "days", null, "yesterday", null, at(TODAY.minusDays(1), 9));
            for (int i = 1; i <= LONG_ROOM; i++) {
                store.save("l" + i, "carol", "long", null, "long " + i, null, System.currentTimeMillis());
            }
        }
    });

    private static long at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    @Test
    void httpAndHttpsLinksAreClickableAndNothingElseIsMarkup() {
        String text = "docs at https://example.com/a?b=1&c=2. or (see http://example.org/x) javascript:alert(1) "
                + "JAVASCRIPT://x data:text/html,<b>x</b> <img src=x> ftp://example.net/f";
        try (BrowserContext aliceContext = chat.context(); BrowserContext bobContext = chat.context()) {
            Page alice = signIn(aliceContext, chat.url(), "lina");
            Page bob = signIn(bobContext, chat.url(), "lars");
            submit(alice, text);
            Locator shown = message(bob, "docs at");
            assertThat(shown).hasText(text, WAIT); // every character, as typed
            Locator links = shown.locator("a");
            assertThat(links).hasText(new String[] {"https://example.com/a?b=1&c=2", "http://example.org/x"}, WAIT);
            assertThat(links.nth(0)).hasAttribute("href", "https://example.com/a?b=1&c=2");
            assertThat(links.nth(1)).hasAttribute("href", "http://example.org/x");
            for (int i = 0; i < 2; i++) {
                assertThat(links.nth(i)).hasAttribute("target", "_blank");
                assertThat(links.nth(i)).hasAttribute("rel", "noopener noreferrer");
            }
            assertThat(bob.locator("#messages .text b, #messages .text img")).hasCount(0);
            // Keyboard users reach the links, and the focus shows. Bob's page is brought to the front first:
            // Chromium matches :focus-visible only in the focused window, and two contexts each have one.
            // The focus and its ring are read in one step: under load a late history merge may draw the message
            // again between Playwright's separate checks (CI saw the ring on a replaced, unfocused element), so the
            // keyboard step is repeated a few times; a page without the ring still fails every attempt.
            bob.bringToFront();
            String ring = null;
            for (int attempt = 0; attempt < 5 && !"solid".equals(ring); attempt++) {
                links.nth(0).focus();
                bob.keyboard().press("Tab");
                ring = (String) links.nth(1).evaluate("a => a !== document.activeElement ? 'not focused'"
                        + " : a.matches(':focus-visible') ? getComputedStyle(a).outlineStyle"
                        + " : 'no :focus-visible (page focused: ' + document.hasFocus() + ')'");
            }
            assertThat(ring).isEqualTo("solid");
        }
    }

    @Test
    void daysAreSeparatedAndEveryMessageHasItsFullDateOnHover() {
        try (BrowserContext context = chat.context()) {
            Page dana = signIn(context, chat.url(), "dana");
            join(dana, "days");
            submit(dana, "today");
            assertThat(dana.locator("#messages .mine .status").last()).hasText("sent", WAIT);

            // The list in order: each separator's date, each message's (and notice's) date from its datetime.
            @SuppressWarnings("unchecked")
            List<String> rows = (List<String>) dana.evaluate("() => [...document.getElementById('messages').children]"
                    + ".map((li) => li.classList.contains('day') ? 'day ' + li.querySelector('time').dateTime"
                    + " : 'item ' + li.querySelector('time').dateTime.slice(0, 10))");
            String today = rows.get(rows.size() - 1).substring(5); // the day of "today" as the server stamped it
            List<String> days = new ArrayList<>();
            String current = null;
            for (String row : rows) {
                String date = row.substring(row.indexOf(' ') + 1);
                if (row.startsWith("day ")) {
                    assertThat(date).as("a separator where the day changes only").isNotEqualTo(current);
                    current = date;
                    days.add(date);
                } else {
                    assertThat(date).as("a message under its day's separator").isEqualTo(current);
                }
            }
            assertThat(days).containsExactly(TODAY.minusDays(2).toString(), TODAY.minusDays(1).toString(), today);

            Locator separators = dana.locator("#messages .day time");
            String twoDaysAgo = TODAY.minusDays(2).format(DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy", Locale.US));
            assertThat(separators.nth(0)).hasText(twoDaysAgo);
            assertThat(separators.nth(1)).hasText(today.equals(TODAY.toString()) ? "Yesterday"
                    : TODAY.minusDays(1).format(DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy", Locale.US)));

            // The full date and time on hover, and exact in datetime.
            Locator yesterday = dana.locator("#messages .message", new Page.LocatorOptions().setHasText("yesterday")).locator("time");
            assertThat(yesterday).hasAttribute("datetime", TODAY.minusDays(1) + "T09:00:00.000Z");
            String fullYesterday = TODAY.minusDays(1).format(DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy", Locale.US));
            assertThat(yesterday.getAttribute("title")).contains(fullYesterday).contains("9:00:00");
        }
    }

    @Test
    void theTabTitleCountsUnreadMessagesUntilTheyAreRead() {
        try (BrowserContext aliceContext = chat.context(); BrowserContext bobContext = chat.context()) {
            Page tia = signIn(aliceContext, chat.url(), "tia");
            Page tom = signIn(bobContext, chat.url(), "tom");
            assertThat(tia).hasTitle("Parley Chat");
            sidebar(tom, "@tia").click();
            submit(tom, "one");
            submit(tom, "two");
            assertThat(tia).hasTitle("(2) Parley Chat", TITLE);
            // What she reads does not count: a message in the room she has open.
            sidebar(tom, "#general").click();
            submit(tom, "in general");
            assertThat(message(tia, "in general")).isVisible(VISIBLE);
            assertThat(tia).hasTitle("(2) Parley Chat");
            // The server's stored count after a reload, then read.
            tia.reload();
            assertThat(tia.locator("#me")).hasText("tia", WAIT);
            assertThat(tia).hasTitle("(2) Parley Chat", TITLE);
            sidebar(tia, "@tom").click();
            assertThat(message(tia, "two")).isVisible(VISIBLE);
            assertThat(tia).hasTitle("Parley Chat", TITLE);
        }
    }

    @Test
    void aNewMessagesLineShowsWhereUnreadStarts() {
        try (BrowserContext aliceContext = chat.context(); BrowserContext bobContext = chat.context()) {
            Page nora = signIn(aliceContext, chat.url(), "nora");
            Page ned = signIn(bobContext, chat.url(), "ned");
            join(nora, "news");
            submit(nora, "seen");
            join(ned, "news");
            assertThat(message(ned, "seen")).isVisible(VISIBLE);
            sidebar(nora, "#general").click();
            submit(ned, "first new");
            submit(ned, "second new");
            assertThat(sidebar(nora, "#news").locator(".unread")).hasText("2", WAIT);

            sidebar(nora, "#news").click();
            assertThat(nora.locator("#messages .new-messages")).hasCount(1, COUNT);
            assertThat(nora.locator("#messages .new-messages ~ .message .text"))
                    .hasText(new String[] {"first new", "second new"}, WAIT);
            // Opening it again: nothing is unread any more, no line.
            sidebar(nora, "#general").click();
            sidebar(nora, "#news").click();
            assertThat(nora.locator("#messages .new-messages")).hasCount(0);

            // A private conversation with messages delivered to her page but not read, then a reload: the
            // count is the server's, and the messages are only in the history fetched on opening.
            sidebar(nora, "@ned").click();
            submit(nora, "hello ned");
            assertThat(nora.locator("#messages .mine .status").last()).hasText("delivered", WAIT);
            sidebar(nora, "#general").click();
            sidebar(ned, "@nora").click();
            submit(ned, "p1");
            submit(ned, "p2");
            assertThat(ned.locator("#messages .mine .status", new Page.LocatorOptions().setHasText("delivered")))
                    .hasCount(2, COUNT);
            nora.reload();
            assertThat(sidebar(nora, "@ned").locator(".unread")).hasText("2", WAIT);
            sidebar(nora, "@ned").click();
            assertThat(nora.locator("#messages .new-messages ~ .message .text")).hasText(new String[] {"p1", "p2"}, WAIT);
            assertThat(nora.locator("#messages .new-messages")).hasCount(1);
            assertThat(message(nora, "hello ned")).isVisible();
        }
    }

    @Test
    void jumpToLatestShowsWhenScrolledUpAndTakesTheUserBack() {
        try (BrowserContext context = chat.context()) {
            Page jo = signIn(context, chat.url(), "jo");
            join(jo, "long");
            Locator newest = message(jo, "long " + LONG_ROOM);
            assertThat(newest).isInViewport();
            Locator jump = jo.locator("#jump");
            assertThat(jump).isHidden();

            jo.evaluate("() => { document.getElementById('messages').scrollTop = 0; }");
            assertThat(jump).isVisible(VISIBLE);
            assertThat(newest).not().isInViewport();

            jump.click();
            assertThat(jump).isHidden(HIDDEN);
            assertThat(newest).isInViewport();
            assertThat(jo.locator("#text")).isFocused();
            // At the bottom again: the view follows what arrives.
            submit(jo, "after the jump");
            assertThat(message(jo, "after the jump")).isInViewport();
        }
    }
}
