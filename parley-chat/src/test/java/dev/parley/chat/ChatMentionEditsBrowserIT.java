package dev.parley.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.parley.chat.ChatPages.CLASS;
import static dev.parley.chat.ChatPages.COUNT;
import static dev.parley.chat.ChatPages.WAIT;
import static dev.parley.chat.ChatPages.join;
import static dev.parley.chat.ChatPages.line;
import static dev.parley.chat.ChatPages.sidebar;
import static dev.parley.chat.ChatPages.signIn;
import static dev.parley.chat.ChatPages.submit;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mentions that an edit adds or removes, on the chat page in headless Chromium against one real server (docs/chat.md,
 * "Mentions"): a reader in the room but looking at another one gets the mention badge when an edit names them, the
 * message is highlighted for them, and an edit that takes their name out takes the highlight away.
 */
class ChatMentionEditsBrowserIT {
    private static final Pattern MENTIONED = Pattern.compile("\\bmentioned\\b");

    @RegisterExtension
    static final BrowserChat chat = BrowserChat.forTheClass("parley-chat-mention-edits",
            options -> options.rateLimit(100, Duration.ofSeconds(10)));

    /** Edits one's own message with the page's inline editor (Enter saves). */
    private static void edit(Page page, String from, String to) {
        line(page, from).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Edit message")).click();
        Locator editor = page.locator("#messages .edit-text");
        editor.fill(to);
        editor.press("Enter");
        assertThat(editor).hasCount(0, COUNT);
        assertThat(line(page, to).locator(".edited")).hasText("(edited)", WAIT);
    }

    @Test
    void anEditThatNamesAReaderMentionsThemAndOneThatTakesTheNameOutUnhighlights() {
        try (BrowserContext anaContext = chat.context(); BrowserContext benContext = chat.context()) {
            Page ben = signIn(benContext, chat.url(), "ben");
            join(ben, "desk");
            Page ana = signIn(anaContext, chat.url(), "ana");
            join(ana, "desk");
            sidebar(ben, "#general").click();
            assertThat(ben.locator("#title")).hasText("#general", WAIT);

            submit(ana, "the build broke");
            Locator desk = sidebar(ben, "#desk");
            assertThat(desk.locator(".unread")).hasText("1", WAIT);
            assertThat(desk.locator(".mention-count")).hasCount(0);

            // Named by an edit while in the room (looking elsewhere): the badge, as for a new message naming him.
            edit(ana, "the build broke", "@ben the build broke");
            assertThat(desk.locator(".mention-count")).hasText("@1", WAIT);
            desk.click();
            Locator shown = line(ben, "the build broke");
            assertThat(shown).hasClass(MENTIONED, CLASS);
            assertThat(shown.locator(".mention.me")).hasText("@ben", WAIT);
            assertThat(desk.locator(".mention-count")).hasCount(0, COUNT);

            // The name taken out: no highlight left, live.
            edit(ana, "@ben the build broke", "the build is fixed");
            Locator fixed = line(ben, "the build is fixed");
            assertThat(fixed.locator(".edited")).hasText("(edited)", WAIT);
            assertThat(fixed).not().hasClass(MENTIONED, CLASS);
            assertThat(fixed.locator(".mention")).hasCount(0);
        }
    }
}
