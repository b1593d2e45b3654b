package dev.parley.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.parley.chat.ChatPages.CONTAINS;
import static dev.parley.chat.ChatPages.COUNT;
import static dev.parley.chat.ChatPages.HIDDEN;
import static dev.parley.chat.ChatPages.VISIBLE;
import static dev.parley.chat.ChatPages.WAIT;
import static dev.parley.chat.ChatPages.message;
import static dev.parley.chat.ChatPages.signIn;
import static dev.parley.chat.ChatPages.submit;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.FilePayload;
import com.sun.net.httpserver.HttpServer;
import dev.parley.chat.store.ChatStore;
import dev.parley.chat.store.JdbcChatStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Parley Chat end to end in headless Chromium: two users in two browser contexts, against the real server
 * and store (SQLite in a temporary directory), a new one for each test; some tests restart the server.
 */
class ChatBrowserIT {
    // A 1x1 PNG.
    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private static final String PUSH_TOKEN = "push-secret-for-tests";
    // The default rate (20 messages) over a shorter window than the default 10 s: the same rule, a quicker test.
    private static final UnaryOperator<ChatConfig.Builder> OPTIONS = options -> options.maxUploadSize(200_000)
            .pushToken(PUSH_TOKEN).rateLimit(20, Duration.ofSeconds(3));

    // With connection state recovery: a page back within 2 minutes gets what it missed without joining again.
    @RegisterExtension
    static final BrowserChat chat = BrowserChat.forEachTest("parley-chat-e2e", OPTIONS,
            socketIo -> socketIo.connectionStateRecovery(Duration.ofMinutes(2)));

    private static Page login(BrowserContext context, String nickname) {
        return signIn(context, chat.url(), nickname);
    }

    @Test
    void anAnnouncementToEveryoneShowsAsOneAndStaysAfterAReload() throws Exception {
        try (BrowserContext context = chat.context()) {
            Page alice = login(context, "alice");
            assertThat(chat.announce("{\"text\":\"Deploy at <b>18:00</b>\"}")).isEqualTo(201);
            Locator shown = alice.locator("#announcements .announcement");
            assertThat(shown).containsText("Deploy at <b>18:00</b>", CONTAINS);
            assertThat(alice.locator("#announcements")).isVisible(VISIBLE);
            assertThat(alice.locator("#announcements b")).hasCount(0); // text, never HTML
            assertThat(alice.locator("#messages .notice", new Page.LocatorOptions().setHasText("Deploy"))).hasCount(0);
            // Stored: a reload (or someone who was away) still shows it.
            alice.reload();
            assertThat(alice.locator("#me")).hasText("alice", WAIT);
            assertThat(shown).containsText("Deploy at <b>18:00</b>", CONTAINS);
        }
    }

    @Test
    void twoUsersChatInARoomPrivatelyWithTypingAndHistory() {
        try (BrowserContext aliceContext = chat.context();
                BrowserContext bobContext = chat.context()) {
            Page alice = login(aliceContext, "alice");
            Page bob = login(bobContext, "bob");
            assertThat(alice.locator("#online")).containsText("bob", CONTAINS);

            submit(alice, "Hello <b>bob</b>!");
            assertThat(message(bob, "Hello <b>bob</b>!")).isVisible(VISIBLE);
            assertThat(bob.locator("#messages b")).hasCount(0); // text, never HTML
            assertThat(alice.locator("#messages .mine .status").last()).hasText("delivered", WAIT);

            bob.locator("#text").pressSequentially("typing...");
            assertThat(alice.locator("#typing")).hasText("bob is typing…", WAIT);

            alice.locator("#online button", new Page.LocatorOptions().setHasText("bob")).click();
            submit(alice, "a secret");
            assertThat(bob.locator("#conversations .unread")).hasText("1", WAIT);
            bob.locator("#conversations button", new Page.LocatorOptions().setHasText("alice")).click();
            assertThat(message(bob, "a secret")).isVisible(VISIBLE);
            assertThat(alice.locator("#messages .mine .status").last()).hasText("read", WAIT);

            bob.reload();
            assertThat(bob.locator("#me")).hasText("bob", WAIT); // the token in localStorage kept the identity
            assertThat(message(bob, "Hello <b>bob</b>!")).isVisible(VISIBLE);
            alice.locator("#rooms button", new Page.LocatorOptions().setHasText("#general")).click();
            assertThat(message(alice, "Hello <b>bob</b>!")).isVisible(VISIBLE);
            alice.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/chat.png")));
        }
    }

