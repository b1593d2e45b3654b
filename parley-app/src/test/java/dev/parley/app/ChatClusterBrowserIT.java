package dev.parley.app;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.parley.app.ChatBehindNginx.WAIT;
import static dev.parley.app.ChatBehindNginx.login;
import static dev.parley.app.ChatBehindNginx.message;
import static dev.parley.app.ChatBehindNginx.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.FilePayload;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 §3 in headless Chromium: two {@code parley serve} chat nodes on one PostgreSQL database and one Redis
 * (presence and rate limits in Redis, uploads in one directory both nodes use), behind the shipped nginx
 * configuration, which sends a client whose node is down to the other. Alice lands on one node, Bob on the
 * other, Carol straight on Alice's node (no nginx: she cannot fail over). Across the nodes: presence lists and
 * room counts, join notices, room messages, typing, an image, a private message and its read mark. Then
 * Alice's node is killed (SIGKILL): her page reconnects through nginx to Bob's node and catches up with what
 * Bob wrote meanwhile, nothing lost or shown twice, without being announced as leaving; Carol, whose only tab
 * was there, goes offline once the dead node's liveness key expires, announced once.
 */
class ChatClusterBrowserIT {
    /** Long enough for Alice's page to reconnect before her dead node's tabs are reaped, on a loaded machine. */
    private static final String NODE_TTL = "10s";
    private static final LocatorAssertions.IsVisibleOptions VISIBLE = new LocatorAssertions.IsVisibleOptions().setTimeout(20_000);
    private static final LocatorAssertions.HasCountOptions COUNT = new LocatorAssertions.HasCountOptions().setTimeout(20_000);
    /** The node TTL, a beat and the time to reconnect. */
    private static final LocatorAssertions.HasCountOptions AFTER_TTL = new LocatorAssertions.HasCountOptions().setTimeout(60_000);

    private static ChatBehindNginx chat;

    @BeforeAll
    static void start() throws Exception {
        chat = ChatBehindNginx.start("chat-cluster", true, Map.of("PARLEY_NODE_TTL", NODE_TTL));
    }

    @AfterAll
    static void stop() throws Exception {
        if (chat != null) {
            chat.close();
        }
    }

    private static Locator notices(Page page, String text) {
        return page.locator("#messages .notice", new Page.LocatorOptions().setHasText(text));
    }

    private static Locator online(Page page, String nickname) {
        return page.locator("#online button[data-key='@" + nickname + "']");
    }

    private static void send(Page page, String text) {
        page.locator("#text").fill(text);
        page.locator("#text").press("Enter");
    }

