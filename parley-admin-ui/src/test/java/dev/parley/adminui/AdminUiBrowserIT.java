package dev.parley.adminui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.parley.testkit.Chromium;
import dev.parley.testkit.NodeProcess;
import dev.parley.testkit.NodeScripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The official admin UI ({@code @socket.io/admin-ui} 0.5.1's built {@code ui/dist}, served from another
 * origin) in Chromium against Parley: the UI's connection form logs in with a user and password, the UI
 * lists the server, the sockets of official socket.io-client users and their rooms, and its disconnect
 * button disconnects the real client ("io server disconnect"). Saves a screenshot to
 * {@code target/screenshots/admin-ui.png}.
 */
class AdminUiBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery staple";

    @Test
    void theOfficialUiListsSocketsAndRoomsAndDisconnectsAClient() throws Exception {
        Path dist = NodeScripts.installedDirectory().resolve("node_modules/@socket.io/admin-ui/ui/dist");
        String hash = AdminUiProtocolIT.bcryptjsHash(PASSWORD);
        AdminUiConfig config = AdminUiConfig.builder(AdminUiAuth.basic("admin", hash)).serverId("parley-browser-test")
                .build();
        try (StaticUi ui = new StaticUi(dist);
                AdminUiServer parley = new AdminUiServer(config, ui.origin());
                NodeProcess users = NodeProcess.start(Map.of(), "admin-ui-peers.mjs", parley.url(), "2");
                Chromium chromium = Chromium.launch();
                BrowserContext context = chromium.browser().newContext()) {
            List<String> ids = new ArrayList<>();
            JSON.readTree(users.await(l -> l.contains("\"connected\""), WAIT)).get("ids").forEach(i -> ids.add(i.asText()));
            // The page asks Google Fonts and a CDN for its font and icons: not reachable here, and not needed.
            context.route(url -> !url.startsWith(ui.origin()) && !url.startsWith(parley.url()), route -> route.abort());
            Page page = context.newPage();
            page.setDefaultTimeout(WAIT.toMillis());
            page.navigate(ui.origin() + "/");

            page.getByLabel("Server URL").fill(parley.url());
            page.getByLabel("Username").fill("admin");
            page.getByLabel("Password").fill(PASSWORD);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Connect")).click();
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Connect"))).isHidden();

            page.navigate(ui.origin() + "/#/servers/");
            assertThat(page.getByText("parley-browser-test")).isVisible();

            page.navigate(ui.origin() + "/#/rooms/");
            assertThat(page.getByText("lobby", new Page.GetByTextOptions().setExact(true))).isVisible();

            page.navigate(ui.origin() + "/#/sockets/");
            for (String id : ids) {
                assertThat(page.getByText(id, new Page.GetByTextOptions().setExact(true))).isVisible();
            }
            screenshot(page);

            Locator row = page.locator("tr", new Page.LocatorOptions().setHasText(ids.get(0)));
            row.getByRole(AriaRole.BUTTON).click();
            JsonNode gone = JSON.readTree(users.await(l -> l.contains("\"disconnect\""), WAIT));
            assertThat(gone.get("id").asText()).isEqualTo(ids.get(0));
            assertThat(gone.get("reason").asText()).isEqualTo("io server disconnect");
            page.navigate(ui.origin() + "/#/sockets/");
            assertThat(page.getByText(ids.get(0), new Page.GetByTextOptions().setExact(true))).isHidden();
            assertThat(page.getByText(ids.get(1), new Page.GetByTextOptions().setExact(true))).isVisible();
            assertThat(users.printed(l -> l.contains("\"disconnect\""))).as("only the one clicked").isEmpty();
        }
    }

    private static void screenshot(Page page) throws Exception {
        // Vuetify fades views in: wait until no transition runs, so the picture is the settled page.
        page.waitForFunction("() => document.querySelectorAll('[class*=\"-enter-active\"], [class*=\"-leave-active\"]').length === 0");
        Path dir = Paths.get("target", "screenshots");
        Files.createDirectories(dir);
        page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve("admin-ui.png")).setFullPage(true));
    }
}
