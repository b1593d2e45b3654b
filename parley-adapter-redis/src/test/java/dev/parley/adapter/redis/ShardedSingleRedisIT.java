package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.socketio.RemoteSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sharded protocol on one Redis 7 server (127.0.0.1:6379), where sharded pub/sub works as on a cluster of
 * one: a Node server with {@code createShardedAdapter} on a plain node-redis client and two Parley nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardedSingleRedisIT {
    private static final Duration REQUESTS_TIMEOUT = Duration.ofSeconds(2);

    private final String key = "sharded-single-" + UUID.randomUUID();
    private ClusterPeer node;
    private String nodeUrl;
    private ParleyNode a;
    private ParleyNode b;

    @BeforeAll
    void start() throws Exception {
        node = new ClusterPeer(key, REQUESTS_TIMEOUT, Map.of("ADAPTER", "sharded"));
        nodeUrl = "http://127.0.0.1:" + node.call("server").get("port");
        RedisAdapterOptions options = ParleyNode.options(key, REQUESTS_TIMEOUT).withProtocol(RedisAdapterOptions.Protocol.SHARDED);
        a = new ParleyNode("A", options);
        b = new ParleyNode("B", options);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {node, a, b}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void roomsBroadcastsAndRequestsCrossBothWays() throws Exception {
        assertThat(node.call("serverCount").get("count")).isEqualTo(3);
        assertThat(a.io.sockets().adapter().serverCount().toCompletableFuture().get()).isEqualTo(3);
        String sidB = (String) node.call("client", "name", "s-b", "url", b.url(), "rooms", List.of("room")).get("sid");
        String sidN = (String) node.call("client", "name", "s-n", "url", nodeUrl, "rooms", List.of("room")).get("sid");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> shardNumsub(key + "#/#room#") == 2);
        a.io.to("room").emit("to-room", "from-a");
        node.call("emit", "event", "node-to-room", "rooms", List.of("room"));
        for (String name : List.of("s-b", "s-n")) {
            assertThat(node.await("client-event", e -> name.equals(e.get("name")) && "to-room".equals(e.get("event")))
                    .get("args")).isEqualTo(List.of("from-a"));
        }
        node.await("client-event", e -> "s-b".equals(e.get("name")) && "node-to-room".equals(e.get("event")));
        List<RemoteSocket> found = a.io.in("room").fetchSockets().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(found).extracting(RemoteSocket::id).containsExactlyInAnyOrder(sidB, sidN);
        assertThat(a.io.sockets().serverSideEmitWithAck("hello", "x").toCompletableFuture().get(10, TimeUnit.SECONDS))
                .containsExactlyInAnyOrder("B:x", "node:x");
    }

    private long shardNumsub(String channel) throws Exception {
        Process p = new ProcessBuilder("redis-cli", "-p", "6379", "pubsub", "shardnumsub", channel).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor(5, TimeUnit.SECONDS);
        return Long.parseLong(out.split("\n")[1].trim());
    }
}
