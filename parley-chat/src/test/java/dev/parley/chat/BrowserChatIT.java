package dev.parley.chat;

import static dev.parley.chat.ChatPages.signIn;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The browser tests' fixture watches what it must: every browser test checks after each test that no page had a
 * script or style refused by the Content Security Policy nor an uncaught error, and that check passes only if the
 * watcher sees them. Here a page of a fixture's context gets one of each, and the check fails with it.
 */
class BrowserChatIT {
    @Test
    void anInlineScriptThePolicyRefusesAndAnUncaughtErrorFailTheCheck() throws Exception {
        try (BrowserChat chat = BrowserChat.start("parley-chat-fixture"); BrowserContext context = chat.context()) {
            Page page = signIn(context, chat.url(), "wendy");
            chat.assertNothingRefusedNorThrown();

            // script-src 'self': an inline script is refused, which Chromium reports on the console.
            page.waitForConsoleMessage(new Page.WaitForConsoleMessageOptions()
                    .setPredicate(m -> m.text().contains("Content Security Policy")), () -> page.evaluate(
                    "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
                            + " document.body.append(s); }"));
            assertThatThrownBy(chat::assertNothingRefusedNorThrown).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Content Security Policy");
            chat.assertNothingRefusedNorThrown(); // reported once

            AtomicBoolean thrown = new AtomicBoolean();
            page.onPageError(error -> thrown.set(true));
            page.evaluate("() => { setTimeout(() => { throw new Error('thrown on purpose'); }); }");
            page.waitForCondition(thrown::get);
            assertThatThrownBy(chat::assertNothingRefusedNorThrown).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("thrown on purpose");
        }
    }
}
