package dev.parley.chat;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.parley.chat.ChatPages.CONTAINS;
import static dev.parley.chat.ChatPages.COUNT;
import static dev.parley.chat.ChatPages.HIDDEN;
import static dev.parley.chat.ChatPages.VISIBLE;
import static dev.parley.chat.ChatPages.WAIT;
import static dev.parley.chat.ChatPages.join;
import static dev.parley.chat.ChatPages.line;
import static dev.parley.chat.ChatPages.send;
import static dev.parley.chat.ChatPages.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Editing and deleting messages and moderating, in headless Chromium with two or three people against one real
 * server for the class (moderator: "mod"): an edit made with the keyboard (Enter saves, Escape cancels) and a
 * deletion confirmed inline show for the others at once and after a reload, "edited" and the tombstone included;
 * an edit the server refuses stays in the editor with the reason; a moderator deletes someone's message and
 * removes them from a room, and they see why. Each test has its own users and room.
 */
class ChatEditsBrowserIT {
    private static final int MAX_LENGTH = 200;

    // Without connection state recovery: a page that comes back rejoins and catches up by itself.
    @RegisterExtension
    static final BrowserChat chat = BrowserChat.forTheClass("parley-chat-edits", options -> options
            .admins(List.of("mod")).maxMessageLength(MAX_LENGTH).rateLimit(200, Duration.ofSeconds(10)));

