package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.adapter.redis.wire.SubscriptionMode;
import dev.parley.socketio.RemoteSocket;
import dev.parley.testkit.LocalRedisCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A mixed cluster over sharded pub/sub on a 3-master Redis Cluster started here: one Node.js socket.io 4.8
 * server with the official {@code createShardedAdapter} (node-redis 5 {@code createCluster}, dynamic mode), two
 * Parley nodes with the sharded protocol, official socket.io-client 4.8 clients on all three. Every
 * cross-server feature in both directions; then, per subscription mode, the sharded channels Node and Parley
 * subscribe to for the same rooms; then what a node without a member in a room reads from Redis for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("unchecked")
class ShardedClusterIT {
    private static final Duration REQUESTS_TIMEOUT = Duration.ofSeconds(2);

    private final String key = "sharded-it-" + UUID.randomUUID();
    private LocalRedisCluster redis;
    private ClusterPeer node;
    private String nodeUrl;
    private ParleyNode a;
    private ParleyNode b;
    private final LongAdder readByA = new LongAdder();
    private final LongAdder readByB = new LongAdder();
    private final List<String> clients = new ArrayList<>();

    @BeforeAll
    void startCluster() throws Exception {
        redis = LocalRedisCluster.start(3);
        node = peer(key, SubscriptionMode.DYNAMIC);
        nodeUrl = "http://127.0.0.1:" + node.call("server").get("port");
        a = new ParleyNode("A", options(key, SubscriptionMode.DYNAMIC), readByA);
        b = new ParleyNode("B", options(key, SubscriptionMode.DYNAMIC), readByB);
    }

    private ClusterPeer peer(String prefix, SubscriptionMode mode) throws InterruptedException {
        return new ClusterPeer(prefix, REQUESTS_TIMEOUT, Map.of("REDIS_CLUSTER", redis.uri(0) + "," + redis.uri(1),
                "ADAPTER", "sharded", "SUBSCRIPTION_MODE", mode.wireName()));
    }

    private RedisAdapterOptions options(String prefix, SubscriptionMode mode) {
        return ParleyNode.options(redis.uri(2), prefix, REQUESTS_TIMEOUT)
                .withProtocol(RedisAdapterOptions.Protocol.SHARDED).withSubscriptionMode(mode);
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {node, a, b, redis}) {
            if (c != null) {
                c.close();
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

    private boolean got(String name, String event) {
        return !node.printed("client-event", e -> name.equals(e.get("name")) && event.equals(e.get("event"))).isEmpty();
    }

    /** PUBSUB SHARDNUMSUB of a channel, summed over the masters (only the slot's master has subscribers). */
    private long shardNumsub(String channel) throws Exception {
        long sum = 0;
        for (int i = 0; i < 3; i++) {
            String[] lines = redis.cli(i, "pubsub", "shardnumsub", channel).split("\n");
            sum += Long.parseLong(lines[1].trim());
        }
        return sum;
    }

    /** Waits until that many servers subscribed to the room's channel (room subscriptions are not awaited, as in Node). */
    private void awaitRoomSubscribers(String prefix, String room, int servers) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> shardNumsub(prefix + "#/#" + room + "#") == servers);
    }

    @Test
    void everyServerCountsTheOthersBySHARDNUMSUB() throws Exception {
        assertThat(node.call("serverCount").get("count")).isEqualTo(3);
        assertThat(a.io.sockets().adapter().serverCount().toCompletableFuture().get()).isEqualTo(3);
        assertThat(b.io.sockets().adapter().serverCount().toCompletableFuture().get()).isEqualTo(3);
    }

    @Test
    void broadcastsToAllToARoomAndExceptCrossTheCluster() throws Exception {
        client("all-a", a.url());
        client("all-b", b.url(), "red");
        client("all-n", nodeUrl, "red", "blue");
        awaitRoomSubscribers(key, "red", 2);
        awaitRoomSubscribers(key, "blue", 1);
        a.io.emit("from-parley", "hello", 42);
        node.call("emit", "event", "from-node", "args", List.of(Map.of("nested", List.of(1, 2.5, true))));
        for (String name : List.of("all-a", "all-b", "all-n")) {
            assertThat(received(name, "from-parley").get("args")).isEqualTo(List.of("hello", 42));
            assertThat(received(name, "from-node").get("args")).isEqualTo(List.of(Map.of("nested", List.of(1, 2.5, true))));
        }
        byte[] bytes = {0, 1, 2, (byte) 255};
        a.io.to("red").emit("to-red", Map.of("bin", bytes));
        for (String name : List.of("all-b", "all-n")) {
            assertThat((byte[]) ((Map<?, ?>) ((List<?>) received(name, "to-red").get("args")).get(0)).get("bin"))
                    .isEqualTo(bytes);
        }
        node.call("emit", "event", "node-to-red", "rooms", List.of("red"));
        received("all-b", "node-to-red");
        b.io.to("red").except("blue").emit("red-not-blue");
        received("all-b", "red-not-blue");
        node.call("emit", "event", "all-but-blue", "except", List.of("blue"));
        received("all-a", "all-but-blue");
        received("all-b", "all-but-blue");
        a.io.emit("marker");
        for (String name : List.of("all-a", "all-b", "all-n")) {
            received(name, "marker");
        }
        assertThat(got("all-a", "to-red") || got("all-a", "node-to-red")).isFalse();
        assertThat(got("all-n", "red-not-blue") || got("all-n", "all-but-blue")).isFalse();
    }

