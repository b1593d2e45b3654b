package dev.parley.push.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.PublicApiScanner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bus's API mentions neither Netty nor Lettuce: either may change underneath. */
class PushRedisPublicApiTest {
    private static final List<String> API_PACKAGES = List.of("dev.parley.push.redis");

    @Test
    void noPublicSignatureMentionsNettyOrLettuce() throws Exception {
        assertThat(PublicApiScanner.publicClasses(API_PACKAGES)).extracting(Class::getSimpleName)
                .containsExactlyInAnyOrder("RedisTopicBus", "RedisTopicBusOptions");
        assertThat(PublicApiScanner.mentions(API_PACKAGES, List.of("io.netty", "io.lettuce", "reactor.core"))).isEmpty();
    }
}
