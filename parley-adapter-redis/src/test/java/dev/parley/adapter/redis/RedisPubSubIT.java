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
}
