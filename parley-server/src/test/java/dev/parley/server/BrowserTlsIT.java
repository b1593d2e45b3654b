package dev.parley.server;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.parley.server.builtin.ChatRoomEndpoint;
import dev.parley.server.builtin.EchoEndpoint;
import dev.parley.testkit.Chromium;
import dev.parley.testkit.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Headless Chromium on the demo page over HTTPS, its WebSockets over wss. The browser trusts the test CA as a
 * user who imported it would (its NSS store): no certificate error is ignored.
 */
class BrowserTlsIT {
    private static final LocatorAssertions.HasTextOptions WAIT = new LocatorAssertions.HasTextOptions().setTimeout(15_000);
    private static TestPki pki;
    private static Chromium chromium;

    @BeforeAll
    static void launch() {
        pki = TestPki.create();
        chromium = Chromium.launchTrusting(pki.caPem());
    }

    @AfterAll
    static void quit() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void demoPageConnectsOverWss() throws Exception {
        TestPki.Issued cert = pki.issue("browser", "localhost", TestPki.KeyFormat.PKCS1_RSA, true);
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0)
                .tls(TlsConfig.pem(cert.chainPem(), cert.keyPem())).build())
                .addEndpoint(EchoEndpoint.create())
                .addEndpoint(ChatRoomEndpoint.create())
                .start();
        try (BrowserContext context = chromium.browser().newContext()) {
            Page page = context.newPage();
            Response response = page.navigate(server.url() + "/");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.securityDetails().protocol).isIn("TLS 1.3", "TLS 1.2");
            assertThat(page.locator("#echo-state")).hasText("OPEN", WAIT);
            page.locator("#echo-input").fill("héllo over wss ✓");
            page.locator("#echo-form button").click();
            assertThat(page.locator("#echo-reply")).hasText("héllo over wss ✓", WAIT);
            Object secure = page.evaluate("() => window.isSecureContext && location.protocol");
            assertThat(secure).isEqualTo("https:");
        } finally {
            server.stop();
        }
    }
}
