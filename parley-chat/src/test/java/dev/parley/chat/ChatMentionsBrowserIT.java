package dev.parley.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.parley.chat.ChatPages.CLASS;
import static dev.parley.chat.ChatPages.CONTAINS;
import static dev.parley.chat.ChatPages.COUNT;
import static dev.parley.chat.ChatPages.HIDDEN;
import static dev.parley.chat.ChatPages.TITLE;
import static dev.parley.chat.ChatPages.VISIBLE;
import static dev.parley.chat.ChatPages.WAIT;
import static dev.parley.chat.ChatPages.join;
import static dev.parley.chat.ChatPages.line;
import static dev.parley.chat.ChatPages.sidebar;
import static dev.parley.chat.ChatPages.signIn;
import static dev.parley.chat.ChatPages.submit;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mentions and notifications on the chat page (issue 17 §2), in headless Chromium against one real server and
 * store for the class: completing {@code @nick} with the keyboard (a combobox and its listbox), the message
 * highlighted for the people it mentions, the mention badge of a busy room after a reload (the server's read
 * marks), and browser notifications for mentions and private messages while the tab is hidden.
 *
 * <p>Hidden is real, not pretended: the page's window is minimized through the Chrome DevTools Protocol
 * ({@code Browser.setWindowBounds}, {@code windowState: minimized}), which makes Chromium hide the page
 * ({@code document.visibilityState} "hidden", a {@code visibilitychange} event), as a user minimizing the browser
 * would. Notifications are the real API with the permission granted by the browser context; an init script wraps
 * {@code window.Notification} to record what the page constructs and how often it asks for the permission.
 */
class ChatMentionsBrowserIT {
    private static final LocatorAssertions.HasAttributeOptions ATTRIBUTE = new LocatorAssertions.HasAttributeOptions().setTimeout(15_000);
    /** Records the notifications the page constructs and its permission requests, passing both to the real API. */
    private static final String NOTIFICATION_SPY = """
            (() => {
              const Real = window.Notification;
              window.__asked = 0;
              window.__shown = [];
              class Recorded extends Real {
                constructor(title, options) {
                  super(title, options);
                  window.__shown.push(this);
                }
              }
              Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
              Recorded.requestPermission = (...args) => { window.__asked += 1; return Real.requestPermission(...args); };
              window.Notification = Recorded;
            })();
            """;

    // A busy room: one person writes more than the default 20 messages per 10 s.
    @RegisterExtension
    static final BrowserChat chat = BrowserChat.forTheClass("parley-chat-mentions",
            options -> options.rateLimit(100, Duration.ofSeconds(10)));

    private static String url() {
        return chat.url();
    }