    @Test
    void emitWithAckWaitsForEveryClientOfEveryServer() throws Exception {
        client("k-a", a.url(), "ack-room");
        client("k-b", b.url(), "ack-room");
        client("k-n", nodeUrl, "ack-room");
        List<Object> responses = a.io.to("ack-room").timeout(Duration.ofSeconds(5)).emitWithAck("ask", "q")
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(responses).containsExactlyInAnyOrder("k-a", "k-b", "k-n");
        Map<String, Object> fromNode = node.call("emitWithAck", "event", "ask", "rooms", List.of("ack-room"), "timeout", 5000);
        assertThat(fromNode.get("error")).isNull();
        assertThat((List<Object>) fromNode.get("responses")).containsExactlyInAnyOrder("k-a", "k-b", "k-n");
    }

    @Test
    void fetchSocketsSeesEverySocketWithItsRoomsAndData() throws Exception {
        String sidA = client("f-a", a.url(), "fetch");
        String sidB = client("f-b", b.url(), "fetch");
        String sidN = client("f-n", nodeUrl, "fetch");
        List<RemoteSocket> found = a.io.in("fetch").fetchSockets().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(found).extracting(RemoteSocket::id).containsExactlyInAnyOrder(sidA, sidB, sidN);
        RemoteSocket remote = found.stream().filter(s -> s.id().equals(sidN)).findFirst().orElseThrow();
        assertThat(remote.rooms()).containsExactlyInAnyOrder(sidN, "fetch");
        assertThat(remote.data()).isEqualTo(Map.of("server", "node", "name", "f-n"));
        assertThat(remote.handshake().auth()).isEqualTo(Map.of("name", "f-n"));
        List<?> fromNode = (List<?>) node.call("fetchSockets", "rooms", List.of("fetch")).get("sockets");
        assertThat(fromNode.stream().map(s -> (Object) ((Map<?, ?>) s).get("id")).toList()).containsExactlyInAnyOrder(sidA, sidB, sidN);
        Map<?, ?> parley = (Map<?, ?>) fromNode.stream().filter(s -> sidB.equals(((Map<?, ?>) s).get("id"))).findFirst().orElseThrow();
        assertThat(parley.get("data")).isEqualTo(Map.of("server", "B", "name", "f-b"));
        assertThat(((Map<?, ?>) parley.get("handshake")).get("auth")).isEqualTo(Map.of("name", "f-b"));
    }

