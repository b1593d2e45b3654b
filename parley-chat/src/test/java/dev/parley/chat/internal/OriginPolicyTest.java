package dev.parley.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.websocket.HandshakeRequest;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    private static HandshakeRequest request(String host, String origin, boolean secure) {
        HandshakeRequest.Builder b = HandshakeRequest.builder("/socket.io/");
        if (host != null) {
            b.header("Host", host);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return b.build(new InetSocketAddress("127.0.0.1", 5000), secure);
    }

    private final OriginPolicy sameOrigin = new OriginPolicy(List.of());

    @Test
    void theChatsOwnOriginIsAllowedWithItsSchemeHostAndPort() {
        assertThat(sameOrigin.allow(request("chat.example:3000", "http://chat.example:3000", false))).isTrue();
        assertThat(sameOrigin.allow(request("Chat.Example:3000", "http://chat.example:3000/", false))).isTrue();
        assertThat(sameOrigin.allow(request("chat.example", "http://chat.example:80", false))).isTrue();
        assertThat(sameOrigin.allow(request("chat.example", "https://chat.example", true))).isTrue();
        assertThat(sameOrigin.allow(request("[::1]:3000", "http://[::1]:3000", false))).isTrue();
    }

    @Test
    void anotherSchemeHostOrPortIsAnotherOrigin() {
        assertThat(sameOrigin.allow(request("chat.example:3000", "http://evil.example:3000", false))).isFalse();
        assertThat(sameOrigin.allow(request("chat.example:3000", "http://chat.example:3001", false))).isFalse();
        assertThat(sameOrigin.allow(request("chat.example", "https://chat.example", false))).isFalse();
        assertThat(sameOrigin.allow(request("chat.example", "http://chat.example", true))).isFalse();
        assertThat(sameOrigin.allow(request("chat.example", "http://chat.example.evil.example", false))).isFalse();
        assertThat(sameOrigin.allow(request("chat.example", "null", false))).isFalse();
        assertThat(sameOrigin.allow(request("chat.example", "not a url", false))).isFalse();
        assertThat(sameOrigin.allow(request(null, "http://chat.example", false))).isFalse();
        assertThat(sameOrigin.allow(request("chat.example/x", "http://chat.example", false))).isFalse();
    }

    @Test
    void aClientWithoutOriginIsNoBrowserAndIsAllowed() {
        assertThat(sameOrigin.allow(request("chat.example", null, false))).isTrue();
        assertThat(sameOrigin.allow(request(null, null, false))).isTrue();
    }

    @Test
    void configuredOriginsAndTheWildcard() {
        OriginPolicy listed = new OriginPolicy(List.of(" https://app.example:443 ", "HTTP://Other.Example:8080", "null"));
        assertThat(listed.allow(request("chat.example", "https://app.example", false))).isTrue();
        assertThat(listed.allow(request("chat.example", "http://other.example:8080", false))).isTrue();
        assertThat(listed.allow(request("chat.example", "null", false))).isTrue();
        assertThat(listed.allow(request("chat.example", "http://app.example", false))).isFalse();
        assertThat(listed.allow(request("chat.example", "http://chat.example", false))).as("still its own").isTrue();
        OriginPolicy any = new OriginPolicy(List.of("*"));
        assertThat(any.allow(request("chat.example", "http://evil.example", false))).isTrue();
    }
}