    @Test
    void atNickCompletesWithTheKeyboardAndTheMessageIsHighlightedForThePeopleItMentions() {
        try (BrowserContext adaContext = chat.context(); BrowserContext bertContext = chat.context();
                BrowserContext bessContext = chat.context()) {
            Page bert = signIn(bertContext, url(), "bert");
            Page bess = signIn(bessContext, url(), "bess");
            Page ada = signIn(adaContext, url(), "ada");
            assertThat(ada.locator("#members")).hasText("ada, bert, bess", WAIT);
            ada.bringToFront();
            Locator text = ada.locator("#text");
            Locator list = ada.locator("#mention-list");
            Locator options = list.getByRole(com.microsoft.playwright.options.AriaRole.OPTION);
            assertThat(text).hasAttribute("role", "combobox");
            assertThat(text).hasAttribute("aria-expanded", "false");
            assertThat(list).hasAttribute("role", "listbox");

            text.click();
            text.pressSequentially("hi @BE");
            assertThat(list).isVisible(VISIBLE);
            assertThat(options).hasText(new String[] {"bert", "bess"}, WAIT); // case-insensitive, never ada herself
            assertThat(text).hasAttribute("aria-expanded", "true");
            assertThat(text).hasAttribute("aria-activedescendant", "mention-option-0");
            assertThat(options.nth(0)).hasAttribute("aria-selected", "true");
            text.press("ArrowDown");
            assertThat(text).hasAttribute("aria-activedescendant", "mention-option-1", ATTRIBUTE);
            assertThat(options.nth(1)).hasAttribute("aria-selected", "true");
            assertThat(options.nth(0)).hasAttribute("aria-selected", "false");
            text.press("ArrowUp");
            text.press("ArrowUp"); // wraps around
            assertThat(text).hasAttribute("aria-activedescendant", "mention-option-1", ATTRIBUTE);
            text.press("Tab");
            assertThat(text).hasValue("hi @bess ");
            assertThat(list).isHidden(HIDDEN);
            assertThat(text).hasAttribute("aria-expanded", "false");
            assertThat(text).isFocused(); // Tab completed, it did not move the focus

            // Escape dismisses the suggestions of this "@" and leaves the text as typed.
            text.pressSequentially("and @b");
            assertThat(list).isVisible(VISIBLE);
            text.press("Escape");
            assertThat(list).isHidden(HIDDEN);
            text.pressSequentially("e");
            assertThat(list).isHidden(HIDDEN);
            assertThat(text).hasValue("hi @bess and @be");
            // Nobody by that name: no list. Enter completes, then sends.
            text.pressSequentially(" @zz");
            assertThat(list).isHidden(HIDDEN);
            text.press("Backspace");
            text.press("Backspace");
            text.pressSequentially("ber");
            assertThat(options).hasText(new String[] {"bert"}, WAIT);
            text.press("Enter");
            assertThat(text).hasValue("hi @bess and @be @bert ");
            text.press("Enter");
            assertThat(text).hasValue("");

            // For bert and bess the message is highlighted, and their own name in it; for ada (the sender) not.
            for (Page reader : List.of(bert, bess)) {
                Locator shown = line(reader, "hi @bess and @be @bert");
                assertThat(shown).hasClass(java.util.regex.Pattern.compile("\\bmentioned\\b"), CLASS);
                assertThat(shown.locator(".mention")).hasText(new String[] {"@bess", "@bert"}, WAIT);
                String me = reader == bert ? "@bert" : "@bess";
                assertThat(shown.locator(".mention.me")).hasText(me, WAIT);
                assertThat(shown.locator(".text")).hasText("hi @bess and @be @bert", WAIT); // the text as typed
            }
            Locator own = line(ada, "hi @bess and @be @bert");
            assertThat(own.locator(".status")).hasText(java.util.regex.Pattern.compile("sent|delivered"), WAIT);
            assertThat(ada.locator("#messages .message.mentioned")).hasCount(0);
        }
    }