    @Test
    void serverSideEmitGoesBothWaysWithAndWithoutAcks() throws Exception {
        List<Object> answers = a.io.sockets().serverSideEmitWithAck("hello", "x").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(answers).containsExactlyInAnyOrder("B:x", "node:x");
        Map<String, Object> fromNode = node.call("serverSideEmit", "event", "hello", "args", List.of("y"), "ack", true);
        assertThat((List<Object>) fromNode.get("responses")).containsExactlyInAnyOrder("A:y", "B:y");
        a.io.sockets().serverSideEmit("hello", "plain", Map.of("k", 1));
        assertThat(node.await("server-side", e -> List.of("plain", Map.of("k", 1)).equals(e.get("args")))).isNotNull();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> b.serverSide.contains(List.of("hello", "plain", Map.of("k", 1))));
        assertThat(a.serverSide).doesNotContain(List.of("hello", "plain", Map.of("k", 1)));
    }

    @Test
    void remoteSocketsJoinAndDisconnect() throws Exception {
        client("j-a", a.url(), "start");
        client("j-b", b.url(), "start");
        client("j-n", nodeUrl, "start");
        node.call("socketsJoin", "rooms", List.of("start"), "join", "joined-by-node");
        a.io.in("start").socketsJoin("joined-by-a");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                a.io.in("joined-by-node").fetchSockets().toCompletableFuture().get().size() == 3
                        && a.io.in("joined-by-a").fetchSockets().toCompletableFuture().get().size() == 3);
        awaitRoomSubscribers(key, "joined-by-node", 3);
        b.io.to("joined-by-node").emit("after-join");
        for (String name : List.of("j-a", "j-b", "j-n")) {
            received(name, "after-join");
        }
        a.io.in("start").except("j-nothing").socketsLeave("joined-by-a");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                a.io.in("joined-by-a").fetchSockets().toCompletableFuture().get().isEmpty());
        awaitRoomSubscribers(key, "joined-by-a", 0);
        RemoteSocket onNode = a.io.in("start").fetchSockets().toCompletableFuture().get().stream()
                .filter(s -> "node".equals(((Map<?, ?>) s.data()).get("server"))).findFirst().orElseThrow();
        onNode.emit("direct", "to-n");
        assertThat(received("j-n", "direct").get("args")).isEqualTo(List.of("to-n"));
        a.io.in("start").except(onNode.id()).disconnectSockets(false);
        assertThat(node.await("client-disconnect", e -> "j-a".equals(e.get("name"))).get("reason")).isEqualTo("io server disconnect");
        assertThat(node.await("client-disconnect", e -> "j-b".equals(e.get("name"))).get("reason")).isEqualTo("io server disconnect");
        node.call("disconnectSockets", "rooms", List.of("start"), "close", true);
        assertThat(node.await("client-disconnect", e -> "j-n".equals(e.get("name"))).get("reason"))
                .isIn("io server disconnect", "transport close");
    }

    /**
     * Dynamic mode: B has no member in "hot"; 40 broadcasts of 10 KB each to "hot" (20 from Node, 20 from A)
     * reach the members on A and Node, and B's Redis connections read less than one of them meanwhile, while
     * A's read all 40 (A subscribes to the room's channel, so it gets its own publishes back too).
     */
    @Test
    void aServerWithoutMemberInARoomReadsNothingOfItsBroadcasts() throws Exception {
        client("h-a", a.url(), "hot");
        client("h-b", b.url(), "cold");
        client("h-n", nodeUrl, "hot");
        awaitRoomSubscribers(key, "hot", 2);
        String payload = "x".repeat(10_000);
        long bBefore = readByB.sum();
        long aBefore = readByA.sum();
        for (int i = 0; i < 20; i++) {
            node.call("emit", "event", "hot-n", "rooms", List.of("hot"), "args", List.of(payload));
            a.io.to("hot").emit("hot-a", payload);
        }
        for (int i = 0; i < 20; i++) {
            received("h-a", "hot-n");
            received("h-n", "hot-a");
        }
        long bDuring = readByB.sum() - bBefore;
        long aDuring = readByA.sum() - aBefore;
        assertThat(aDuring).as("what A read").isGreaterThan(40L * 10_000);
        assertThat(bDuring).as("what B read while 400 KB went to a room it has no member in").isLessThan(10_000);
        b.io.emit("marker-hot");
        received("h-b", "marker-hot");
        assertThat(got("h-b", "hot-n") || got("h-b", "hot-a")).isFalse();
    }

    @Test
    void nodeAndParleySubscribeToTheSameShardChannelsInEveryMode() throws Exception {
        for (SubscriptionMode mode : SubscriptionMode.values()) {
            String nodePrefix = "modes-n-" + mode.wireName() + "-" + UUID.randomUUID();
            String parleyPrefix = "modes-p-" + mode.wireName() + "-" + UUID.randomUUID();
            try (ClusterPeer nodeAlone = peer(nodePrefix, mode);
                    ParleyNode parleyAlone = new ParleyNode("P", options(parleyPrefix, mode))) {
                String url = "http://127.0.0.1:" + nodeAlone.call("server").get("port");
                String sidN = (String) nodeAlone.call("client", "name", "m-n", "url", url, "rooms", List.of("x", "y"))
                        .get("sid");
                String sidP = (String) nodeAlone.call("client", "name", "m-p", "url", parleyAlone.url(),
                        "rooms", List.of("x", "y")).get("sid");
                Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                        shardChannels(parleyPrefix, sidP)).as(mode.wireName()).isEqualTo(shardChannels(nodePrefix, sidN))
                        .contains("P#/#", "P#/#<uid>#"));
                TreeSet<String> both = shardChannels(nodePrefix, sidN);
                switch (mode) {
                    case STATIC -> assertThat(both).containsExactly("P#/#", "P#/#<uid>#");
                    case DYNAMIC -> assertThat(both).containsExactly("P#/#", "P#/#<uid>#", "P#/#x#", "P#/#y#");
                    case DYNAMIC_PRIVATE -> assertThat(both)
                            .containsExactly("P#/#", "P#/#<sid>#", "P#/#<uid>#", "P#/#x#", "P#/#y#");
                }
                nodeAlone.call("clientEmit", "name", "m-n", "event", "leave", "args", List.of("y"), "ack", true);
                nodeAlone.call("clientEmit", "name", "m-p", "event", "leave", "args", List.of("y"), "ack", true);
                Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    assertThat(shardChannels(nodePrefix, sidN)).doesNotContain("P#/#y#");
                    assertThat(shardChannels(parleyPrefix, sidP)).isEqualTo(shardChannels(nodePrefix, sidN));
                });
                nodeAlone.call("closeClient", "name", "m-n");
                nodeAlone.call("closeClient", "name", "m-p");
            }
        }
    }

    /** PUBSUB SHARDCHANNELS of a prefix over the masters, with the prefix, the server's uid and the socket id named. */
    private TreeSet<String> shardChannels(String prefix, String sid) throws Exception {
        TreeSet<String> channels = new TreeSet<>();
        for (int i = 0; i < 3; i++) {
            for (String line : redis.cli(i, "pubsub", "shardchannels", prefix + "#*").split("\n")) {
                if (!line.isBlank()) {
                    channels.add(line.trim().replace(prefix, "P").replace(sid, "<sid>")
                            .replaceAll("#[0-9a-f]{16}#$", "#<uid>#"));
                }
            }
        }
        return channels;
    }
}