    /** Signs each context's page in under its name and joins them all to {@code room}. */
    private static List<Page> together(String room, List<BrowserContext> contexts, String... names) {
        List<Page> pages = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            pages.add(signIn(contexts.get(i), chat.url(), names[i]));
        }
        for (Page p : pages) {
            join(p, room);
        }
        return pages;
    }

    private static void waitUntilStored(Page page, String text) {
        assertThat(line(page, text).locator(".status")).hasText(java.util.regex.Pattern.compile("sent|delivered"), WAIT);
    }

    @Test
    void editsAndDeletionsShowForEveryoneAtOnceAndAfterAReload() {
        try (BrowserContext a = chat.context(); BrowserContext b = chat.context();
                BrowserContext c = chat.context()) {
            List<Page> pages = together("crew", List.of(a, b, c), "ada", "ben", "cy");
            Page alice = pages.get(0);
            Page bob = pages.get(1);
            Page carol = pages.get(2);
            send(alice, "helo wrld");
            send(alice, "delete me");
            waitUntilStored(alice, "delete me");
            for (Page p : List.of(bob, carol)) {
                assertThat(line(p, "delete me")).hasCount(1, COUNT);
                // Nobody else may change them.
                assertThat(line(p, "helo wrld").locator(".message-actions button")).hasCount(0);
            }

            // With the keyboard: Edit, the editor takes the focus; Escape cancels and gives the focus back.
            alice.bringToFront();
            Locator edit = line(alice, "helo wrld").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName("Edit message"));
            edit.focus();
            alice.keyboard().press("Enter");
            Locator editor = alice.locator("#messages .edit-text");
            assertThat(editor).isFocused();
            assertThat(editor).hasValue("helo wrld");
            editor.fill("nothing of this");
            alice.keyboard().press("Escape");
            assertThat(editor).hasCount(0);
            assertThat(edit).isFocused();
            assertThat(line(alice, "helo wrld").locator(".text")).hasText("helo wrld");

            alice.keyboard().press("Enter");
            assertThat(editor).isFocused();
            editor.fill("hello world");
            alice.keyboard().press("Enter");
            assertThat(editor).hasCount(0);
            for (Page p : List.of(alice, bob, carol)) {
                assertThat(line(p, "hello world").locator(".text")).hasText("hello world", WAIT);
                assertThat(line(p, "hello world").locator(".edited")).hasText("(edited)", WAIT);
                assertThat(line(p, "helo wrld")).hasCount(0);
            }

            // Delete asks first, inline; "Cancel" keeps it, "Yes, delete" deletes it for everyone.
            Locator doomed = line(alice, "delete me");
            doomed.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName("Delete message")).click();
            assertThat(doomed).containsText("Delete this message?");
            assertThat(doomed.getByText("Cancel")).isFocused();
            alice.keyboard().press("Enter");
            assertThat(line(alice, "delete me").getByText("Delete this message?")).hasCount(0);
            line(alice, "delete me").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName("Delete message")).click();
            line(alice, "delete me").getByText("Yes, delete").click();
            for (Page p : List.of(alice, bob, carol)) {
                assertThat(line(p, "delete me")).hasCount(0, COUNT);
                assertThat(p.locator("#messages li.message.deleted .text")).hasText("message deleted", WAIT);
            }

            // The same after a reload: from the server's history, not from what the page had seen.
            bob.reload();
            assertThat(bob.locator("#me")).hasText("ben", WAIT);
            bob.locator(".sidebar button[data-key='#crew']").click();
            assertThat(bob.locator("#title")).hasText("#crew", WAIT);
            assertThat(line(bob, "hello world").locator(".edited")).hasText("(edited)", WAIT);
            assertThat(bob.locator("#messages li.message.deleted .text")).hasText("message deleted", WAIT);
            assertThat(line(bob, "delete me")).hasCount(0);
            assertThat(line(bob, "helo wrld")).hasCount(0);
        }
    }

    @Test
    void anEditTheServerRefusesStaysInTheEditorWithTheReason() {
        try (BrowserContext a = chat.context()) {
            Page dora = signIn(a, chat.url(), "dora");
            join(dora, "drafts");
            send(dora, "short");
            waitUntilStored(dora, "short");
            line(dora, "short").getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName("Edit message")).click();
            Locator editor = dora.locator("#messages .edit-text");
            String tooLong = "x".repeat(MAX_LENGTH + 1);
            editor.fill(tooLong);
            editor.press("Enter");
            assertThat(dora.locator("#messages .edit-error")).hasText("Too long: 201 characters, 200 characters max", WAIT);
            assertThat(editor).hasValue(tooLong);
            // A message arriving meanwhile redraws the list: the draft stays.
            send(dora, "meanwhile");
            assertThat(line(dora, "meanwhile")).hasCount(1, COUNT);
            assertThat(dora.locator("#messages .edit-text")).hasValue(tooLong);
        }
    }

    @Test
    void aModeratorDeletesAnyMessageAndRemovesSomeoneFromARoomWhoSeesWhy() {
        try (BrowserContext a = chat.context(); BrowserContext b = chat.context();
                BrowserContext m = chat.context()) {
            List<Page> pages = together("market", List.of(m, a, b), "mod", "eve", "fay");
            Page mod = pages.get(0);
            Page eve = pages.get(1);
            Page fay = pages.get(2);
            send(eve, "buy cheap watches");
            waitUntilStored(eve, "buy cheap watches");
            // Others see no Delete on eve's message; the moderator does, and no Edit.
            assertThat(line(fay, "buy cheap watches")).hasCount(1, COUNT);
            assertThat(line(fay, "buy cheap watches").locator(".message-actions button")).hasCount(0);
            assertThat(fay.locator("#moderation")).isHidden();
            Locator spam = line(mod, "buy cheap watches");
            assertThat(spam.locator(".message-actions button")).hasText(new String[] {"Delete"}, WAIT);
            spam.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Locator.GetByRoleOptions().setName("Delete eve's message")).click();
            line(mod, "buy cheap watches").getByText("Yes, delete").click();
            for (Page p : List.of(mod, eve, fay)) {
                assertThat(p.locator("#messages li.message.deleted .text")).hasText("message deleted by a moderator", WAIT);
                assertThat(line(p, "buy cheap watches")).hasCount(0, COUNT);
            }

            // "Moderate" lists the others in the room; eve is removed and told why, on the room she lands in.
            mod.locator("#moderation summary").click();
            Locator remove = mod.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Remove eve from #market"));
            assertThat(remove).isVisible(VISIBLE);
            remove.click();
            assertThat(eve.locator("#title")).hasText("#general", WAIT);
            assertThat(eve.locator("#messages .notice", new Page.LocatorOptions().setHasText("You were removed from #market by mod")))
                    .hasCount(1, COUNT);
            assertThat(fay.locator("#messages .notice", new Page.LocatorOptions().setHasText("eve was removed by mod")))
                    .hasCount(1, COUNT);
            assertThat(fay.locator("#members")).not().containsText("eve", CONTAINS);
        }
    }

    /** An official Java client signed in with {@code auth}; the token the server issued, or the one given. */
    private record Client(Socket socket, String token) implements AutoCloseable {
        @Override
        public void close() {
            socket.close();
        }
    }

    private static Client client(Map<String, String> auth) throws Exception {
        IO.Options options = new IO.Options();
        options.reconnection = false;
        options.forceNew = true;
        options.auth = auth;
        Socket socket = IO.socket(URI.create(chat.url()), options);
        CompletableFuture<String> session = new CompletableFuture<>();
        socket.on("session", args -> session.complete(((JSONObject) args[0]).optString("token", auth.get("token"))));
        socket.connect();
        return new Client(socket, session.get(10, TimeUnit.SECONDS));
    }

    @Test
    void whatChangedWhileAPageWasAwayShowsWhenItComesBackEvenBeyondTheLatestPage() throws Exception {
        List<Long> ids = new ArrayList<>();
        String token;
        try (Client ivy = client(Map.of("nickname", "ivy"))) {
            token = ivy.token();
            ChatTestBase.call(ivy.socket(), "room:join", ChatTestBase.json("room", "archive"));
            for (int i = 1; i <= 60; i++) {
                ids.add(ChatTestBase.call(ivy.socket(), "message:send", ChatTestBase.json("room", "archive",
                        "text", String.format("entry-%03d", i), "clientId", "e" + i)).getJSONObject("message").getLong("id"));
            }
        }
        try (BrowserContext b = chat.context()) {
            Page jon = signIn(b, chat.url(), "jon");
            join(jon, "archive");
            assertThat(line(jon, "entry-060")).hasCount(1, COUNT);
            jon.locator("#older").click(); // the first ten, older than the latest page of 50
            assertThat(line(jon, "entry-001")).hasCount(1, COUNT);

            // Away: every session is closed and this page cannot reconnect until the test lets it.
            b.route("**/socket.io/**", route -> route.abort());
            chat.parleyChat().socketIo().engine().closeSessions(Integer.MAX_VALUE);
            assertThat(jon.locator("#banner")).isVisible(VISIBLE);
            try (Client ivy = client(Map.of("token", token))) {
                JSONObject edited = ChatTestBase.call(ivy.socket(), "message:edit",
                        ChatTestBase.json("id", ids.get(0), "text", "entry-001, corrected"));
                assertThat(edited.getBoolean("ok")).as(edited.toString()).isTrue();
                assertThat(ChatTestBase.call(ivy.socket(), "message:delete", ChatTestBase.json("id", ids.get(1)))
                        .getBoolean("ok")).isTrue();
            }
            b.unroute("**/socket.io/**");
            // Back: the latest 50 come with the room; the change to the first two comes from `changes`.
            assertThat(jon.locator("#banner")).isHidden(HIDDEN);
            assertThat(line(jon, "entry-001").locator(".text")).hasText("entry-001, corrected", WAIT);
            assertThat(line(jon, "entry-001").locator(".edited")).hasText("(edited)", WAIT);
            assertThat(line(jon, "entry-002")).hasCount(0, COUNT);
            assertThat(jon.locator("#messages li.message.deleted .text")).hasText("message deleted", WAIT);
        }
    }
}
