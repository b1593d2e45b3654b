package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.redis.wire.StreamIds;
import dev.parley.testkit.LocalRedisCluster;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The streams protocol on a 3-master Redis Cluster started here: a Node.js socket.io 4.8 server with the
 * official {@code @socket.io/redis-streams-adapter} 0.3.1 on node-redis's {@code createCluster} and a Parley
 * node, both with {@code streamCount} 3, official socket.io-client clients. The namespaces {@code /},
 * {@code /chat} and {@code /news} hash to the streams {@code S-2}, {@code S-1} and {@code S-0}, whose slots
 * belong to three different masters (checked): each server reads each stream from its master, and session keys
 * live on the master of their own slot. Broadcasts cross both ways in every namespace; a client that drops on
 * one server recovers on the other, both ways, with every missed broadcast in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsRedisClusterIT {
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final String PREFIX = "streams-cluster-it";
    private static final String STREAM = "parley-streams";
    private static final String SESSIONS = PREFIX + ":session:";
    private static final int STREAM_COUNT = 3;
    private static final List<String> NAMESPACES = List.of("/", "/chat", "/news");

    private final AtomicInteger names = new AtomicInteger();
    private final List<String> clients = new ArrayList<>();
    private final Map<String, String> sids = new java.util.HashMap<>();
    private LocalRedisCluster redis;
    private RedisClusterClient redisClient;
    private StatefulRedisClusterConnection<String, String> connection;
    private RedisAdvancedClusterCommands<String, String> commands;
    private StreamsPeer node;
    private String nodeUrl;
    private StreamsNode parley;

    @BeforeAll
    void start() throws Exception {
        redis = LocalRedisCluster.start(3);
        redisClient = RedisClusterClient.create(RedisURI.create(redis.uri(0)));
        connection = redisClient.connect();
        commands = connection.sync();
        node = new StreamsPeer(Map.of("REDIS_CLUSTER", redis.uri(0) + "," + redis.uri(1), "STREAM", STREAM,
                "STREAM_COUNT", String.valueOf(STREAM_COUNT), "KEY", PREFIX, "SESSION_PREFIX", SESSIONS,
                "NAMESPACES", String.join(",", NAMESPACES), "WINDOW_MS", String.valueOf(WINDOW.toMillis())));
        nodeUrl = "http://127.0.0.1:" + node.call("server").get("port");
        parley = new StreamsNode("parley", RedisAdapterOptions.of(redis.uri(2)).withKey(PREFIX)
                .withStreams(StreamOptions.defaults().withStreamName(STREAM).withStreamCount(STREAM_COUNT)
                        .withSessionKeyPrefix(SESSIONS)), WINDOW, NAMESPACES.toArray(String[]::new));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            for (AutoCloseable c : new AutoCloseable[] {node, parley, connection}) {
                if (c != null) {
                    c.close();
                }
            }
            if (redisClient != null) {
                redisClient.shutdown();
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

    @Test
    void theNamespacesStreamsLiveOnThreeMasters() {
        Set<String> masters = new HashSet<>();
        for (String namespace : NAMESPACES) {
            RedisClusterNode master = connection.getPartitions().getMasterBySlot(SlotHash.getSlot(stream(namespace)));
            masters.add(master.getNodeId());
        }
        assertThat(masters).hasSize(3);
        assertThat(NAMESPACES.stream().map(StreamsRedisClusterIT::stream).distinct()).hasSize(3);
    }

    @Test
    void broadcastsCrossBothWaysInEveryNamespace() throws Exception {
        for (String namespace : NAMESPACES) {
            String onNode = client(nodeUrl, namespace, "r");
            String onParley = client(parley.url(), namespace, "r");
            long before = commands.xlen(stream(namespace));

            parley.io.of(namespace).to("r").emit("from-parley", namespace, new byte[] {1, 2});
            node.call("emit", "nsp", namespace, "rooms", List.of("r"), "event", "from-node", "args", List.of(namespace));

            for (String client : List.of(onNode, onParley)) {
                await().until(() -> node.events(client, "from-parley").size() == 1 && node.events(client, "from-node").size() == 1);
                List<Object> fromParley = node.events(client, "from-parley").get(0);
                assertThat(fromParley.get(0)).as(client).isEqualTo(namespace);
                assertThat(fromParley.get(1)).as(client).isEqualTo(Map.of("type", "Buffer", "data", List.of(1, 2)));
                assertThat(node.events(client, "from-node").get(0).get(0)).as(client).isEqualTo(namespace);
            }
            // Both broadcasts are entries of the namespace's stream, on its master.
            assertThat(commands.xlen(stream(namespace))).isEqualTo(before + 2);
        }
    }

    @Test
    void aClientRecoversFromNodeOnParleyAndFromParleyOnNode() throws Exception {
        roundTrip("/chat", nodeUrl, parley.url(), "node");
        roundTrip("/news", parley.url(), nodeUrl, "parley");
        roundTrip("/", nodeUrl, parley.url(), "node");
    }

    /**
     * A client in room r of {@code namespace} on {@code from} gets tick 1 and drops; ticks 2 and 3 go to r from
     * both servers (and one to another room); it comes back on {@code to}: recovered, same id, rooms and data,
     * ticks 2 and 3 in order with their stream ids, then tick 4 live.
     */
    private void roundTrip(String namespace, String from, String to, String firstServer) throws Exception {
        String name = client(from, namespace, "r");
        String sid = sids.get(name);
        tick(namespace, () -> parley.io.of(namespace).to("r").emit("tick", 1));
        await().until(() -> ticks(name).size() == 1);
        Map<String, Object> dropped = node.call("drop", "name", name);
        String pid = (String) dropped.get("pid");
        assertThat(dropped.get("offset")).isEqualTo(ticks(name).get(0).get(1));
        await().until(() -> commands.exists(SESSIONS + pid) == 1); // on the master of the key's slot

        tick(namespace, () -> node.call("emit", "nsp", namespace, "rooms", List.of("r"), "event", "tick", "args", List.of(2)));
        tick(namespace, () -> parley.io.of(namespace).to("other").emit("tick", 99));
        tick(namespace, () -> parley.io.of(namespace).to("r").emit("tick", 3));

        Map<String, Object> resumed = node.call("resume", "name", name, "url", to);
        assertThat(resumed).as(namespace).containsEntry("recovered", true).containsEntry("sid", sid);
        tick(namespace, () -> node.call("emit", "nsp", namespace, "rooms", List.of("r"), "event", "tick", "args", List.of(4)));
        await().until(() -> ticks(name).size() >= 4);
        assertThat(ticks(name).stream().map(t -> ((Number) t.get(0)).intValue()).toList()).as(namespace)
                .containsExactly(1, 2, 3, 4);
        List<String> offsets = ticks(name).stream().map(t -> (String) t.get(1)).toList();
        assertThat(offsets).allMatch(StreamIds::isValid).isSortedAccordingTo(StreamIds::compare);
        @SuppressWarnings("unchecked")
        Map<String, Object> state = (Map<String, Object>) node.call("state", "name", name).get("state");
        assertThat(state).containsEntry("id", sid);
        assertThat(state.get("rooms")).isEqualTo(List.of("r", sid).stream().sorted().toList());
        assertThat(state.get("data")).isEqualTo(Map.of("server", firstServer, "name", name));
        assertThat(commands.exists(SESSIONS + pid)).isZero(); // restored once
    }

    private String client(String url, String namespace, String... rooms) throws InterruptedException {
        String name = "c" + names.incrementAndGet();
        sids.put(name, (String) node.call("client", "url", url, "nsp", namespace, "name", name, "rooms", List.of(rooms)).get("sid"));
        clients.add(name);
        return name;
    }

    private List<List<Object>> ticks(String client) {
        return node.events(client, "tick");
    }

    private static String stream(String namespace) {
        return StreamIds.streamOf(namespace, STREAM, STREAM_COUNT);
    }

    /** Runs a broadcast and waits until its entry is in the namespace's stream, so that the test's order is the stream's. */
    private void tick(String namespace, ThrowingRunnable broadcast) throws Exception {
        long before = commands.xlen(stream(namespace));
        broadcast.run();
        await().until(() -> commands.xlen(stream(namespace)) > before);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
