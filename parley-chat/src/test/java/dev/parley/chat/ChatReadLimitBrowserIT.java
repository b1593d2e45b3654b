package dev.parley.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.parley.chat.ChatPages.CONTAINS;
import static dev.parley.chat.ChatPages.WAIT;
import static dev.parley.chat.ChatPages.send;
import static dev.parley.chat.ChatPages.signIn;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.parley.chat.store.ChatStore;
import dev.parley.chat.store.JdbcChatStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The page under a read budget smaller than what it asks at the start (docs/chat.md, "Reading limits"), in headless
 * Chromium against the real server (the shared {@link BrowserChat} and {@link ChatPages} fixtures, as they are): a
 * budget of 2 reads, then 1 a second, while signing in asks for 5 (the two lists, the conversations, the mentions,
 * the announcements). The page waits each refusal out, so everything loads (the stored announcement
 * shows); a search refused as too fast shows the server's sentence, the next one works, and the page still sends.
 */
class ChatReadLimitBrowserIT {
    private static final String STORED = "maintenance tonight at ten";

    @RegisterExtension
    static final BrowserChat chat = BrowserChat.forTheClass("parley-chat-reads",
            options -> options.reads(new ChatReadConfig(2, 1)), config -> {
                try (ChatStore store = JdbcChatStore.open(config.jdbcUrl(), null, null)) {
                    store.save("stored-announcement", "announcement", null, null, STORED, null, System.currentTimeMillis());
                }
            });

    @Test
    void thePageLoadsEverythingPastItsBudgetAndShowsARefusedSearch() {
        try (BrowserContext context = chat.context()) {
            Page page = signIn(context, chat.url(), "reader");
            // The announcements are the fifth read of the start: refused at first, asked again after retryAfter.
            assertThat(page.locator("#announcements .announcement")).containsText(STORED, CONTAINS);
            send(page, "hello from a reader");

            // Searching as fast as one can press Enter: past the budget, the sentence shows; nothing breaks.
            page.locator("#search").fill("hello");
            for (int i = 0; i < 5; i++) {
                page.locator("#search").press("Enter");
            }
            assertThat(page.locator("#search-status")).hasText("You are reading too fast: at most 1 requests a second "
                    + "(2 at once)", WAIT);
            // A token a second: a search asked again finds the message.
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(1500)).until(() -> {
                page.locator("#search").press("Enter");
                return page.locator("#search-status").textContent().equals("1 message found");
            });
            send(page, "still sending");
        }
    }
}
