package dev.parley.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.parley.chat.ChatPages.VISIBLE;
import static dev.parley.chat.ChatPages.WAIT;
import static dev.parley.chat.ChatPages.join;
import static dev.parley.chat.ChatPages.message;
import static dev.parley.chat.ChatPages.open;
import static dev.parley.chat.ChatPages.send;
import static dev.parley.chat.ChatPages.signIn;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import java.nio.file.Path;

/**
 * Makes the README's picture of Parley Chat: a chat on a temporary data directory, three people in Chromium with a
 * short conversation in two rooms and a private one, and a PNG of Alice's page. Run by
 * {@code scripts/chat-screenshot.sh} (which builds the classpath):
 * {@code ChatScreenshot OUT.png [desktop|mobile] [light|dark]}, by default {@code desktop light}
 * (1280x720; mobile is 390x844 at 3x, the phone the browser tests emulate).
 */
public final class ChatScreenshot {
    private ChatScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: ChatScreenshot OUT.png [desktop|mobile] [light|dark]");
            System.exit(2);
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        boolean mobile = args.length > 1 && args[1].equals("mobile");
        ColorScheme scheme = args.length > 2 && args[2].equals("dark") ? ColorScheme.DARK : ColorScheme.LIGHT;
        try (BrowserChat chat = BrowserChat.start("parley-chat-screenshot")) {
            String url = chat.url();
            Browser.NewContextOptions alicesOptions = mobile
                    ? new Browser.NewContextOptions().setViewportSize(390, 844).setDeviceScaleFactor(3).setIsMobile(true)
                            .setHasTouch(true)
                    : new Browser.NewContextOptions().setViewportSize(1280, 720);
            alicesOptions.setColorScheme(scheme);
            try (BrowserContext aliceContext = chat.context(alicesOptions);
                    BrowserContext bobContext = chat.context();
                    BrowserContext carolContext = chat.context()) {
                converse(signIn(aliceContext, url, "alice"), signIn(bobContext, url, "bob"), signIn(carolContext, url, "carol"))
                        .screenshot(new Page.ScreenshotOptions().setPath(out));
            }
            System.out.println("wrote " + out);
        }
    }

    /** The conversation; returns Alice's page as it is pictured: #general, with what is unread elsewhere. */
    private static Page converse(Page alice, Page bob, Page carol) {
        for (Page page : new Page[] {alice, bob, carol}) {
            join(page, "design");
        }
        send(bob, "New header mockups are up: the spacing on phones is much better");
        send(carol, "Looks great. Can we keep the old icon set for one more release?");
        send(alice, "Fine by me, the new icons can wait for 2.5");
        for (Page page : new Page[] {alice, bob, carol}) {
            open(page, "#general");
        }
        send(carol, "Morning! Stand-up moves to 10:30 today");
        send(alice, "Works for me. Release notes draft: https://example.com/notes/2.4");
        send(bob, "Thanks Alice, I'll add the migration steps before lunch");
        open(bob, "#design");
        send(bob, "Pushed the final mockups to the shared folder");
        open(bob, "@alice");
        send(bob, "Could you review my pull request before the 2.4 build?");
        assertThat(message(alice, "migration steps")).isVisible(VISIBLE);
        assertThat(alice.locator("#messages .mine .status").last()).hasText("delivered", WAIT);
        assertThat(alice.locator("#conversations .unread")).hasText("1", WAIT);
        // Last, since "is typing" shows for 3 s.
        // Keys over more than 2 s: the page sends "typing" at most every 2 s, counted from Carol's last message.
        carol.locator("#text").pressSequentially("Sounds good", new Locator.PressSequentiallyOptions().setDelay(250));
        assertThat(alice.locator("#typing")).hasText("carol is typing…", WAIT);
        return alice;
    }
}
