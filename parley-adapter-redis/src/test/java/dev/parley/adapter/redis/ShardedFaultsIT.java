package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.RedisProcess;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The sharded adapter when its Redis goes away and comes back: local traffic goes on, publishes fail fast and
 * are counted, and the sharded subscriptions (the namespace's, the response channel and a room's dynamic
 * channel) come back by themselves, so cross-server broadcasts to all and to a room flow again.
 */
class ShardedFaultsIT {
    private static final Duration REQUESTS_TIMEOUT = Duration.ofSeconds(2);

    @Test
    void aRedisRestartHealsEveryShardedSubscription() throws Exception {
        String key = "sharded-faults-" + UUID.randomUUID();
        try (RedisProcess redis = RedisProcess.startOnFreePort();
                ClusterPeer clients = new ClusterPeer(key, REQUESTS_TIMEOUT, redis.uri())) {
            RedisAdapterOptions options = ParleyNode.options(redis.uri(), key, REQUESTS_TIMEOUT)
                    .withProtocol(RedisAdapterOptions.Protocol.SHARDED);
            try (ParleyNode a = new ParleyNode("A", options); ParleyNode b = new ParleyNode("B", options)) {
                clients.call("client", "name", "f-a", "url", a.url(), "rooms", List.of("chat"));
                clients.call("client", "name", "f-a2", "url", a.url());
                assertThat(a.io.sockets().adapter().serverCount().toCompletableFuture().get()).isEqualTo(2);

                redis.kill();
                long lostAtStart = b.cluster.lostPublishes();
                await().atMost(Duration.ofSeconds(5)).until(() -> {
                    b.io.to("chat").emit("probe");
                    return b.cluster.lostPublishes() > lostAtStart;
                });
                // Local traffic does not need Redis.
                a.io.to("chat").emit("local-during-outage");
                await().atMost(Duration.ofSeconds(5)).until(() -> got(clients, "f-a", "local-during-outage"));

                redis.start();
                AtomicInteger attempt = new AtomicInteger();
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    b.io.to("chat").emit("room-back", attempt.incrementAndGet());
                    return got(clients, "f-a", "room-back");
                });
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    b.io.emit("all-back", attempt.incrementAndGet());
                    return got(clients, "f-a2", "all-back");
                });
                await().atMost(Duration.ofSeconds(5)).until(() ->
                        a.io.sockets().adapter().serverCount().toCompletableFuture().get() == 2);
                assertThat(a.io.sockets().fetchSockets().toCompletableFuture().get()).hasSize(2);
                assertThat(b.io.sockets().fetchSockets().toCompletableFuture().get()).as("B asks A over Redis").hasSize(2);
                assertThat(a.handlerErrors).isEmpty();
                assertThat(b.handlerErrors).isEmpty();
            }
        }
    }

    private static boolean got(ClusterPeer clients, String name, String event) {
        return !clients.printed("client-event", e -> name.equals(e.get("name")) && event.equals(e.get("event"))).isEmpty();
    }
}
