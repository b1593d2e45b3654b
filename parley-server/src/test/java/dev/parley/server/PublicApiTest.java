package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.PublicApiScanner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public API (every package but {@code internal}) must not mention a Netty type. */
class PublicApiTest {
    private static final List<String> API_PACKAGES = List.of("dev.parley.websocket", "dev.parley.engineio",
            "dev.parley.server");

    @Test
    void noPublicSignatureMentionsNetty() throws Exception {
        assertThat(PublicApiScanner.publicClasses(API_PACKAGES)).extracting(Class::getSimpleName)
                .contains("WebSocketSession", "EngineIoSocket", "ParleyServer", "Builder"); // nested types too
        assertThat(PublicApiScanner.nettyMentions(API_PACKAGES)).isEmpty();
    }
}
