package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoListener;
import dev.parley.engineio.EngineIoServer;
import dev.parley.engineio.EngineIoSocket;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP side of Engine.IO polling: CORS, compression, the sticky cookie, allowRequest, served files. */
class EngineIoHttpIT {
    private final HttpClient http = HttpClient.newHttpClient();
    private ParleyServer server;
    private EngineIoServer engine;

    @BeforeEach
    void start() throws Exception {
        engine = new EngineIoServer(EngineIoConfig.builder()
                .corsOrigins(List.of("https://app.example"))
                .corsCredentials(true)
                .cookieName("io")
                .httpCompressionThreshold(100)
                .allowRequest(request -> !request.queryParam("deny").isPresent())
                .build(), new EngineIoListener() {
                    @Override
                    public void onMessage(EngineIoSocket socket, String text) {
                        // "plain..." is sent with engine.io's compress option false.
                        socket.send(text.repeat(50), !text.startsWith("plain"));
                    }
                });
        engine.addResource("hello.js", "application/javascript", "console.log('hi')".getBytes(StandardCharsets.UTF_8));
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()).addEngineIo(engine).start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(String query) {
        return URI.create(server.url() + "/engine.io/?EIO=4&transport=polling" + query);
    }

    @Test
    void corsAllowsTheConfiguredOriginWithCredentialsAndAnswersPreflights() throws Exception {
        HttpResponse<byte[]> allowed = send(HttpRequest.newBuilder(uri("")).header("Origin", "https://app.example"));
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");

        HttpResponse<byte[]> other = send(HttpRequest.newBuilder(uri("")).header("Origin", "https://evil.example"));
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<byte[]> preflight = send(HttpRequest.newBuilder(uri(""))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Headers", "content-type"));
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                v -> assertThat(v).contains("POST"));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).contains("content-type");
    }

    @Test
    void handshakeSetsTheStickyCookieAndAllowRequestCanRefuse() throws Exception {
        HttpResponse<byte[]> open = send(HttpRequest.newBuilder(uri("")));
        String body = new String(open.body(), StandardCharsets.UTF_8);
        String sid = body.substring(body.indexOf("\"sid\":\"") + 7).split("\"")[0];
        assertThat(open.headers().firstValue("Set-Cookie")).hasValueSatisfying(
                c -> assertThat(c).startsWith("io=" + sid + ";").contains("HttpOnly"));

        HttpResponse<byte[]> denied = send(HttpRequest.newBuilder(uri("&deny=1")));
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(new String(denied.body(), StandardCharsets.UTF_8)).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
    }

    @Test
    void largePollingResponsesAreGzippedWhenTheClientAcceptsIt() throws Exception {
        HttpResponse<byte[]> open = send(HttpRequest.newBuilder(uri("")));
        String body = new String(open.body(), StandardCharsets.UTF_8);
        String sid = body.substring(body.indexOf("\"sid\":\"") + 7).split("\"")[0];
        assertThat(send(HttpRequest.newBuilder(uri("&sid=" + sid))
                .POST(HttpRequest.BodyPublishers.ofString("4abcd"))).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> poll = send(HttpRequest.newBuilder(uri("&sid=" + sid)).header("Accept-Encoding", "gzip"));
        assertThat(poll.headers().firstValue("Content-Encoding")).contains("gzip");
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(poll.body())).readAllBytes();
        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo("4" + "abcd".repeat(50));
        assertThat(poll.body().length).isLessThan(plain.length);
    }

    @Test
    void aPayloadOfMessagesSentWithoutCompressIsNotCompressedAndOneWithAnyIs() throws Exception {
        String sid = open();
        send(HttpRequest.newBuilder(uri("&sid=" + sid)).POST(HttpRequest.BodyPublishers.ofString("4plain")));
        HttpResponse<byte[]> plain = send(HttpRequest.newBuilder(uri("&sid=" + sid)).header("Accept-Encoding", "gzip"));
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo("4" + "plain".repeat(50));

        // As in engine.io, a payload is compressed if any of its packets asks: here the second one.
        send(HttpRequest.newBuilder(uri("&sid=" + sid)).POST(HttpRequest.BodyPublishers.ofString("4plain\u001e4abcd")));
        HttpResponse<byte[]> mixed = send(HttpRequest.newBuilder(uri("&sid=" + sid)).header("Accept-Encoding", "gzip"));
        assertThat(mixed.headers().firstValue("Content-Encoding")).contains("gzip");
        byte[] inflated = new GZIPInputStream(new ByteArrayInputStream(mixed.body())).readAllBytes();
        assertThat(new String(inflated, StandardCharsets.UTF_8))
                .isEqualTo("4" + "plain".repeat(50) + "\u001e4" + "abcd".repeat(50));
    }

    private String open() throws Exception {
        String body = new String(send(HttpRequest.newBuilder(uri(""))).body(), StandardCharsets.UTF_8);
        return body.substring(body.indexOf("\"sid\":\"") + 7).split("\"")[0];
    }

    @Test
    void servedFilesHaveAnEtagAndAnswer304() throws Exception {
        URI file = URI.create(server.url() + "/engine.io/hello.js");
        HttpResponse<byte[]> first = send(HttpRequest.newBuilder(file));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("console.log('hi')");
        assertThat(first.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("max-age"));
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = send(HttpRequest.newBuilder(file).header("If-None-Match", etag));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }
}