    @Test
    void usersOnTwoNodesChatAndAKilledNodesPageCarriesOnOnTheOther() throws Exception {
        ParleyBehindNginx deployment = chat.deployment;
        try (BrowserContext aliceContext = chat.newContext();
                BrowserContext bobContext = chat.newContext();
                BrowserContext carolContext = chat.newContext()) {
            Page alice = login(aliceContext, deployment.httpsUrl() + "/", "alice");
            Page bob = login(bobContext, deployment.httpsUrl() + "/", "bob");
            String aliceNode = node(aliceContext);
            assertThat(node(bobContext)).isIn("a", "b").isNotEqualTo(aliceNode);
            ServeProcess doomed = aliceNode.equals("a") ? deployment.nodeA : deployment.nodeB;
            Page carol = login(carolContext, doomed.url, "carol");

            // Presence and counts are the cluster's: each page lists the users of both nodes.
            assertThat(online(bob, "alice")).hasCount(1, COUNT);
            assertThat(online(bob, "carol")).hasCount(1, COUNT);
            assertThat(online(alice, "bob")).hasCount(1, COUNT);
            assertThat(online(carol, "bob")).hasCount(1, COUNT);
            for (Page page : new Page[] {alice, bob, carol}) {
                assertThat(page.locator("#rooms button[data-key='#general'] .count")).hasText("3", WAIT);
            }
            // First tabs in #general, announced across the nodes once each.
            assertThat(notices(alice, "bob joined")).hasCount(1, COUNT);
            assertThat(notices(bob, "carol joined")).hasCount(1, COUNT);

            send(alice, "hello from alice's node");
            assertThat(message(bob, "hello from alice's node")).hasCount(1, COUNT);
            assertThat(alice.locator("#messages .mine .status").last()).hasText("delivered", WAIT);
            send(bob, "hello from bob's node");
            assertThat(message(alice, "hello from bob's node")).hasCount(1, COUNT);

            bob.locator("#text").pressSequentially("typing");
            assertThat(alice.locator("#typing")).hasText("bob is typing…", WAIT);
            bob.locator("#text").fill("");

            // Uploaded through one node, shown by the other: one directory holds the files.
            bob.locator("#file").setInputFiles(new FilePayload("dot.png", "image/png", png()));
            Locator picture = alice.locator("#messages img[alt='dot.png']");
            assertThat(picture).isVisible(VISIBLE);
            alice.waitForFunction("img => img.complete && img.naturalWidth === 3", picture.elementHandle());

            online(alice, "bob").click();
            send(alice, "a word in private");
            assertThat(bob.locator("#conversations button[data-key='@alice'] .unread")).hasText("1", WAIT);
            bob.locator("#conversations button[data-key='@alice']").click();
            assertThat(message(bob, "a word in private")).hasCount(1, COUNT);
            assertThat(alice.locator("#messages .mine .status").last()).hasText("read", WAIT);
            alice.locator("#rooms button[data-key='#general']").click();
            bob.locator("#rooms button[data-key='#general']").click();

            long killed = System.nanoTime();
            doomed.process.destroyForcibly(); // SIGKILL: no shutdown, no goodbye to Redis
            assertThat(doomed.process.waitFor(ServeProcess.WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            send(bob, "written while alice's node was down");

            // Alice's page comes back through nginx on Bob's node and fetches what it missed (sync), once.
            assertThat(message(alice, "written while alice's node was down")).hasCount(1, AFTER_TTL);
            long caughtUp = System.nanoTime();
            assertThat(alice.locator("#banner")).isHidden();
            assertThat(node(aliceContext)).isEqualTo(node(bobContext));
            send(alice, "back, on bob's node");
            assertThat(message(bob, "back, on bob's node")).hasCount(1, COUNT);
            for (Page page : new Page[] {alice, bob}) {
                assertThat(message(page, "hello from alice's node")).hasCount(1);
                assertThat(message(page, "hello from bob's node")).hasCount(1);
                assertThat(message(page, "back, on bob's node")).hasCount(1);
            }

            // Carol's only tab died with the node: offline once its key expired, announced once to the room.
            assertThat(notices(bob, "carol left")).hasCount(1, AFTER_TTL);
            // A figure for the record, not a check: how long each took here.
            System.out.printf("ChatClusterBrowserIT: after the SIGKILL, Alice's page caught up in %d ms, carol left "
                    + "after %d ms (--node-ttl %s)%n", (caughtUp - killed) / 1_000_000,
                    (System.nanoTime() - killed) / 1_000_000, NODE_TTL);
            assertThat(online(bob, "carol")).hasCount(0, COUNT);
            assertThat(bob.locator("#rooms button[data-key='#general'] .count")).hasText("2", WAIT);
            // Alice was back on Bob's node before: neither she left nor joined again for anyone.
            assertThat(notices(bob, "alice left")).hasCount(0);
            assertThat(notices(bob, "alice joined")).hasCount(0);
            assertThat(bob.locator("#conversations button[data-key='@alice'] .presence")).hasText("online");
            assertThat(notices(alice, "carol left")).hasCount(1, COUNT);
        }
    }

    /** A 3x2 PNG, made here. */
    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xff8800);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
