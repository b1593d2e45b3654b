package dev.parley.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.websocket.HandshakeRequest;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.WebSocketListener;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeRulesTest {
    /** RFC 6455 §1.3: the sample nonce and its accept value. */
    static final String SAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final String SAMPLE_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private final WebSocketEndpoint endpoint = WebSocketEndpoint.builder("/ws", new WebSocketListener() {
    }).subprotocols("chat", "superchat").build();

    private static Map<String, List<String>> validHeaders() {
        Map<String, List<String>> h = new HashMap<>();
        h.put("Host", List.of("server.example.com"));
        h.put("Upgrade", List.of("websocket"));
        h.put("Connection", List.of("Upgrade"));
        h.put("Sec-WebSocket-Key", List.of(SAMPLE_KEY));
        h.put("Sec-WebSocket-Version", List.of("13"));
        return h;
    }

    private HandshakeRules.Outcome evaluate(Map<String, List<String>> headers) {
        return evaluate("GET", headers, WebSocketConfig.defaults());
    }

    private HandshakeRules.Outcome evaluate(String method, Map<String, List<String>> headers, WebSocketConfig config) {
        HandshakeRequest request = new HandshakeRequest("/ws", Map.of(), headers, new InetSocketAddress(0), false);
        return HandshakeRules.evaluate(method, true, request, endpoint, config);
    }

    private int status(Map<String, List<String>> headers) {
        HandshakeRules.Outcome outcome = evaluate(headers);
        return outcome instanceof HandshakeRules.Reject r ? r.status() : 101;
    }

    @Test
    void acceptKeyOfTheRfcExample() {
        assertThat(HandshakeRules.acceptKey(SAMPLE_KEY)).isEqualTo(SAMPLE_ACCEPT);
        assertThat(evaluate(validHeaders())).isEqualTo(
                new HandshakeRules.Accept(SAMPLE_ACCEPT, java.util.Optional.empty(), null));
    }

    @Test
    void tokenListsAreCaseInsensitive() {
        Map<String, List<String>> h = validHeaders();
        h.put("Upgrade", List.of("WebSocket"));
        h.put("Connection", List.of("keep-alive, UPGRADE"));
        assertThat(status(h)).isEqualTo(101);
    }

    @Test
    void rejectionsCarryTheRightStatus() {
        assertThat(evaluate("POST", validHeaders(), WebSocketConfig.defaults()))
                .isInstanceOfSatisfying(HandshakeRules.Reject.class, r -> assertThat(r.status()).isEqualTo(405));
        Map<String, List<String>> h = validHeaders();
        h.remove("Upgrade");
        assertThat(status(h)).isEqualTo(426);
        h = validHeaders();
        h.put("Connection", List.of("keep-alive"));
        assertThat(status(h)).isEqualTo(400);
        h = validHeaders();
        h.put("Sec-WebSocket-Key", List.of("c2hvcnQ="));
        assertThat(status(h)).as("key of 5 bytes").isEqualTo(400);
        h = validHeaders();
        h.put("Sec-WebSocket-Key", List.of("!!!!!!!!!!!!!!!!!!!!!!=="));
        assertThat(status(h)).as("not base64").isEqualTo(400);
        h = validHeaders();
        h.remove("Host");
        assertThat(status(h)).isEqualTo(400);
    }

    @Test
    void wrongVersionGets426WithTheSupportedVersion() {
        Map<String, List<String>> h = validHeaders();
        h.put("Sec-WebSocket-Version", List.of("8"));
        HandshakeRules.Outcome outcome = evaluate(h);
        assertThat(outcome).isInstanceOfSatisfying(HandshakeRules.Reject.class, r -> {
            assertThat(r.status()).isEqualTo(426);
            assertThat(r.headerName()).isEqualTo("Sec-WebSocket-Version");
            assertThat(r.headerValue()).isEqualTo("13");
        });
    }

    @Test
    void originPolicy() {
        Map<String, List<String>> h = validHeaders();
        h.put("Origin", List.of("http://server.example.com"));
        assertThat(status(h)).as("same origin").isEqualTo(101);
        h.put("Origin", List.of("http://evil.example"));
        assertThat(status(h)).as("cross origin").isEqualTo(403);
        WebSocketConfig allowList = WebSocketConfig.builder().allowedOrigins(List.of("http://evil.example")).build();
        assertThat(evaluate("GET", h, allowList)).isInstanceOf(HandshakeRules.Accept.class);
        WebSocketConfig any = WebSocketConfig.builder().allowedOrigins(List.of("*")).build();
        assertThat(evaluate("GET", h, any)).isInstanceOf(HandshakeRules.Accept.class);
        h.put("Origin", List.of("null"));
        assertThat(status(h)).isEqualTo(403);
    }

    @Test
    void subprotocolIsTheFirstOfferedThatTheEndpointSupports() {
        Map<String, List<String>> h = validHeaders();
        h.put("Sec-WebSocket-Protocol", List.of("other, superchat", "chat"));
        assertThat(evaluate(h)).isInstanceOfSatisfying(HandshakeRules.Accept.class,
                a -> assertThat(a.subprotocol()).contains("superchat"));
        h.put("Sec-WebSocket-Protocol", List.of("other"));
        assertThat(evaluate(h)).isInstanceOfSatisfying(HandshakeRules.Accept.class,
                a -> assertThat(a.subprotocol()).isEmpty());
    }

    @Test
    void deflateIsNegotiatedOnlyWhenEnabled() {
        Map<String, List<String>> h = validHeaders();
        h.put("Sec-WebSocket-Extensions", List.of("permessage-deflate; client_max_window_bits"));
        assertThat(evaluate(h)).isInstanceOfSatisfying(HandshakeRules.Accept.class, a -> assertThat(a.deflate()).isNull());
        WebSocketConfig on = WebSocketConfig.builder().permessageDeflate(true).build();
        assertThat(evaluate("GET", h, on)).isInstanceOfSatisfying(HandshakeRules.Accept.class,
                a -> assertThat(a.deflate().responseHeader()).isEqualTo("permessage-deflate"));
    }
}
