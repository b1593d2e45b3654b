package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link RedisPubSub} on the real Redis, at the edges of its lifecycle. */
class RedisPubSubIT {
    private final String channel = "parley-it-" + UUID.randomUUID() + "#/#";

    @Test
    void aPublishAfterCloseNeitherThrowsNorCountsAsLost() {
        // An answer to a request already being handled can be published while the node closes.
        RedisPubSub redis = RedisPubSub.connect("redis://127.0.0.1:6379");
        assertThat(redis.publish(channel, new byte[] {1})).succeedsWithin(Duration.ofSeconds(5));
        redis.close();
        assertThat(redis.publish(channel, new byte[] {2})).succeedsWithin(Duration.ofSeconds(1));
        assertThat(redis.numsub(channel)).failsWithin(Duration.ofSeconds(1));
        assertThat(redis.lostPublishes()).isZero();
    }

    @Test
    void theProbeAnswersWhileConnectedAndFailsAtOnceWhenClosed() {
        // What the readiness check of a cluster node asks (RedisCluster.ping).
        RedisPubSub redis = RedisPubSub.connect("redis://127.0.0.1:6379");
        assertThat(redis.probe()).succeedsWithin(Duration.ofSeconds(5));
        redis.close();
        assertThat(redis.probe()).failsWithin(Duration.ofMillis(100));
    }

    @Test
    void closeFlushesThePublishesAlreadyMade() throws Exception {
        // A server's last broadcasts before it shuts down still reach the others.
        RedisPubSub listener = RedisPubSub.connect("redis://127.0.0.1:6379");
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        listener.subscribe((c, m) -> received.incrementAndGet(), channel).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
        RedisPubSub sender = RedisPubSub.connect("redis://127.0.0.1:6379");
        int messages = 2_000;
        for (int i = 0; i < messages; i++) {
            sender.publish(channel, new byte[64]); // not waited for
        }
        sender.close();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(received.get()).isEqualTo(messages));
        assertThat(sender.lostPublishes()).isZero();
        listener.close();
    }
}