    private static Locator roomCount(Page page, String room) {
        return page.locator("#rooms button[data-key='#" + room + "'] .count");
    }

    private static Locator person(Page page, String nickname) {
        return page.locator("#online button", new Page.LocatorOptions().setHasText(nickname));
    }

    /** Item 10: the lists are built from changes and pages, and stay right through joins, leaves and reloads. */
    @Test
    void theOnlineAndRoomListsFollowJoinsLeavesAndReloads() throws Exception {
        try (BrowserContext aliceContext = chat.context();
                BrowserContext bobContext = chat.context()) {
            Page alice = login(aliceContext, "alice");
            Page bob = login(bobContext, "bob");
            assertThat(person(alice, "bob")).hasCount(1, COUNT);
            assertThat(person(bob, "alice")).hasCount(1, COUNT);
            assertThat(roomCount(alice, "general")).hasText("2", WAIT);

            bob.locator("#join-room").fill("lobby");
            bob.locator("#join-room").press("Enter");
            assertThat(roomCount(alice, "lobby")).hasText("1", WAIT);

            // A reload: bob's page asks for the lists again and finds them as they are.
            bob.reload();
            assertThat(bob.locator("#me")).hasText("bob", WAIT);
            assertThat(person(bob, "alice")).hasCount(1, COUNT);
            assertThat(roomCount(bob, "general")).hasText("2", WAIT);
            assertThat(roomCount(bob, "lobby")).hasText("1", WAIT);
            assertThat(person(alice, "bob")).hasCount(1, COUNT);
            assertThat(roomCount(alice, "lobby")).hasText("1", WAIT);

            bob.locator("#rooms button[data-key='#lobby']").click();
            bob.locator("#leave").click();
            assertThat(roomCount(alice, "lobby")).hasText("0", WAIT);
            assertThat(roomCount(bob, "lobby")).hasText("0", WAIT);

            // A restarted server counts versions from 1 again: the pages must still take its changes.
            chat.stopServer();
            chat.startServer();
            assertThat(alice.locator("#banner")).isHidden(HIDDEN);
            assertThat(bob.locator("#banner")).isHidden(HIDDEN);
            assertThat(roomCount(alice, "general")).hasText("2", WAIT);
            // The lobby's last change on the old server had a higher version than this one on the new server.
            bob.locator("#join-room").fill("lobby");
            bob.locator("#join-room").press("Enter");
            assertThat(roomCount(alice, "lobby")).hasText("1", WAIT);

            bob.close();
            assertThat(person(alice, "bob")).hasCount(0, COUNT);
            assertThat(roomCount(alice, "general")).hasText("1", WAIT);
            assertThat(alice.locator("#rooms button")).hasCount(2);
        }
    }

    /** Item 1: a refused room name leaves the user where they were, the reason beside the field, nothing lost. */
    @Test
    void anInvalidRoomNameKeepsTheUserWhereTheyWereWithTheReasonBesideTheField() {
        try (BrowserContext context = chat.context()) {
            Page alice = login(context, "alice");
            alice.locator("#text").fill("a draft in general");
            alice.locator("#join-room").fill("team chat");
            alice.locator("#join-room").press("Enter");
            assertThat(alice.locator("#join-error")).hasText("A room name has 1-64 letters, digits, '-' or '_'", WAIT);
            assertThat(alice.locator("#title")).hasText("#general");
            assertThat(alice.locator("#leave")).isHidden();
            assertThat(alice.locator("#join-room")).hasValue("team chat");
            assertThat(alice.locator("#text")).hasValue("a draft in general");
            assertThat(alice.locator("#rooms button")).hasCount(1);
            // Still in general, where the draft goes out.
            alice.locator("#text").press("Enter");
            assertThat(alice.locator("#messages .mine .status").last()).hasText("sent", WAIT);
            // Corrected, it opens the room and the error goes.
            alice.locator("#join-room").fill("team-chat");
            alice.locator("#join-room").press("Enter");
            assertThat(alice.locator("#title")).hasText("#team-chat", WAIT);
            assertThat(alice.locator("#join-error")).hasText("");
            assertThat(alice.locator("#join-room")).hasValue("");
        }
    }

