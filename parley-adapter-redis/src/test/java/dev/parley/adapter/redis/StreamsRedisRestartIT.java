package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.RedisProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The streams adapter across a Redis restart (a redis-server of the test's own, which keeps nothing on disk)
 * and across the loss of the readers' connections:
 * each node's reader retries from the last id it read, so once Redis is back the broadcasts of one Parley node
 * reach the clients of the other again, in order, without a restart of either; and recovery works again on
 * what is written after.
 */
class StreamsRedisRestartIT {
    private static final Duration WINDOW = Duration.ofSeconds(60);

    private RedisProcess redis;
    private StreamsPeer node;
    private StreamsNode a;
    private StreamsNode b;

    @BeforeEach
    void start() throws Exception {
        redis = RedisProcess.startOnFreePort();
        node = new StreamsPeer(Map.of("REDIS_URL", redis.uri(), "WINDOW_MS", String.valueOf(WINDOW.toMillis())));
        node.call("server");
        RedisAdapterOptions options = RedisAdapterOptions.of(redis.uri()).withStreams(StreamOptions.defaults()
                .withBlockTime(Duration.ofMillis(500)));
        a = new StreamsNode("A", options, WINDOW);
        b = new StreamsNode("B", options, WINDOW);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {node, a, b, redis}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void theReadersResumeAfterARedisRestart() throws Exception {
        node.call("client", "url", b.url(), "name", "c", "rooms", List.of("r"));
        a.io.to("r").emit("tick", 1);
        await().until(() -> ticks().size() == 1);

        redis.kill();
        redis.start(); // empty: a Redis without persistence
        // Lettuce reconnects the command connection, the readers retry from their last id (older than any new one).
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            a.io.to("r").emit("probe");
            return !node.events("c", "probe").isEmpty();
        });
        for (int i = 2; i <= 20; i++) {
            a.io.to("r").emit("tick", i);
        }
        await().until(() -> ticks().size() == 20);
        assertThat(ticks().stream().map(t -> ((Number) t.get(0)).intValue()).toList())
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());

        // Recovery works on what was written after the restart: drop from B, miss a tick, come back on A.
        String pid = (String) node.call("drop", "name", "c").get("pid");
        try (var client = io.lettuce.core.RedisClient.create(redis.uri()); var c = client.connect()) {
            await().until(() -> c.sync().exists("sio:session:" + pid) == 1);
        }
        a.io.to("r").emit("tick", 21);
        Map<String, Object> resumed = node.call("resume", "name", "c", "url", a.url());
        assertThat(resumed).containsEntry("recovered", true);
        await().until(() -> ticks().size() == 21);
    }

    /**
     * The readers' connections are killed (CLIENT KILL) and entries are added at once, before they reconnect:
     * a reader goes on from the last id it read, not from the stream's end, so none of them is skipped.
     */
    @Test
    void aReaderWhoseConnectionDropsGoesOnFromItsLastId() throws Exception {
        node.call("client", "url", b.url(), "name", "c", "rooms", List.of("r"));
        a.io.to("r").emit("tick", 1);
        await().until(() -> ticks().size() == 1);
        try (var client = io.lettuce.core.RedisClient.create(redis.uri()); var c = client.connect()) {
            for (String line : c.sync().clientList().split("\n")) {
                if (line.contains("cmd=xread")) {
                    c.sync().clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(line.replaceAll(".*\\bid=(\\d+).*", "$1"))));
                }
            }
            for (int i = 2; i <= 20; i++) {
                // Written by Redis while the readers are away (a reader retries 50 ms after the failure at the soonest).
                c.sync().xadd("socket.io", entry(i));
            }
        }
        await().until(() -> ticks().size() == 20);
        assertThat(ticks().stream().map(t -> ((Number) t.get(0)).intValue()).toList())
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
    }

    /** A broadcast to room r as Node's streams adapter writes it, from a server that is not in the test. */
    private static Map<String, String> entry(int tick) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("uid", "0123456789abcdef");
        fields.put("nsp", "/");
        fields.put("type", "3");
        fields.put("data", "{\"packet\":{\"type\":2,\"data\":[\"tick\"," + tick + "]},\"opts\":{\"rooms\":[\"r\"],\"except\":[],\"flags\":{}}}");
        return fields;
    }

    private List<List<Object>> ticks() {
        return node.events("c", "tick");
    }
}
