package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.builtin.EchoEndpoint;
import dev.parley.testkit.NodeScripts;
import dev.parley.websocket.WebSocketConfig;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Node's {@code ws} client (npm, pinned in parley-testkit/node) against a real Parley server: echo of
 * text and binary with and without permessage-deflate in each negotiated form, and the close codes of
 * the violations a client library can be made to send.
 */
class NodeWsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String[] ECHOED = {
        "text 5 ok", "text 21 ok", "text 99000 ok", "binary 70000 ok", "text 0 ok", "text 2000 ok", "text 2000 ok",
    };
    private ParleyServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    private String echoUrl(WebSocketConfig config) throws InterruptedException {
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).webSocket(config).build())
                .addEndpoint(EchoEndpoint.create())
                .start();
        return server.url().replace("http://", "ws://") + EchoEndpoint.PATH;
    }

    private static WebSocketConfig deflate() {
        return WebSocketConfig.builder().permessageDeflate(true).deflateThreshold(0).build();
    }

    @Test
    void echoWithoutCompression() throws Exception {
        NodeScripts.Result result = NodeScripts.run(TIMEOUT, "ws-echo.mjs", echoUrl(WebSocketConfig.defaults()), "plain");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.lines()).containsExactly(echoLines("(none)"));
    }

    @Test
    void serverWithoutDeflateDeclinesTheOffer() throws Exception {
        NodeScripts.Result result = NodeScripts.run(TIMEOUT, "ws-echo.mjs", echoUrl(WebSocketConfig.defaults()), "deflate");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.lines()).containsExactly(echoLines("(none)"));
    }

    @Test
    void echoWithContextTakeoverBothWays() throws Exception {
        NodeScripts.Result result = NodeScripts.run(TIMEOUT, "ws-echo.mjs", echoUrl(deflate()), "deflate");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.lines()).containsExactly(echoLines("permessage-deflate"));
    }

    @Test
    void echoWithoutContextTakeover() throws Exception {
        NodeScripts.Result result = NodeScripts.run(TIMEOUT, "ws-echo.mjs", echoUrl(deflate()), "deflate-no-context");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.lines())
                .containsExactly(echoLines("permessage-deflate; server_no_context_takeover; client_no_context_takeover"));
    }

    /** Negotiation and round trip; the strict window check is SmallWindowDeflateIT's. */
    @Test
    void echoWithNineBitWindowsBothWays() throws Exception {
        NodeScripts.Result result = NodeScripts.run(TIMEOUT, "ws-echo.mjs", echoUrl(deflate()), "deflate-window9");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.lines()).containsExactly(echoLines("permessage-deflate; server_max_window_bits=9"));
    }

    @Test
    void messageOverTheLimitIs1009() throws Exception {
        String url = echoUrl(WebSocketConfig.builder().maxMessageSize(4096).build());
        assertThat(NodeScripts.run(TIMEOUT, "ws-violations.mjs", url, "too-big", "4097").lines())
                .containsExactly("close 1009");
        assertThat(NodeScripts.run(TIMEOUT, "ws-violations.mjs", url, "too-big", "4096").lines())
                .as("a message of exactly the limit is echoed")
                .containsExactly("message", "close 1000");
    }

    @Test
    void invalidUtf8Is1007EvenBeforeTheMessageEnds() throws Exception {
        String url = echoUrl(WebSocketConfig.defaults());
        assertThat(NodeScripts.run(TIMEOUT, "ws-violations.mjs", url, "invalid-utf8").lines())
                .containsExactly("close 1007");
        assertThat(NodeScripts.run(TIMEOUT, "ws-violations.mjs", url, "invalid-utf8-fragmented").lines())
                .containsExactly("close 1007");
    }

    private static String[] echoLines(String extensions) {
        String[] lines = new String[ECHOED.length + 2];
        lines[0] = "extensions " + extensions;
        System.arraycopy(ECHOED, 0, lines, 1, ECHOED.length);
        lines[lines.length - 1] = "close 1000";
        return lines;
    }
}
