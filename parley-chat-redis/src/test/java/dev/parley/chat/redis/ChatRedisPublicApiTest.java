package dev.parley.chat.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.PublicApiScanner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The module's API is one class, and mentions neither Netty nor Lettuce: either may change underneath. */
class ChatRedisPublicApiTest {
    private static final List<String> API_PACKAGES = List.of("dev.parley.chat.redis");

    @Test
    void noPublicSignatureMentionsNettyOrLettuce() throws Exception {
        assertThat(PublicApiScanner.publicClasses(API_PACKAGES)).extracting(Class::getSimpleName)
                .containsExactly("RedisChatCluster");
        assertThat(PublicApiScanner.mentions(API_PACKAGES, List.of("io.netty", "io.lettuce", "reactor.core"))).isEmpty();
    }
}
