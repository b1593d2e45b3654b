package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.LocalRedisCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Redis Cluster with replicas (3 masters, 1 replica each), two Parley nodes and a Node.js server on
 * node-redis's {@code createCluster}: Parley's subscription sits on a master (so Node, which sums PUBSUB NUMSUB
 * over the masters, counts it), and when that master crashes, Parley subscribes again elsewhere and the
 * cluster carries broadcasts again once the replica has taken over.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterFailoverIT {
    private static final Duration REQUESTS_TIMEOUT = Duration.ofSeconds(2);

    private final String key = "parley-failover-it-" + UUID.randomUUID();
    private final AtomicInteger marks = new AtomicInteger();
    private LocalRedisCluster redis;
    private ClusterPeer node;
    private ParleyNode a;
    private ParleyNode b;

    @BeforeAll
    void startCluster() throws Exception {
        redis = LocalRedisCluster.start(3, 1);
        node = new ClusterPeer(key, REQUESTS_TIMEOUT, Map.of("REDIS_CLUSTER", redis.uri(0)));
        node.call("server");
        a = new ParleyNode("A", options(redis.uri(1) + "?clientName=parley-a"));
        b = new ParleyNode("B", options(redis.uri(2) + "?clientName=parley-b"));
    }

    private RedisAdapterOptions options(String uri) {
        return RedisAdapterOptions.of(uri).withKey(key).withRequestsTimeout(REQUESTS_TIMEOUT);
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            for (AutoCloseable c : new AutoCloseable[] {node, a, b}) {
                if (c != null) {
                    c.close();
                }
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void parleySubscribesOnAMasterAndComesBackAfterItsMasterCrashes() throws Exception {
        int subscribedOn = nodeSubscribedBy("parley-a");
        assertThat(redis.isMaster(redis.ports().get(subscribedOn), subscribedOn))
                .as("Parley's subscribed connection is on a master").isTrue();
        assertThat(node.call("serverCount").get("count")).isEqualTo(3);
        assertThat(a.io.sockets().adapter().serverCount().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(3);
        node.call("client", "name", "on-a", "url", a.url(), "rooms", List.of());
        node.call("client", "name", "on-b", "url", b.url(), "rooms", List.of());
        assertThat(crosses(b, "on-a")).isTrue();

        redis.kill(subscribedOn);

        // The replica takes over after the node timeout; Lettuce reconnects A's connections to a live master and
        // subscribes again. Until then some broadcasts are lost (counted), never queued.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> crosses(b, "on-a") && crosses(a, "on-b"));
        int now = nodeSubscribedBy("parley-a");
        assertThat(now).isNotEqualTo(subscribedOn);
        assertThat(redis.isMaster(redis.ports().get(now), now)).isTrue();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                a.io.sockets().adapter().serverCount().toCompletableFuture().get(5, TimeUnit.SECONDS)
                        .equals(b.io.sockets().adapter().serverCount().toCompletableFuture().get(5, TimeUnit.SECONDS)));
    }

    /** Emits a fresh marker from {@code from}; whether the client named {@code to} receives it within 2 s. */
    private boolean crosses(ParleyNode from, String to) throws InterruptedException {
        String event = "mark-" + marks.incrementAndGet();
        from.io.emit(event);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (!node.printed("client-event", e -> to.equals(e.get("name")) && event.equals(e.get("event"))).isEmpty()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** The index of the node where the connection named {@code name} is subscribed (CLIENT LIST, flag P). */
    private int nodeSubscribedBy(String name) throws Exception {
        for (int i = 0; i < redis.ports().size(); i++) {
            String clients;
            try {
                clients = redis.cli(i, "client", "list");
            } catch (RuntimeException e) {
                continue;
            }
            if (clients.lines().anyMatch(l -> l.contains(" name=" + name + " ") && l.contains(" flags=P "))) {
                return i;
            }
        }
        throw new AssertionError("no node has a subscribed connection named " + name);
    }
}