    /** Item 3: text the server would refuse stays in the composer with the reason; too fast waits, then goes. */
    @Test
    void nothingTypedDisappearsRefusedTextStaysAndQuickMessagesWait() {
        try (BrowserContext aliceContext = chat.context();
                BrowserContext bobContext = chat.context()) {
            Page alice = login(aliceContext, "alice");
            Page bob = login(bobContext, "bob");
            String tooLong = "x".repeat(5_000);
            alice.locator("#text").fill(tooLong);
            alice.locator("#text").press("Enter");
            assertThat(alice.locator("#send-error")).hasText("Too long: 5,000 characters, 4,000 characters max", WAIT);
            assertThat(alice.locator("#text")).hasValue(tooLong);
            assertThat(alice.locator("#messages .mine")).hasCount(0);

            // Refused by the server (a control character): the text comes back, with the server's reason.
            alice.locator("#text").fill("bell  rings");
            alice.locator("#text").press("Enter");
            assertThat(alice.locator("#send-error")).hasText(
                    "A message cannot contain control characters (line breaks and tabs are fine)", WAIT);
            assertThat(alice.locator("#text")).hasValue("bell  rings");
            assertThat(alice.locator("#messages .mine")).hasCount(0);

            // 25 at once, over the limit of 20 per window: the last ones wait in the outbox, then go, in order.
            String[] texts = new String[25];
            for (int i = 0; i < texts.length; i++) {
                texts[i] = "quick " + (i + 1);
                submit(alice, texts[i]);
            }
            LocatorAssertions.HasCountOptions later = new LocatorAssertions.HasCountOptions().setTimeout(30_000);
            assertThat(alice.locator("#messages .mine .status", new Page.LocatorOptions().setHasNotText("pending")))
                    .hasCount(25, later);
            assertThat(alice.locator("#messages .mine .text")).hasText(texts);
            assertThat(bob.locator("#messages .message .text")).hasText(texts,
                    new LocatorAssertions.HasTextOptions().setTimeout(30_000));
            assertThat((Object) alice.evaluate("() => JSON.parse(localStorage.getItem('parley.outbox')).length")).isEqualTo(0);
        }
    }

    /** Item 5: one state at a time; a returning user waits in "Connecting...", never at the nickname prompt. */
    @Test
    void theLoginShowsAloneAndAReturningUserOnASlowNetworkSeesConnecting() {
        try (BrowserContext context = chat.context()) {
            Page first = context.newPage();
            first.navigate(chat.url());
            assertThat(first.locator("#login")).isVisible(VISIBLE);
            assertThat(first.locator("#app")).isHidden(); // not an empty chat under the form
            assertThat(first.locator("#connecting")).isHidden();
            first.locator("#nickname").fill("alice");
            first.locator("#login-form button").click();
            assertThat(first.locator("#me")).hasText("alice", WAIT);
            assertThat(first.locator("#login")).isHidden();
            first.close();

            // The same browser comes back on a network that holds every Engine.IO request for now.
            Page back = context.newPage();
            java.util.List<com.microsoft.playwright.Route> held = new java.util.ArrayList<>();
            back.route(url -> url.contains("EIO=4"), held::add);
            back.navigate(chat.url());
            assertThat(back.locator("#connecting")).isVisible(VISIBLE);
            assertThat(back.locator("#connecting")).containsText("Connecting…");
            assertThat(back.locator("#login")).isHidden();
            assertThat(back.locator("#app")).isHidden();
            assertThat(back.locator("#banner")).isHidden();
            back.waitForCondition(() -> !held.isEmpty(), new Page.WaitForConditionOptions().setTimeout(15_000));
            assertThat(back.locator("#login")).isHidden(); // still, with the handshake under way
            back.unrouteAll();
            held.forEach(com.microsoft.playwright.Route::resume);
            assertThat(back.locator("#me")).hasText("alice", WAIT);
            assertThat(back.locator("#connecting")).isHidden();
            assertThat(back.locator("#app")).isVisible();
        }
    }