    @Test
    void aMentionInABusyRoomHasItsOwnBadgeThatSurvivesAReloadUntilRead() {
        try (BrowserContext caraContext = chat.context(); BrowserContext dovContext = chat.context()) {
            Page dov = signIn(dovContext, url(), "dov");
            join(dov, "hub");
            sidebar(dov, "#general").click();
            assertThat(dov.locator("#title")).hasText("#general", WAIT);
            Page cara = signIn(caraContext, url(), "cara");
            join(cara, "hub");
            for (int i = 1; i <= 12; i++) {
                submit(cara, "chatter " + i);
            }
            submit(cara, "@dov can you look at this?");
            for (int i = 13; i <= 24; i++) {
                submit(cara, "chatter " + i);
            }
            assertThat(line(cara, "chatter 24").locator(".status")).hasText(java.util.regex.Pattern.compile("sent|delivered"), WAIT);

            Locator hub = sidebar(dov, "#hub");
            assertThat(hub.locator(".unread")).hasText("25", WAIT);
            assertThat(hub.locator(".mention-count")).hasText("@1", WAIT);
            assertThat(hub.locator(".mention-count")).hasAttribute("aria-label", "1 unread mention");

            // After a reload the plain count of the room is gone (it counted what arrived on the page); the
            // mention is the server's, and stays.
            dov.reload();
            assertThat(hub.locator(".mention-count")).hasText("@1", WAIT);
            assertThat(hub.locator(".unread")).hasCount(0);
            assertThat(dov).hasTitle("(1) Parley Chat", TITLE);

            hub.click();
            assertThat(line(dov, "@dov can you look at this?")).hasClass(java.util.regex.Pattern.compile("\\bmentioned\\b"),
                    CLASS);
            assertThat(hub.locator(".mention-count")).hasCount(0, COUNT);
            assertThat(dov).hasTitle("Parley Chat", TITLE);
            // Read for good: after another reload (once the page has rejoined its rooms) nothing is unread.
            dov.reload();
            assertThat(dov.locator("#members")).containsText("dov", CONTAINS);
            assertThat(sidebar(dov, "#hub")).isVisible(VISIBLE);
            assertThat(sidebar(dov, "#hub").locator(".mention-count")).hasCount(0);
            assertThat(dov).hasTitle("Parley Chat", TITLE);
        }
    }

    @Test
    void mentionsAndPrivateMessagesNotifyWhileTheTabIsHiddenOnceTurnedOnNeverForOnesOwn() throws Exception {
        try (BrowserContext frankContext = chat.context();
                DevToolsPage erin = DevToolsPage.open(url(), List.of("notifications"), NOTIFICATION_SPY)) {
            login(erin, "erin");
            assertThat(erin.evaluate(TOGGLE).asText()).isEqualTo("false Notifications: off");
            assertThat(erin.evaluate("window.__asked").asInt()).isZero();
            erin.click("#notify-toggle");
            erin.waitFor("document.getElementById('notify-toggle').getAttribute('aria-pressed') === 'true'");
            assertThat(erin.evaluate(TOGGLE).asText()).isEqualTo("true Notifications: on");
            assertThat(erin.evaluate("window.__asked").asInt()).isEqualTo(1);
            // On for good in this browser; the permission is not asked again when the page loads.
            erin.reload("document.getElementById('me').textContent === 'erin'");
            assertThat(erin.evaluate(TOGGLE).asText()).isEqualTo("true Notifications: on");
            assertThat(erin.evaluate("window.__asked").asInt()).isZero();
            String erinsToken = erin.evaluate("JSON.parse(localStorage.getItem('parley.token'))").asText();

            Page frank = signIn(frankContext, url(), "frank");
            assertThat(sidebar(frank, "@erin")).isVisible(VISIBLE);
            erin.waitFor("document.querySelector(\".sidebar button[data-key='@frank']\")");
            erin.minimize(true);

            submit(frank, "@erin standup in 5");
            sidebar(frank, "@erin").click();
            assertThat(frank.locator("#title")).hasText("Private: erin", WAIT);
            submit(frank, "psst");
            // Erin's own message, from another connection of hers, reaches the hidden page too and never notifies.
            try (OtherTab other = new OtherTab(erinsToken)) {
                other.sendPrivately("frank", "from my other tab");
            }
            assertThat(line(frank, "from my other tab")).isVisible(VISIBLE);
            sidebar(frank, "#general").click();
            submit(frank, "a plain message");

            // Everything reached the hidden page, in order; two of them notified.
            erin.waitFor("[...document.querySelectorAll('#messages .message .text')]"
                    + ".some((t) => t.textContent === 'a plain message')");
            erin.waitFor("window.__shown.length >= 2");
            assertThat(erin.evaluate("window.__shown.map((n) => [n.title, n.body, n.tag].join(' | '))").toString())
                    .isEqualTo("[\"frank mentioned you in #general | @erin standup in 5 | #general\","
                            + "\"frank (private message) | psst | @frank\"]");
            // Arrived in the open conversation of a hidden tab, they are unread: the title counts them and the
            // private message (not Erin's own).
            erin.waitFor("document.title === '(3) Parley Chat'");

            // A click on the private message's notification opens that conversation.
            erin.evaluate("window.__shown.find((n) => n.tag === '@frank').dispatchEvent(new Event('click'))");
            erin.waitFor("document.getElementById('title').textContent === 'Private: frank'");
            erin.minimize(false);
            erin.waitFor("document.title === '(2) Parley Chat'");
            erin.click(".sidebar button[data-key='#general']");
            erin.waitFor("document.title === 'Parley Chat'");
            assertThat(erin.evaluate("document.querySelectorAll('#messages .new-messages').length").asInt()).isEqualTo(1);
            // Visible, a mention shows in the page only.
            submit(frank, "@erin now you see it");
            erin.waitFor("document.querySelector('#messages .message.mentioned:last-child .mention.me')"
                    + "?.parentElement.textContent === '@erin now you see it'");
            assertThat(erin.evaluate("window.__shown.length").asInt()).isEqualTo(2);
        }
    }

