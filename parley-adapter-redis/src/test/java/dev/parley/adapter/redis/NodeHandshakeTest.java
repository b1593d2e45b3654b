package dev.parley.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.socketio.Handshake;
import dev.parley.websocket.HandshakeRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeHandshakeTest {
    @Test
    void aParleyHandshakeGoesOverTheWireAsNodeWritesOneAndComesBack() throws Exception {
        HandshakeRequest request = new HandshakeRequest("/socket.io/", Map.of("EIO", List.of("4"), "transport", List.of("websocket")),
                Map.of("Host", List.of("127.0.0.1:3000"), "Origin", List.of("http://example.com"),
                        "Accept", List.of("a", "b")),
                new InetSocketAddress(InetAddress.getByName("::1"), 50000), false);
        Instant time = Instant.ofEpochMilli(1_700_000_000_123L);
        Handshake handshake = Handshake.of(request, time, Map.of("token", "t"));
        Map<String, Object> wire = NodeHandshake.toWire(handshake);
        assertThat(wire.keySet()).containsExactly("headers", "time", "address", "xdomain", "secure", "issued", "url",
                "query", "auth");
        assertThat(wire.get("headers")).isEqualTo(Map.of("host", "127.0.0.1:3000", "origin", "http://example.com",
                "accept", "a, b"));
        assertThat(wire.get("time")).isEqualTo("Tue Nov 14 2023 22:13:20 GMT+0000 (Coordinated Universal Time)");
        assertThat(wire.get("address")).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(wire.get("xdomain")).isEqualTo(true);
        assertThat(wire.get("issued")).isEqualTo(1_700_000_000_123L);
        assertThat((String) wire.get("url")).startsWith("/socket.io/?").contains("EIO=4").contains("transport=websocket");
        assertThat(wire.get("query")).isEqualTo(Map.of("EIO", "4", "transport", "websocket"));

        Handshake back = NodeHandshake.fromWire(wire);
        assertThat(back.url()).isEqualTo("/socket.io/");
        assertThat(back.queryParam("transport")).contains("websocket");
        assertThat(back.header("origin")).contains("http://example.com");
        assertThat(back.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(back.time()).isEqualTo(time);
        assertThat(back.auth()).isEqualTo(Map.of("token", "t"));
    }

    @Test
    void aHandshakeMissingFieldsStillMakesASocket() {
        Handshake back = NodeHandshake.fromWire(Map.of("address", "not-an-ip"));
        assertThat(back.url()).isEqualTo("/");
        assertThat(back.address().isUnresolved()).isTrue();
        assertThat(back.auth()).isEmpty();
    }
}