    /** Item 8: a reload shows what was shown live, and the others see no leave and join for it. */
    @Test
    void aReloadShowsTheSameMarksAndIsNoLeaveAndJoinForTheOthers() {
        try (BrowserContext aliceContext = chat.context();
                BrowserContext bobContext = chat.context()) {
            Page alice = login(aliceContext, "alice");
            Page bob = login(bobContext, "bob");
            assertThat(roomCount(alice, "general")).hasText("2", WAIT); // bob's page is in the room: it gets it live
            submit(alice, "marked once");
            assertThat(message(bob, "marked once")).isVisible(VISIBLE);
            assertThat(alice.locator("#messages .mine .status").last()).hasText("delivered", WAIT);
            Locator notices = bob.locator("#messages .notice");
            int before = notices.count();

            alice.reload();
            assertThat(alice.locator("#me")).hasText("alice", WAIT);
            assertThat(message(alice, "marked once")).isVisible(VISIBLE);
            assertThat(alice.locator("#messages .mine .status").last()).hasText("delivered");
            // A message after the reload arrives after anything the reload would have announced.
            submit(alice, "after the reload");
            assertThat(message(bob, "after the reload")).isVisible(VISIBLE);
            assertThat(notices).hasCount(before);
        }
    }

    @Test
    void theServerIssuesTheTokenAndAClientChosenOneLeadsBackToTheLogin() {
        try (BrowserContext context = chat.context()) {
            Page alice = login(context, "alice");
            Object token = alice.evaluate("() => JSON.parse(localStorage.getItem('parley.token'))");
            assertThat((String) token).matches("[A-Za-z0-9_-]{32}");

            // A page that still holds a token it made up itself (as the UI did before) must log in again.
            Page stale = context.newPage();
            stale.navigate(chat.url());
            stale.evaluate("() => { localStorage.setItem('parley.token', JSON.stringify(crypto.randomUUID()));"
                    + " localStorage.setItem('parley.nickname', JSON.stringify('alice')); }");
            stale.reload();
            assertThat(stale.locator("#login-error")).hasText("Unknown session token: log in again", WAIT);
            stale.locator("#nickname").fill("alice2");
            stale.locator("#login-form button").click();
            assertThat(stale.locator("#me")).hasText("alice2", WAIT);
            Object issued = stale.evaluate("() => JSON.parse(localStorage.getItem('parley.token'))");
            assertThat((String) issued).matches("[A-Za-z0-9_-]{32}").isNotEqualTo(token);
        }
    }

    @Test
    void aRefusedRegistrationIsShownOnTheLogin() throws Exception {
        chat.closeChat();
        chat.open(options -> OPTIONS.apply(options).registrationLimit(1, ChatConfig.DEFAULT_REGISTRATION_WINDOW));
        try (BrowserContext aliceContext = chat.context();
                BrowserContext bobContext = chat.context()) {
            login(aliceContext, "alice");
            Page bob = bobContext.newPage();
            bob.navigate(chat.url());
            bob.locator("#nickname").fill("bob");
            bob.locator("#login-form button").click();
            assertThat(bob.locator("#login-error"))
                    .hasText("Too many new nicknames from your address: try again later", WAIT);
            // The login stays up for another try later (the UI does not keep reconnecting behind a banner).
            assertThat(bob.locator("#login")).isVisible();
        }
    }

