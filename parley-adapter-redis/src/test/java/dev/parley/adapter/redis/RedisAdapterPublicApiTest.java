package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.PublicApiScanner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster API and the wire model mention neither Netty nor Lettuce: either may change underneath. */
class RedisAdapterPublicApiTest {
    private static final List<String> API_PACKAGES = List.of("dev.parley.adapter.redis", "dev.parley.adapter.redis.wire");

    @Test
    void noPublicSignatureMentionsNettyOrLettuce() throws Exception {
        assertThat(PublicApiScanner.publicClasses(API_PACKAGES)).extracting(Class::getSimpleName)
                .contains("RedisCluster", "RedisAdapterOptions", "Notepack", "Request");
        assertThat(PublicApiScanner.mentions(API_PACKAGES, List.of("io.netty", "io.lettuce", "reactor.core"))).isEmpty();
    }
}
