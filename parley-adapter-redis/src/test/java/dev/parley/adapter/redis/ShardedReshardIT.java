package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.adapter.redis.wire.SubscriptionMode;
import dev.parley.testkit.LocalRedisCluster;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sharded adapter through a resharding: on a Redis Cluster of 3 masters, two Parley nodes with the sharded
 * protocol (dynamic mode), official clients (run by {@code cluster-peer.mjs}, which starts no server here). The
 * slots of the namespace's channel and of a room's channel are moved, live, to another master ({@code CLUSTER
 * SETSLOT ... IMPORTING/MIGRATING/NODE}, as {@code redis-cli --cluster reshard} does for a slot without keys);
 * the old master then drops its subscribers of those channels (Redis 7 sends them a {@code SUNSUBSCRIBE}).
 * Broadcasts to all and to the room cross again between the nodes, once each, and requests get their answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardedReshardIT {
    private static final Duration REQUESTS_TIMEOUT = Duration.ofSeconds(2);
    private static final String KEY = "sharded-reshard-it";

    private final AtomicInteger marks = new AtomicInteger();
    private String room;
    private volatile List<String> lastMissing = List.of();
    private LocalRedisCluster redis;
    private ClusterPeer clients;
    private ParleyNode a;
    private ParleyNode b;

    @BeforeAll
    void startCluster() throws Exception {
        redis = LocalRedisCluster.start(3);
        clients = new ClusterPeer(KEY, REQUESTS_TIMEOUT, Map.of("REDIS_CLUSTER", redis.uri(0), "ADAPTER", "sharded"));
        a = new ParleyNode("A", options(redis.uri(1)));
        b = new ParleyNode("B", options(redis.uri(2)));
    }

    private RedisAdapterOptions options(String uri) {
        return ParleyNode.options(uri, KEY, REQUESTS_TIMEOUT).withProtocol(RedisAdapterOptions.Protocol.SHARDED)
                .withSubscriptionMode(SubscriptionMode.DYNAMIC);
    }

    @AfterAll
    void stopCluster() throws Exception {
        ClusterChanges.stop(redis, clients, a, b);
    }

    @Test
    void subscriptionsFollowTheirSlotsToAnotherMaster() throws Exception {
        String namespaceChannel = KEY + "#/#";
        int from = masterOf(namespaceChannel);
        room = IntStream.range(0, 50).mapToObj(i -> "room-" + i)
                .filter(r -> masterOf(KEY + "#/#" + r + "#") == from).findFirst().orElseThrow();
        clients.call("client", "name", "on-a", "url", a.url(), "rooms", List.of(room));
        clients.call("client", "name", "on-b", "url", b.url(), "rooms", List.of(room));
        await().atMost(Duration.ofSeconds(5)).until(this::allCross);

        int to = (from + 1) % 3;
        ClusterChanges.moveSlot(redis, SlotHash.getSlot(namespaceChannel), from, to);
        ClusterChanges.moveSlot(redis, SlotHash.getSlot(KEY + "#/#" + room + "#"), from, to);
        assertThat(masterOf(namespaceChannel)).isEqualTo(to);
        assertThat(redis.cli(from, "pubsub", "shardnumsub", namespaceChannel)).as("the old master let them go")
                .endsWith("0");

        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(this::allCross);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("broadcasts still lost after the resharding: " + lastMissing, e);
        }
        assertThat(redis.cli(to, "pubsub", "shardnumsub", namespaceChannel)).as("both nodes, on the new master")
                .endsWith("2");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                a.io.sockets().fetchSockets().toCompletableFuture().get(5, TimeUnit.SECONDS).size() == 2
                        && b.io.sockets().fetchSockets().toCompletableFuture().get(5, TimeUnit.SECONDS).size() == 2);
        String once = "once-" + marks.incrementAndGet();
        a.io.emit(once);
        b.io.to(room).emit(once + "-room");
        List<String> missing = new ArrayList<>();
        crosses("A to all, last", event -> a.io.emit(event), "on-b", missing);
        crosses("B to the room, last", event -> b.io.to(room).emit(event), "on-a", missing);
        assertThat(missing).isEmpty();
        assertThat(clients.printed("client-event", e -> "on-b".equals(e.get("name")) && once.equals(e.get("event"))))
                .hasSize(1);
        assertThat(clients.printed("client-event", e -> "on-a".equals(e.get("name"))
                && (once + "-room").equals(e.get("event")))).hasSize(1);
        assertThat(a.handlerErrors).isEmpty();
        assertThat(b.handlerErrors).isEmpty();
    }

    /** Whether fresh broadcasts, to all and to the room, from each node reach the other node's client. */
    private boolean allCross() throws Exception {
        List<String> missing = new ArrayList<>();
        crosses("A to all", event -> a.io.emit(event), "on-b", missing);
        crosses("B to all", event -> b.io.emit(event), "on-a", missing);
        crosses("A to the room", event -> a.io.to(room).emit(event), "on-b", missing);
        crosses("B to the room", event -> b.io.to(room).emit(event), "on-a", missing);
        lastMissing = missing;
        return missing.isEmpty();
    }

    /** Emits a fresh marker; whether the client {@code to} gets it within 2 s (if not, notes it in {@code missing}). */
    private void crosses(String what, ClusterChanges.Emit emit, String to, List<String> missing) throws Exception {
        ClusterChanges.crosses(what + " -> " + to, emit, event -> !clients.printed("client-event",
                e -> to.equals(e.get("name")) && event.equals(e.get("event"))).isEmpty(), missing,
                "mark-" + marks.incrementAndGet());
    }

    private int masterOf(String channel) {
        return ClusterChanges.masterOf(redis, channel);
    }
}
