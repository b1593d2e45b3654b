package dev.parley.app;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.parley.testkit.Chromium;
import java.util.HashMap;
import java.util.Map;

/**
 * Parley Chat deployed as docs/deploy/ says, for a browser test: a fresh PostgreSQL database, two chat nodes on
 * it clustered over Redis behind nginx ({@link ParleyBehindNginx}), and headless Chromium trusting the test CA.
 * Closing stops Chromium, the deployment, then drops the database.
 */
final class ChatBehindNginx implements AutoCloseable {
    static final LocatorAssertions.HasTextOptions WAIT = new LocatorAssertions.HasTextOptions().setTimeout(20_000);

    final PostgresDatabase db;
    final ParleyBehindNginx deployment;
    final Chromium chromium;

    private ChatBehindNginx(PostgresDatabase db, ParleyBehindNginx deployment, Chromium chromium) {
        this.db = db;
        this.deployment = deployment;
        this.chromium = chromium;
    }

    /** The chat on both nodes with {@code env} added; {@code sharedDataDir}: one {@code --data-dir} for both. */
    static ChatBehindNginx start(String name, boolean sharedDataDir, Map<String, String> env) throws Exception {
        PostgresDatabase db = PostgresDatabase.create();
        ParleyBehindNginx deployment = null;
        try {
            Map<String, String> chat = new HashMap<>(Map.of("PARLEY_APP", "chat", "PARLEY_PORT", "0",
                    "PARLEY_DB", db.jdbcUrl(), "PARLEY_DB_USER", PostgresDatabase.USER));
            chat.putAll(env);
            deployment = ParleyBehindNginx.start(name, chat, sharedDataDir);
            // Chromium trusts the deployment's test CA itself (an NSS database of its own): nothing is ignored.
            return new ChatBehindNginx(db, deployment, Chromium.launchTrusting(deployment.ca.caCertificate()));
        } catch (Exception | Error e) {
            if (deployment != null) {
                deployment.close();
            }
            db.close();
            throw e;
        }
    }

    /** A fresh browser profile (cookies, storage) that verifies nginx's certificate against the test CA. */
    BrowserContext newContext() {
        return chromium.browser().newContext();
    }

    /** Opens the chat at {@code url} in a new page of {@code context} and signs in as {@code nickname}. */
    static Page login(BrowserContext context, String url, String nickname) {
        Page page = context.newPage();
        page.navigate(url);
        page.locator("#nickname").fill(nickname);
        page.locator("#login-form button").click();
        assertThat(page.locator("#me")).hasText(nickname, WAIT);
        return page;
    }

    /** The node nginx pinned the context to (its {@code parley_node} cookie: a or b), or null. */
    static String node(BrowserContext context) {
        return context.cookies().stream().filter(c -> c.name.equals("parley_node")).map(c -> c.value)
                .findFirst().orElse(null);
    }

    /** The texts of the messages shown that contain {@code text}. */
    static Locator message(Page page, String text) {
        return page.locator("#messages .message .text", new Page.LocatorOptions().setHasText(text));
    }

    @Override
    public void close() throws Exception {
        try {
            chromium.close();
        } finally {
            try {
                deployment.close();
            } finally {
                db.close();
            }
        }
    }
}