    @Test
    void aPageFromAnotherOriginCannotOpenTheChatsWebSocket() throws Exception {
        // Another origin: the same host on another port, where a plain JDK HTTP server serves the attacker's
        // page (a Parley server would send its own Content-Security-Policy, which forbids the foreign script).
        byte[] attackerPage = ("<!doctype html><script src=\"" + chat.url()
                + "socket.io/socket.io.min.js\"></script>").getBytes(StandardCharsets.UTF_8);
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, attackerPage.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(attackerPage);
            }
        });
        elsewhere.start();
        try (BrowserContext context = chat.context()) {
            Page page = context.newPage();
            page.navigate("http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/");
            String connect = "(transport) => new Promise((resolve) => {"
                    + " const s = io('http://127.0.0.1:" + chat.port() + "', { transports: [transport], reconnection: false,"
                    + "   auth: { nickname: 'mallory' } });"
                    + " s.on('connect', () => { s.disconnect(); resolve('connected'); });"
                    + " s.on('connect_error', (e) => resolve('refused: ' + e.message)); })";
            assertThat((String) page.evaluate(connect, "websocket")).startsWith("refused");
            Page own = context.newPage();
            own.navigate(chat.url());
            assertThat((String) own.evaluate("(transport) => import('/socket.io/socket.io.esm.min.js').then(({ io }) =>"
                    + connect.substring(connect.indexOf("new Promise")) + ")", "websocket")).isEqualTo("connected");
        } finally {
            elsewhere.stop(0);
        }
    }

    @Test
    void imagesAreSharedAndTooLargeFilesRefused() {
        try (BrowserContext aliceContext = chat.context();
                BrowserContext bobContext = chat.context()) {
            Page alice = login(aliceContext, "alice");
            Page bob = login(bobContext, "bob");
            alice.locator("#file").setInputFiles(new FilePayload("dot.png", "image/png", PNG));
            Locator image = bob.locator("#messages img[alt='dot.png']");
            // The progress bar followed the upload (XHR upload progress events reached 100%).
            assertThat(alice.locator("#upload")).hasAttribute("data-progress-events", java.util.regex.Pattern.compile("[1-9][0-9]*"),
                    new LocatorAssertions.HasAttributeOptions().setTimeout(15_000));
            assertThat(alice.locator("#upload")).hasJSProperty("value", 100);
            assertThat(image).isVisible(VISIBLE);
            assertThat(image.getAttribute("src")).startsWith("/files/");
            Object width = bob.evaluate("() => document.querySelector(\"#messages img[alt='dot.png']\").naturalWidth");
            assertThat(((Number) width).intValue()).isEqualTo(1);

            // Item 9: the image opens full size, in a new tab.
            Locator link = bob.locator("#messages a.image-link");
            assertThat(link).hasAttribute("target", "_blank");
            assertThat(link).hasAttribute("rel", "noopener noreferrer");
            Page full = bob.context().waitForPage(() -> image.click());
            full.waitForLoadState();
            assertThat(full.url()).isEqualTo("http://127.0.0.1:" + chat.port() + image.getAttribute("src"));
            Object fullWidth = full.evaluate("() => document.querySelector('img').naturalWidth");
            assertThat(((Number) fullWidth).intValue()).isEqualTo(1);
            full.close();

            // Item 9: the refusal says the limit.
            alice.locator("#file").setInputFiles(new FilePayload("big.bin", "application/octet-stream", new byte[300_000]));
            assertThat(alice.locator("#send-error")).hasText("big.bin is too large: files are limited to 195 KB (200,000 bytes)", WAIT);
        }
    }

    @Test
    void aServerRestartShowsTheBannerAndTheOutboxDeliversEveryMessageOnce() throws Exception {
        try (BrowserContext aliceContext = chat.context();
                BrowserContext bobContext = chat.context()) {
            Page alice = login(aliceContext, "alice");
            Page bob = login(bobContext, "bob");
            submit(alice, "before the restart");
            assertThat(message(bob, "before the restart")).isVisible(VISIBLE);

            chat.stopServer();
            assertThat(alice.locator("#banner")).hasText("Reconnecting…", WAIT);
            submit(alice, "written while offline 1");
            submit(alice, "written while offline 2");
            assertThat(alice.locator("#messages .mine .status").last()).hasText("pending", WAIT);

            chat.startServer();
            assertThat(alice.locator("#banner")).isHidden(HIDDEN);
            assertThat(message(bob, "written while offline 2")).isVisible(VISIBLE);
            assertThat(message(bob, "written while offline 1")).hasCount(1);
            assertThat(message(bob, "written while offline 2")).hasCount(1);
            assertThat(message(bob, "before the restart")).hasCount(1);
            assertThat(bob.locator("#messages .message .text")).containsText(new String[] {
                "before the restart", "written while offline 1", "written while offline 2"});
        }
    }

    @Test
    void aPageAwayForMoreThanASyncPageCatchesUpWithoutAGap() throws Exception {
        try (BrowserContext context = chat.context()) {
            Page alice = login(context, "alice");
            submit(alice, "seen before");
            assertThat(alice.locator("#messages .mine .status").last()).hasText("sent", WAIT);

            chat.stopServer();
            assertThat(alice.locator("#banner")).hasText("Reconnecting…", WAIT);
            // While she is away (and past connection state recovery: the server restarts), the room gets more
            // than a sync page: 500 answered by the first sync, then the 10 between them and the history's 50.
            int missed = ChatConfig.SYNC_PAGE + ChatConfig.HISTORY_PAGE + 10;
            try (ChatStore store = JdbcChatStore.open(chat.config().jdbcUrl(), null, null)) {
                for (int i = 0; i < missed; i++) {
                    store.save("bulk-" + i, "bob", "general", null, "bulk " + i, null, System.currentTimeMillis());
                }
            }
            chat.startServer();
            assertThat(alice.locator("#banner")).isHidden(HIDDEN);
            assertThat(alice.locator("#messages .message .text")).hasCount(1 + missed,
                    COUNT);
            assertThat(message(alice, "bulk " + (ChatConfig.SYNC_PAGE + 5))).hasCount(1);
        }
    }

    /** Posts an announcement to a room (stored as its message) through the push endpoint. */
    private static void announceTo(String room, String text) throws Exception {
        assertThat(chat.announce("{\"room\":\"" + room + "\",\"text\":\"" + text + "\"}")).isEqualTo(201);
    }

    /** Resolves after two animation frames: the scroll events of what was done before have been handled. */
    private static final String TWO_FRAMES =
            "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))";

    /** Item 2: "Load older messages" puts the page above what the user reads; they stay at the same message. */
    @Test
    void loadingOlderMessagesKeepsTheMessageBeingReadInPlace() throws Exception {
        int stored = ChatConfig.HISTORY_PAGE + 30;
        for (int i = 1; i <= stored; i++) {
            announceTo("general", "line " + i);
        }
        try (BrowserContext context = chat.context()) {
            Page alice = login(context, "alice");
            Locator lines = alice.locator("#messages .message .text", new Page.LocatorOptions().setHasText("line "));
            assertThat(lines).hasCount(ChatConfig.HISTORY_PAGE, COUNT);
            assertThat(message(alice, "line " + stored)).isInViewport();
            // The user scrolls up to the middle and reads from there.
            alice.evaluate("() => { const l = document.getElementById('messages'); l.scrollTop = l.scrollHeight / 2; }");
            alice.evaluate(TWO_FRAMES);
            String read = (String) alice.evaluate("() => { const l = document.getElementById('messages');"
                    + " const top = l.getBoundingClientRect().top;"
                    + " return [...l.querySelectorAll('.message')].find((m) => m.getBoundingClientRect().top >= top)"
                    + "   .querySelector('.text').textContent; }");
            assertThat(read).matches("line \\d+");
            Locator reading = alice.locator("#messages .message .text", new Page.LocatorOptions().setHasText(
                    java.util.regex.Pattern.compile("^" + read + "$")));
            double before = reading.boundingBox().y;

            alice.locator("#older").click();
            assertThat(lines).hasCount(stored, COUNT);
            alice.evaluate(TWO_FRAMES);
            assertThat(reading.boundingBox().y).isCloseTo(before, org.assertj.core.data.Offset.offset(1.0));
            assertThat(reading).isInViewport();
        }
    }

    /** A PNG of 300x600 pixels: it shows 256 px high once loaded, and takes no height before. */
    private static byte[] tallPng() throws IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(300, 600, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.ORANGE);
        g.fillRect(0, 0, 300, 600);
        g.dispose();
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    /** Item 2: an image among the latest messages that loads after them does not push the newest out of view. */
    @Test
    void anImageLoadingAmongTheLatestMessagesKeepsTheNewestInView() throws Exception {
        for (int i = 1; i <= 30; i++) {
            announceTo("general", "filler " + i);
        }
        try (BrowserContext aliceContext = chat.context();
                BrowserContext bobContext = chat.context()) {
            Page alice = login(aliceContext, "alice");
            alice.locator("#file").setInputFiles(new FilePayload("tall.png", "image/png", tallPng()));
            assertThat(alice.locator("#messages img[alt='tall.png']")).hasCount(1, COUNT);
            submit(alice, "after the picture 1");
            submit(alice, "after the picture 2");
            assertThat(alice.locator("#messages .mine .status", new Page.LocatorOptions().setHasText("sent"))).hasCount(3, COUNT);

            // Bob arrives; the picture's bytes are held until the messages are on his page.
            java.util.List<com.microsoft.playwright.Route> held = new java.util.ArrayList<>();
            bobContext.route(url -> url.contains("/files/"), held::add);
            Page bob = login(bobContext, "bob");
            Locator newest = message(bob, "after the picture 2");
            assertThat(newest).isInViewport();
            bob.waitForCondition(() -> !held.isEmpty(), new Page.WaitForConditionOptions().setTimeout(15_000));
            bob.evaluate(TWO_FRAMES);
            bobContext.unrouteAll();
            held.forEach(com.microsoft.playwright.Route::resume);
            bob.waitForFunction("() => document.querySelector(\"#messages img[alt='tall.png']\").naturalHeight === 600");
            bob.evaluate(TWO_FRAMES);
            assertThat(bob.locator("#messages img[alt='tall.png']").boundingBox().height).isGreaterThan(200);
            assertThat(newest).isInViewport();
            // Still pinned: a message arriving now shows too.
            submit(alice, "after the picture 3");
            assertThat(message(bob, "after the picture 3")).isInViewport();
        }
    }

    private static Locator conversation(Page page, String nickname) {
        return page.locator("#conversations button[data-key='@" + nickname + "']");
    }

    /**
     * Item 4: private conversations are a list like rooms. Alice and Bob talk; Bob goes offline; Alice, after a
     * reload, still has him with their history and writes to him; Bob comes back to the whole conversation
     * with what came meanwhile unread.
     */
    @Test
    void privateConversationsStayListedWithTheirHistoryAndWhatCameWhileAwayUnread() {
        try (BrowserContext aliceContext = chat.context();
                BrowserContext bobContext = chat.context()) {
            Page alice = login(aliceContext, "alice");
            Page bob = login(bobContext, "bob");
            person(alice, "bob").click();
            submit(alice, "before you left");
            assertThat(conversation(bob, "alice").locator(".unread")).hasText("1", WAIT);
            conversation(bob, "alice").click();
            assertThat(message(bob, "before you left")).isVisible(VISIBLE);
            submit(bob, "reply from bob");
            assertThat(message(alice, "reply from bob")).isVisible(VISIBLE);
            assertThat(person(alice, "bob")).hasCount(0); // listed once, under the conversations

            bob.close();
            assertThat(conversation(alice, "bob")).containsText("offline",
                    CONTAINS);
            alice.reload();
            assertThat(alice.locator("#me")).hasText("alice", WAIT);
            assertThat(conversation(alice, "bob")).containsText("offline",
                    CONTAINS);
            conversation(alice, "bob").click();
            assertThat(alice.locator("#messages .message .text")).hasText(new String[] {"before you left", "reply from bob"}, WAIT);
            submit(alice, "while you were away 1");
            submit(alice, "while you were away 2");
            assertThat(alice.locator("#messages .mine .status").last()).hasText("sent", WAIT);

            Page bobBack = bobContext.newPage();
            bobBack.navigate(chat.url());
            assertThat(bobBack.locator("#me")).hasText("bob", WAIT);
            assertThat(conversation(bobBack, "alice").locator(".unread")).hasText("2", WAIT);
            conversation(bobBack, "alice").click();
            assertThat(bobBack.locator("#messages .message .text")).hasText(new String[] {
                "before you left", "reply from bob", "while you were away 1", "while you were away 2"}, WAIT);
            assertThat(conversation(bobBack, "alice").locator(".unread")).hasCount(0);
            assertThat(alice.locator("#messages .mine .status").last()).hasText("read", WAIT);
            // Read for good: another reload of Bob's shows nothing unread.
            bobBack.reload();
            assertThat(conversation(bobBack, "alice")).containsText("online", CONTAINS);
            assertThat(conversation(bobBack, "alice").locator(".unread")).hasCount(0);
        }
    }
}
