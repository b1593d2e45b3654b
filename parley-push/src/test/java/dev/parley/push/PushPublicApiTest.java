package dev.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.PublicApiScanner;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The push gateway's public API (every package but {@code internal}) must not mention a Netty type. */
class PushPublicApiTest {
    private static final List<String> API_PACKAGES = List.of("dev.parley.push", "dev.parley.push.sse",
            "dev.parley.push.polling", "dev.parley.push.feeds", "dev.parley.push.demo");

    @Test
    void noPublicSignatureMentionsNetty() throws Exception {
        assertThat(PublicApiScanner.publicClasses(API_PACKAGES)).extracting(Class::getSimpleName)
                .contains("PushGateway", "PushOptions", "JwtSubscribeAuthorizer", "TopicPattern", "Topics",
                        "WebSocketSubscribers", "SocketIoSubscribers", "SubscriberOptions", "SseSubscribers", "SseOptions",
                        "PollingSubscribers", "PollingOptions", "FeedRelay", "FeedSpec", "FeedRelayConfig", "PushDemo");
        assertThat(PublicApiScanner.nettyMentions(API_PACKAGES)).isEmpty();
    }
}
