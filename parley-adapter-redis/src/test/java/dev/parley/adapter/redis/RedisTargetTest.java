package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisTargetTest {

    @Test
    void oneHostIsOneSeed() {
        assertThat(RedisTarget.clusterSeeds("redis://127.0.0.1:6379/2")).extracting(RedisURI::getHost, RedisURI::getPort)
                .containsExactly(tuple("127.0.0.1", 6379));
    }

    @Test
    void severalHostsAreSeveralSeedsSharingCredentialsAndTls() {
        List<RedisURI> seeds = RedisTarget.clusterSeeds("rediss://app:s3cret@h1:7000,h2:7001,h3?clientName=parley-1&timeout=3s");
        assertThat(seeds).extracting(RedisURI::getHost).containsExactly("h1", "h2", "h3");
        assertThat(seeds).extracting(RedisURI::getPort).containsExactly(7000, 7001, RedisURI.DEFAULT_REDIS_PORT);
        assertThat(seeds).allSatisfy(seed -> {
            assertThat(seed.isSsl()).isTrue();
            assertThat(seed.getClientName()).isEqualTo("parley-1");
            assertThat(seed.getTimeout()).isEqualTo(java.time.Duration.ofSeconds(3));
            RedisCredentials credentials = seed.getCredentialsProvider().resolveCredentials().block();
            assertThat(credentials.getUsername()).isEqualTo("app");
            assertThat(new String(credentials.getPassword())).isEqualTo("s3cret");
        });
    }

    @Test
    void sentinelAndSocketUrisNameNoCluster() {
        assertThat(RedisTarget.clusterSeeds("redis-sentinel://h1:26379,h2:26379/0#mymaster")).isEmpty();
        assertThat(RedisTarget.clusterSeeds("redis-socket:///tmp/redis.sock")).isEmpty();
    }
}
