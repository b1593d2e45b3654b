package dev.parley.adminui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.adapter.redis.RedisAdapterOptions;
import dev.parley.adapter.redis.RedisCluster;
import dev.parley.testkit.NodeScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two Parley servers over the real Redis (127.0.0.1:6379, a key of this test's own), both instrumented: an
 * admin client on server A (the official socket.io-client) gets both servers' {@code server_stats}, lists a
 * user connected to B with its client id and transport, sees B's {@code room_joined} for a join it asked A
 * for, and disconnects that user on B.
 */
class AdminUiClusterIT {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aUiOnOneServerSeesAndActsOnTheWholeCluster() throws Exception {
        RedisAdapterOptions options = RedisAdapterOptions.of("redis://127.0.0.1:6379")
                .withKey("parley-admin-ui-it-" + UUID.randomUUID());
        try (RedisCluster redisA = RedisCluster.connect(options);
                RedisCluster redisB = RedisCluster.connect(options);
                AdminUiServer a = new AdminUiServer(AdminUiConfig.builder(AdminUiAuth.none()).serverId("parley-a").build(),
                        null, redisA.adapterFactory());
                AdminUiServer b = new AdminUiServer(AdminUiConfig.builder(AdminUiAuth.none()).serverId("parley-b").build(),
                        null, redisB.adapterFactory())) {
            NodeScripts.Result run = NodeScripts.run(WAIT, "admin-ui-cluster.mjs", a.url(), b.url());
            assertThat(run.exitCode()).as(run.toString()).isZero();
            Map<String, JsonNode> seen = new HashMap<>();
            for (String line : run.lines()) {
                JsonNode node = JSON.readTree(line);
                seen.put(node.get("ev").asText(), node);
            }
            String user = seen.get("user").get("id").asText();

            JsonNode listed = null;
            for (JsonNode socket : seen.get("all_sockets").get("sockets")) {
                if (socket.get("id").asText().equals(user)) {
                    listed = socket;
                }
            }
            assertThat(listed).as("the user on B, listed by A: %s", seen.get("all_sockets")).isNotNull();
            assertThat(listed.get("nsp").asText()).isEqualTo("/");
            assertThat(texts(listed.get("rooms"))).containsExactlyInAnyOrder(user, "lobby");
            assertThat(listed.get("clientId").asText()).as(listed.toString()).hasSize(12);
            assertThat(listed.get("transport").asText()).isIn("polling", "websocket");
            assertThat(listed.get("data").size()).isZero();

            assertThat(texts(seen.get("servers").get("ids"))).containsExactly("parley-a", "parley-b");
            assertThat(texts(seen.get("room_joined").get("args")).subList(0, 3)).containsExactly("/", "vip", user);
            assertThat(seen.get("user_disconnect").get("reason").asText()).isEqualTo("io server disconnect");
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
