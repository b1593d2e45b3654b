package dev.parley.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClientHandshakeTest {
    // RFC 6455 §1.3: the nonce "the sample nonce", its key, and the server's accept value.
    static final byte[] SAMPLE_NONCE = "the sample nonce".getBytes(StandardCharsets.US_ASCII);
    static final String SAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final String SAMPLE_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private final ClientHandshake handshake = new ClientHandshake(
            Target.parse("ws://127.0.0.1:3101/socket.io/", Protocol.socketio), SAMPLE_NONCE);

    @Test
    void requestCarriesTheKeyAndTheEngineIoQuery() {
        assertThat(new String(handshake.request(), StandardCharsets.US_ASCII)).isEqualTo(
                "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                        + "Host: 127.0.0.1:3101\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + SAMPLE_KEY + "\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n");
    }

    @Test
    void acceptsTheSampleResponseWithHeaderNamesInAnyCase() {
        assertThat(handshake.check("HTTP/1.1 101 Switching Protocols\r\nupgrade: WebSocket\r\n"
                + "CONNECTION: keep-alive, Upgrade\r\nSec-WebSocket-Accept: " + SAMPLE_ACCEPT)).isNull();
    }

    @Test
    void namesEachFailure() {
        assertThat(handshake.check("HTTP/1.1 403 Forbidden\r\nContent-Length: 0")).isEqualTo("HTTP 403");
        assertThat(handshake.check("SSH-2.0-OpenSSH")).isEqualTo("not an HTTP response");
        assertThat(handshake.check(response("Sec-WebSocket-Accept: " + SAMPLE_KEY)))
                .isEqualTo("wrong Sec-WebSocket-Accept");
        assertThat(handshake.check(response("Sec-WebSocket-Accept: " + SAMPLE_ACCEPT
                + "\r\nSec-WebSocket-Extensions: permessage-deflate"))).isEqualTo("unrequested sec-websocket-extensions");
        assertThat(handshake.check("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + SAMPLE_ACCEPT)).isEqualTo("no Upgrade: websocket");
    }

    private static String response(String lastHeaders) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + lastHeaders;
    }
}
