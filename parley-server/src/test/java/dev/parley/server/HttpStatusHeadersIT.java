package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.builtin.EchoEndpoint;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headers that go with documented statuses: {@code Allow} on 405, {@code Upgrade} and
 * {@code Sec-WebSocket-Version} on 426 (RFC 6455 §4.2.2, §4.4), and {@code If-Modified-Since} answered
 * with 304 for a static file.
 */
class HttpStatusHeadersIT {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    @TempDir
    Path staticDir;
    private ParleyServer server;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(staticDir.resolve("page.txt"), "static");
        Files.setLastModifiedTime(staticDir.resolve("page.txt"), FileTime.from(Instant.parse("2026-01-02T03:04:05Z")));
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).staticDir(staticDir).build())
                .addEndpoint(EchoEndpoint.create()).start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.stop();
    }

    @Test
    void aWebSocketHandshakeByPostGets405WithAllow() throws Exception {
        String response = raw("POST " + EchoEndpoint.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 405 ").containsIgnoringCase("\r\nallow: GET\r\n");
    }

    @Test
    void aPlainRequestToAWebSocketEndpointGets426WithUpgrade() throws Exception {
        String response = raw("GET " + EchoEndpoint.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 426 ").containsIgnoringCase("\r\nupgrade: websocket\r\n")
                .contains("This endpoint speaks WebSocket");
    }

    @Test
    void anUnsupportedVersionGets426NamingVersion13() throws Exception {
        String response = raw("GET " + EchoEndpoint.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 426 ").containsIgnoringCase("\r\nsec-websocket-version: 13\r\n");
    }

    @Test
    void ifModifiedSinceGets304UnlessTheFileIsNewer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI page = URI.create(server.url() + "/page.txt");
        HttpResponse<String> full = http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.headers().firstValue("Last-Modified")).contains("Fri, 2 Jan 2026 03:04:05 GMT");

        HttpResponse<String> same = http.send(HttpRequest.newBuilder(page)
                .header("If-Modified-Since", "Fri, 02 Jan 2026 03:04:05 GMT").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.body()).isEmpty();

        HttpResponse<String> older = http.send(HttpRequest.newBuilder(page)
                .header("If-Modified-Since", HTTP_DATE.format(Instant.parse("2026-01-01T00:00:00Z"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(older.statusCode()).isEqualTo(200);
        assertThat(older.body()).isEqualTo("static");
    }

    /** Sends one request on a fresh connection and returns the response head and body (the server closes). */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
