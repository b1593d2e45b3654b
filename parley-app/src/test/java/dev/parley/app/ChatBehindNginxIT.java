package dev.parley.app;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.parley.app.ChatBehindNginx.message;
import static dev.parley.app.ChatBehindNginx.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FilePayload;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parley Chat in headless Chromium through a real nginx running the shipped docs/deploy/parley.conf (TLS at
 * nginx) in front of two {@code parley serve} chat nodes, a cluster over Redis on one PostgreSQL database
 * (a chat on {@code --redis} needs one): two users land on the two nodes, chat across them, and a file larger than nginx's default body
 * limit (1 MiB) goes through.
 */
class ChatBehindNginxIT {
    private static final LocatorAssertions.IsVisibleOptions VISIBLE = new LocatorAssertions.IsVisibleOptions().setTimeout(15_000);
    /** Above nginx's default client_max_body_size (1m), below the chat's --max-upload-size (25 MiB). */
    private static final int UPLOAD_SIZE = 3_000_000;

    private static ChatBehindNginx chat;

    @BeforeAll
    static void start() throws Exception {
        chat = ChatBehindNginx.start("chat", false, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (chat != null) {
            chat.close();
        }
    }

    private static Page login(BrowserContext context, String nickname) {
        return ChatBehindNginx.login(context, chat.deployment.httpsUrl() + "/", nickname);
    }

    @Test
    void usersOnBothNodesChatThroughNginxAndShareALargeFile() {
        try (BrowserContext aliceContext = chat.newContext(); BrowserContext bobContext = chat.newContext()) {
            Page alice = login(aliceContext, "alice");
            Page bob = login(bobContext, "bob");
            // Round robin for new visitors, then the node cookie: one user on each node.
            assertThat(node(aliceContext)).isIn("a", "b");
            assertThat(node(bobContext)).isIn("a", "b").isNotEqualTo(node(aliceContext));
            Cookie cookie = aliceContext.cookies().stream().filter(c -> c.name.equals("parley_node")).findFirst().orElseThrow();
            assertThat(cookie.secure).isTrue();
            assertThat(cookie.httpOnly).isTrue();

            alice.locator("#text").fill("hello through nginx");
            alice.locator("#text").press("Enter");
            assertThat(message(alice, "hello through nginx")).isVisible(VISIBLE);
            assertThat(message(bob, "hello through nginx")).isVisible(VISIBLE); // from node to node over Redis

            alice.locator("#file").setInputFiles(new FilePayload("notes.bin", "application/octet-stream", new byte[UPLOAD_SIZE]));
            assertThat(alice.locator("#messages a[download='notes.bin']")).isVisible(VISIBLE);
            assertThat(bob.locator("#messages a[download='notes.bin']")).isVisible(VISIBLE);
            // Both pages kept their node all along.
            assertThat(node(aliceContext)).isNotEqualTo(node(bobContext));
        }
    }
}
