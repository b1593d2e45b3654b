package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.PublicApiScanner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Socket.IO API, the adapter SPI and the parser API must not mention a Netty type. */
class SocketIoPublicApiTest {
    private static final List<String> API_PACKAGES = List.of("dev.parley.socketio", "dev.parley.socketio.adapter",
            "dev.parley.socketio.parser");

    @Test
    void noPublicSignatureMentionsNetty() throws Exception {
        assertThat(PublicApiScanner.publicClasses(API_PACKAGES)).extracting(Class::getSimpleName)
                .contains("SocketIoServer", "SocketIoSocket", "Adapter", "JsonParser");
        assertThat(PublicApiScanner.nettyMentions(API_PACKAGES)).isEmpty();
    }
}
