package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.socketio.RemoteSocket;
import dev.parley.testkit.LocalRedisCluster;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A mixed cluster on a real 3-master Redis Cluster (started by the test on free loopback ports): Parley A
 * names it by one node ({@code redis://127.0.0.1:P1}, found to be a cluster node), Parley B by the two others
 * ({@code redis://127.0.0.1:P2,127.0.0.1:P3}), and a Node.js socket.io 4.8 server with the official
 * {@code @socket.io/redis-adapter} on node-redis's {@code createCluster}. Official socket.io-client clients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("unchecked")
class RedisClusterModeIT {
    private static final Duration REQUESTS_TIMEOUT = Duration.ofSeconds(2);

    private final String key = "parley-cluster-it-" + UUID.randomUUID();
    private LocalRedisCluster redis;
    private ClusterPeer node;
    private String nodeUrl;
    private ParleyNode a;
    private ParleyNode b;
    private final List<String> clients = new ArrayList<>();

    @BeforeAll
    void startCluster() throws Exception {
        redis = LocalRedisCluster.start(3);
        node = new ClusterPeer(key, REQUESTS_TIMEOUT, Map.of("REDIS_CLUSTER", redis.uri(0) + "," + redis.uri(2)));
        nodeUrl = "http://127.0.0.1:" + node.call("server").get("port");
        a = new ParleyNode("A", options(redis.uri(0)));
        b = new ParleyNode("B", options("redis://127.0.0.1:" + redis.ports().get(1) + ",127.0.0.1:" + redis.ports().get(2)));
    }

    private RedisAdapterOptions options(String uri) {
        return RedisAdapterOptions.of(uri).withKey(key).withRequestsTimeout(REQUESTS_TIMEOUT);
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            if (node != null) {
                node.close();
            }
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @AfterEach
    void closeClients() throws Exception {
        for (String name : clients) {
            node.call("closeClient", "name", name);
        }
        clients.clear();
    }

    private String client(String name, String url, String... rooms) throws Exception {
        clients.add(name);
        return (String) node.call("client", "name", name, "url", url, "rooms", List.of(rooms)).get("sid");
    }

    private Map<String, Object> received(String name, String event) throws InterruptedException {
        return node.await("client-event", e -> name.equals(e.get("name")) && event.equals(e.get("event")));
    }

    /** Lettuce rejects a command waiting for a lazily opened node connection (REJECT_COMMANDS, lettuce#3747). */
    @Test
    void theFirstPublishOfAFreshConnectionIsNotLost() throws Exception {
        String channel = key + "-first";
        try (PubSubTransport transport = PubSubTransport.connect(redis.uri(1))) {
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            transport.subscribe((c, m) -> heard.add(new String(m, StandardCharsets.UTF_8)), channel)
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
            transport.publish(channel, "first".getBytes(StandardCharsets.UTF_8)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(transport.lostPublishes()).isZero();
            assertThat(transport.numsub(channel).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(1);
        }
    }

    @Test
    void bothParleyNodesUseTheClusterClient() {
        assertThat(a.cluster.isRedisCluster()).as("one seed that says cluster_enabled:1").isTrue();
        assertThat(b.cluster.isRedisCluster()).as("two seeds").isTrue();
    }

    /** The finding the server count rests on: a subscriber is counted by its own node only, yet hears all. */
    @Test
    void pubsubNumsubCountsTheAskedNodeOnlyWhilePublishReachesEveryNode() throws Exception {
        String channel = key + "-probe";
        RedisClient client = RedisClient.create(redis.uri(0));
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub()) {
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String ch, String message) {
                    heard.add(message);
                }
            });
            sub.sync().subscribe(channel);
            assertThat(redis.cli(0, "pubsub", "numsub", channel)).isEqualTo(channel + "\n1");
            assertThat(redis.cli(1, "pubsub", "numsub", channel)).isEqualTo(channel + "\n0");
            assertThat(redis.cli(2, "pubsub", "numsub", channel)).isEqualTo(channel + "\n0");
            redis.cli(1, "publish", channel, "via-node-2");
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo("via-node-2");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void everyServerCountsEveryServerExactlyOnce() throws Exception {
        String requestChannel = key + "-request#/#";
        long sum = 0;
        for (int i = 0; i < 3; i++) {
            String[] lines = redis.cli(i, "pubsub", "numsub", requestChannel).split("\n");
            sum += Long.parseLong(lines[1].trim());
        }
        assertThat(sum).as("one subscribed connection per server, over the masters").isEqualTo(3);
        assertThat(node.call("serverCount").get("count")).isEqualTo(3);
        assertThat(a.io.sockets().adapter().serverCount().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(b.io.sockets().adapter().serverCount().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(3);
    }

    @Test
    void aBroadcastCrossesBetweenEveryPairOfServers() throws Exception {
        client("x-a", a.url());
        client("x-b", b.url());
        client("x-n", nodeUrl);
        a.io.emit("from-a", 1);
        b.io.emit("from-b", 2);
        node.call("emit", "event", "from-n", "args", List.of(3));
        for (String name : List.of("x-a", "x-b", "x-n")) {
            assertThat(received(name, "from-a").get("args")).isEqualTo(List.of(1));
            assertThat(received(name, "from-b").get("args")).isEqualTo(List.of(2));
            assertThat(received(name, "from-n").get("args")).isEqualTo(List.of(3));
        }
    }

    @Test
    void emitWithAckGathersTheAnswersOfEveryServersClients() throws Exception {
        client("k-a", a.url(), "ack");
        client("k-b", b.url(), "ack");
        client("k-n", nodeUrl, "ack");
        List<Object> fromA = a.io.to("ack").timeout(Duration.ofSeconds(5)).emitWithAck("ask", "q")
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(fromA).containsExactlyInAnyOrder("k-a", "k-b", "k-n");
        Map<String, Object> fromNode = node.call("emitWithAck", "event", "ask", "rooms", List.of("ack"), "timeout", 5000);
        assertThat(fromNode.get("error")).isNull();
        assertThat((List<Object>) fromNode.get("responses")).containsExactlyInAnyOrder("k-a", "k-b", "k-n");
    }

    @Test
    void fetchSocketsSeesTheSocketsOfEveryServer() throws Exception {
        String sidA = client("f-a", a.url(), "fetch");
        String sidB = client("f-b", b.url(), "fetch");
        String sidN = client("f-n", nodeUrl, "fetch");
        List<RemoteSocket> fromB = b.io.in("fetch").fetchSockets().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(fromB).extracting(RemoteSocket::id).containsExactlyInAnyOrder(sidA, sidB, sidN);
        assertThat(fromB.stream().filter(s -> s.id().equals(sidN)).findFirst().orElseThrow().data())
                .isEqualTo(Map.of("server", "node", "name", "f-n"));
        List<Map<String, Object>> fromNode = (List<Map<String, Object>>) node.call("fetchSockets", "rooms", List.of("fetch"))
                .get("sockets");
        assertThat(fromNode.stream().map(s -> s.get("id")).toList()).containsExactlyInAnyOrder(sidA, sidB, sidN);
    }
}
