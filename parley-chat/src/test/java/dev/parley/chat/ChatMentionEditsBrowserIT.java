package dev.parley.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.parley.chat.BrowserChat.WAIT;
import static dev.parley.chat.BrowserChat.join;
import static dev.parley.chat.BrowserChat.send;
import static dev.parley.chat.BrowserChat.sidebar;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mentions that an edit adds or removes, on the chat page in headless Chromium against one real server (docs/chat.md,
 * "Mentions"): a reader in the room but looking at another one gets the mention badge when an edit names them, the
 * message is highlighted for them, and an edit that takes their name out takes the highlight away.
 */
class ChatMentionEditsBrowserIT {
    private static final LocatorAssertions.HasClassOptions CLASS = new LocatorAssertions.HasClassOptions().setTimeout(15_000);
    private static final LocatorAssertions.HasCountOptions COUNT = new LocatorAssertions.HasCountOptions().setTimeout(15_000);
    private static final Pattern MENTIONED = Pattern.compile("\\bmentioned\\b");

    private static BrowserChat chat;

    @BeforeAll
    static void start() throws Exception {
        chat = BrowserChat.start(ChatConfig.builder().dataDir(BrowserChat.dataDir("parley-chat-mention-edits"))
                .rateLimit(100, Duration.ofSeconds(10)).build());
    }

    @AfterAll
    static void stop() throws Exception {
        chat.close();
    }

    /** What Chromium reported about the page's Content Security Policy, and script errors. */
    private final List<String> problems = new CopyOnWriteArrayList<>();

    @AfterEach
    void nothingRefusedNorThrown() {
        assertThat(problems).isEmpty();
    }

    private Page login(BrowserContext context, String nickname) {
        Page page = context.newPage();
        page.onConsoleMessage(m -> {
            if (m.text().contains("Content Security Policy")) {
                problems.add(m.text());
            }
        });
        page.onPageError(problems::add);
        return chat.login(page, nickname);
    }

    private static Locator line(Page page, String text) {
        return page.locator("#messages li.message", new Page.LocatorOptions().setHasText(text));
    }

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
        try (BrowserContext anaContext = chat.browser(); BrowserContext benContext = chat.browser()) {
            Page ben = login(benContext, "ben");
            join(ben, "desk");
            Page ana = login(anaContext, "ana");
            join(ana, "desk");
            sidebar(ben, "#general").click();
            assertThat(ben.locator("#title")).hasText("#general", WAIT);

            send(ana, "the build broke");
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
