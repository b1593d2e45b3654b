package dev.parley.push.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A Redis URI in a message never shows its password, in any of the forms Lettuce reads. */
class RedisUriRedactionTest {
    @Test
    void thePasswordIsHiddenAndNothingElse() {
        assertThat(RedisTopicBus.redact("redis://user:s3cret@host:6379/0")).isEqualTo("redis://user:***@host:6379/0");
        assertThat(RedisTopicBus.redact("redis://:s3cret@host")).isEqualTo("redis://:***@host");
        assertThat(RedisTopicBus.redact("rediss://s3cret@host")).isEqualTo("rediss://***@host");
        // A one-letter password that also appears in the host name: only the password goes.
        assertThat(RedisTopicBus.redact("redis://:a@redis.example:6379")).isEqualTo("redis://:***@redis.example:6379");
        assertThat(RedisTopicBus.redact("redis://host:6379")).isEqualTo("redis://host:6379");
        assertThat(RedisTopicBus.password("redis://user:s3:cret@host")).isEqualTo("s3:cret");
        assertThat(RedisTopicBus.password("redis://host?x=a@b")).isEmpty();
    }
}
