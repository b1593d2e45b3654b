package dev.parley.adminui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.testkit.NodeScripts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admin namespace as the official socket.io-client (4.8.1) speaks to it, the way {@code @socket.io/admin-ui}
 * 0.5.1's UI does: login with a password hashed by the package's own bcrypt library, refusal of a wrong one,
 * session ids, {@code config}, {@code all_sockets}, {@code server_stats}, events, and the join, leave and
 * disconnect commands; a read-only namespace that ignores them; and the packet and byte counts of the
 * dashboard's histogram after known traffic.
 */
class AdminUiProtocolIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theOfficialClientLogsInWatchesAndActsAsTheUiDoes() throws Exception {
        String hash = bcryptjsHash("s3cret!");
        AdminUiConfig config = AdminUiConfig.builder(AdminUiAuth.basic("admin", hash)).serverId("parley-test").build();
        try (AdminUiServer parley = new AdminUiServer(config, null)) {
            Map<String, JsonNode> seen = run("admin-ui-protocol.mjs", parley.url(), "s3cret!");

            assertThat(seen.get("refused").get("message").asText()).isEqualTo("invalid credentials");
            String user = seen.get("user").get("id").asText();
            assertThat(seen.get("session").get("id").asText()).matches("[0-9a-f]{32}");
            assertThat(seen).containsKey("session_login");
            assertThat(texts(seen.get("config").get("config").get("supportedFeatures"))).containsExactlyInAnyOrder(
                    "EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT", "AGGREGATED_EVENTS",
                    "ALL_EVENTS");

            JsonNode listed = null;
            for (JsonNode socket : seen.get("all_sockets").get("sockets")) {
                if (socket.get("id").asText().equals(user)) {
                    listed = socket;
                }
                // The UI groups sockets by client id: the admin socket's own entry has one too.
                assertThat(socket.get("clientId").asText()).as(socket.toString()).hasSize(12);
            }
            assertThat(listed).as("the user in all_sockets: %s", seen.get("all_sockets")).isNotNull();
            assertThat(listed.get("nsp").asText()).isEqualTo("/");
            assertThat(texts(listed.get("rooms"))).containsExactlyInAnyOrder(user, "lobby");
            assertThat(listed.get("clientId").asText()).hasSize(12);
            assertThat(listed.get("transport").asText()).isIn("polling", "websocket");
            assertThat(listed.get("data").size()).as("the admin bookkeeping is not shown").isZero();
            JsonNode handshake = listed.get("handshake");
            assertThat(handshake.get("address").asText()).isEqualTo("127.0.0.1");
            assertThat(handshake.get("url").asText()).startsWith("/socket.io/");
            assertThat(handshake.get("issued").asLong()).isPositive();
            assertThat(handshake.get("headers").has("host")).isTrue();

            JsonNode stats = seen.get("server_stats").get("stats");
            assertThat(stats.get("serverId").asText()).isEqualTo("parley-test");
            assertThat(stats.get("hostname").asText()).isNotEmpty();
            assertThat(stats.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(stats.get("uptime").asDouble()).isPositive();
            assertThat(stats.get("clientsCount").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(stats.get("pollingClientsCount").isNumber()).isTrue();
            List<String> events = new ArrayList<>();
            stats.get("aggregatedEvents").forEach(e -> events.add(e.get("type").asText()));
            assertThat(events).contains("rawConnection");
            Map<String, Integer> namespaces = new HashMap<>();
            stats.get("namespaces").forEach(n -> namespaces.put(n.get("name").asText(), n.get("socketsCount").asInt()));
            assertThat(namespaces).containsEntry("/", 1).containsKey("/admin");

            JsonNode upgrade = seen.get("upgrade");
            if (upgrade.get("update").isNull()) {
                // Upgraded before it joined: socket_connected already said so; nothing to update.
                assertThat(upgrade.get("first").asText()).isEqualTo("websocket");
            } else {
                assertThat(upgrade.get("first").asText()).isEqualTo("polling");
                assertThat(upgrade.get("update").get("id").asText()).isEqualTo(upgrade.get("id").asText());
                assertThat(upgrade.get("update").get("nsp").asText()).isEqualTo("/");
                assertThat(upgrade.get("update").get("transport").asText()).isEqualTo("websocket");
            }

            JsonNode received = seen.get("event_received").get("args");
            assertThat(received.get(0).asText()).isEqualTo("/");
            assertThat(received.get(1).asText()).isEqualTo(user);
            assertThat(received.get(2).toString()).isEqualTo("[\"hello\",\"world\",42]");
            assertThat(Instant.parse(received.get(3).asText())).isNotNull();

            assertThat(texts(seen.get("room_joined").get("args")).subList(0, 3)).containsExactly("/", "vip", user);
            assertThat(texts(seen.get("room_left").get("args")).subList(0, 3)).containsExactly("/", "lobby", user);
            assertThat(seen.get("user_disconnect").get("reason").asText()).isEqualTo("io server disconnect");
            assertThat(texts(seen.get("socket_disconnected").get("args")).subList(0, 3))
                    .containsExactly("/", user, "server namespace disconnect");
        }
    }

    @Test
    void aReadOnlyNamespaceAnnouncesNoCommandAndIgnoresThem() throws Exception {
        AdminUiConfig config = AdminUiConfig.builder(AdminUiAuth.none()).readonly(true).build();
        try (AdminUiServer parley = new AdminUiServer(config, null)) {
            Map<String, JsonNode> seen = run("admin-ui-readonly.mjs", parley.url());

            assertThat(texts(seen.get("config").get("config").get("supportedFeatures")))
                    .containsExactlyInAnyOrder("AGGREGATED_EVENTS", "ALL_EVENTS");
            JsonNode after = seen.get("user_after");
            assertThat(after.get("connected").asBoolean()).as(after.toString()).isTrue();
            assertThat(after.get("pong").asText()).isEqualTo("pong");
            assertThat(after.get("disconnect").isNull()).as(after.toString()).isTrue();
        }
    }

    @Test
    void theStatsCountThePacketsAndBytesOfKnownTrafficEachWay() throws Exception {
        int count = 100;
        int size = 1000;
        // Production mode: no event_received/event_sent to the UI, whose copies of the text would count too.
        AdminUiConfig config = AdminUiConfig.builder(AdminUiAuth.none()).mode(AdminUiConfig.Mode.PRODUCTION)
                .statsInterval(Duration.ofMillis(200)).build();
        try (AdminUiServer parley = new AdminUiServer(config, null)) {
            Map<String, JsonNode> seen = run("admin-ui-traffic.mjs", parley.url(), String.valueOf(count),
                    String.valueOf(size));

            JsonNode totals = seen.get("totals").get("totals");
            int reports = seen.get("totals").get("reports").asInt();
            long echoes = 2L * count; // one user on WebSocket, one on polling: each transport is counted
            // In: each echo event (its text plus `421["echo",""]`) and the three CONNECT packets.
            assertThat(totals.path("packetsIn").asLong()).as(totals.toString()).isBetween(echoes, echoes + 10);
            assertThat(totals.path("bytesIn").asLong()).as(totals.toString())
                    .isBetween(echoes * size, echoes * (size + 30) + 200);
            // Out: each ack (the text plus `431[""]`), the CONNECT answers, config, and every server_stats.
            assertThat(totals.path("packetsOut").asLong()).as(totals.toString())
                    .isBetween(echoes, echoes + 10 + reports);
            assertThat(totals.path("bytesOut").asLong()).as(totals.toString())
                    .isBetween(echoes * size, echoes * (size + 30) + 1000L * (reports + 2));
        }
    }

    /** A hash made by bcryptjs, the library {@code @socket.io/admin-ui} checks passwords with. */
    static String bcryptjsHash(String password) {
        NodeScripts.Result hash = NodeScripts.run(WAIT, "bcrypt-hash.mjs", password);
        assertThat(hash.exitCode()).as(hash.toString()).isZero();
        return hash.lines().get(0);
    }

    /** Runs a scenario; its observations by their {@code ev}. */
    private static Map<String, JsonNode> run(String script, String... args) throws Exception {
        NodeScripts.Result run = NodeScripts.run(WAIT, script, args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Map<String, JsonNode> seen = new HashMap<>();
        for (String line : run.lines()) {
            JsonNode node = JSON.readTree(line);
            seen.put(node.get("ev").asText(), node);
        }
        assertThat(seen).as(run.toString()).containsKey("done");
        return seen;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