    @Test
    void refusedByTheBrowserNotificationsStayOffAndTheButtonSaysWhy() throws Exception {
        try (DevToolsPage gil = DevToolsPage.open(url(), List.of(), NOTIFICATION_SPY)) {
            gil.setPermission(url(), "notifications", "denied");
            login(gil, "gil");
            gil.click("#notify-toggle");
            gil.waitFor("document.getElementById('notify-status').textContent"
                    + " === 'Notifications are blocked for this site in the browser'");
            assertThat(gil.evaluate(TOGGLE).asText()).isEqualTo("false Notifications: off");
            assertThat(gil.evaluate("window.__asked").asInt()).isEqualTo(1);
            assertThat(gil.evaluate("localStorage.getItem('parley.notifications')").asText()).isEqualTo("off");
        }
    }

    /** Logs a new user in on a page driven over the DevTools Protocol. */
    private static void login(DevToolsPage page, String nickname) throws Exception {
        page.waitFor("!document.getElementById('login').hidden");
        page.evaluate("document.getElementById('nickname').value = '" + nickname + "';"
                + " document.getElementById('login-form').requestSubmit()");
        page.waitFor("document.getElementById('me').textContent === '" + nickname + "'");
    }

    private static final String TOGGLE = "(() => { const b = document.getElementById('notify-toggle');"
            + " return b.getAttribute('aria-pressed') + ' ' + b.textContent; })()";

    /** Another connection of a user (the official Java client with their token), like a second tab. */
    private static final class OtherTab implements AutoCloseable {
        private final io.socket.client.Socket socket;

        OtherTab(String token) throws Exception {
            io.socket.client.IO.Options options = new io.socket.client.IO.Options();
            options.forceNew = true;
            options.reconnection = false;
            options.auth = java.util.Map.of("token", token);
            socket = io.socket.client.IO.socket(java.net.URI.create(url()), options);
            java.util.concurrent.CompletableFuture<Void> connected = new java.util.concurrent.CompletableFuture<>();
            socket.on(io.socket.client.Socket.EVENT_CONNECT, a -> connected.complete(null));
            socket.connect();
            connected.get(15, java.util.concurrent.TimeUnit.SECONDS);
        }

        void sendPrivately(String to, String text) throws Exception {
            java.util.concurrent.CompletableFuture<Object> ack = new java.util.concurrent.CompletableFuture<>();
            org.json.JSONObject message = new org.json.JSONObject().put("to", to).put("text", text)
                    .put("clientId", java.util.UUID.randomUUID().toString());
            socket.emit("private:send", new Object[] {message}, (io.socket.client.Ack) a -> ack.complete(a[0]));
            assertThat(((org.json.JSONObject) ack.get(15, java.util.concurrent.TimeUnit.SECONDS)).getBoolean("ok")).isTrue();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
