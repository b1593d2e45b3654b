package dev.parley.app;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FilePayload;
import dev.parley.testkit.Chromium;
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
    private static final LocatorAssertions.HasTextOptions WAIT = new LocatorAssertions.HasTextOptions().setTimeout(15_000);
    private static final LocatorAssertions.IsVisibleOptions VISIBLE = new LocatorAssertions.IsVisibleOptions().setTimeout(15_000);
    /** Above nginx's default client_max_body_size (1m), below the chat's --max-upload-size (25 MiB). */
    private static final int UPLOAD_SIZE = 3_000_000;

    private static PostgresDatabase db;
    private static ParleyBehindNginx deployment;
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        db = PostgresDatabase.create();
        deployment = ParleyBehindNginx.start("chat", Map.of("PARLEY_APP", "chat", "PARLEY_PORT", "0",
                "PARLEY_DB", db.jdbcUrl(), "PARLEY_DB_USER", PostgresDatabase.USER));
        // Chromium trusts the deployment's test CA itself (an NSS database of its own): nothing is ignored.
        chromium = Chromium.launchTrusting(deployment.ca.caCertificate());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            try {
                if (deployment != null) {
                    deployment.close();
                }
            } finally {
                if (db != null) {
                    db.close();
                }
            }
        }
    }

    /** A fresh browser profile (cookies, storage) that verifies nginx's certificate against the test CA. */
    private static BrowserContext newContext() {
        return chromium.browser().newContext();
    }

    private static Page login(BrowserContext context, String nickname) {
        Page page = context.newPage();
        page.navigate(deployment.httpsUrl() + "/");
        page.locator("#nickname").fill(nickname);
        page.locator("#login-form button").click();
        assertThat(page.locator("#me")).hasText(nickname, WAIT);
        return page;
    }

    private static String node(BrowserContext context) {
        return context.cookies().stream().filter(c -> c.name.equals("parley_node")).map(c -> c.value)
                .findFirst().orElse(null);
    }

    private static Locator message(Page page, String text) {
        return page.locator("#messages .message .text", new Page.LocatorOptions().setHasText(text));
    }

    @Test
    void usersOnBothNodesChatThroughNginxAndShareALargeFile() {
        try (BrowserContext aliceContext = newContext(); BrowserContext bobContext = newContext()) {
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
