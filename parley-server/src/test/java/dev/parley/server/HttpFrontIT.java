package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.WebSocketListener;
import dev.parley.websocket.WebSocketSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP front over real sockets: static files, keep-alive, timeouts, forwarded headers. */
class HttpFrontIT {
    private final HttpClient http = HttpClient.newHttpClient();
    private ParleyServer server;

    @TempDir
    Path staticDir;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    private ParleyServer start(ServerConfig.Builder config, WebSocketEndpoint... endpoints) throws InterruptedException {
        server = new ParleyServer(config.host("127.0.0.1").port(0).build());
        for (WebSocketEndpoint endpoint : endpoints) {
            server.addEndpoint(endpoint);
        }
        return server.start();
    }

    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesBuiltInPagesWithTypesAndValidators() throws Exception {
        start(ServerConfig.builder());
        HttpResponse<String> index = get("/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("content-type")).contains("text/html; charset=utf-8");
        assertThat(index.body()).contains("/demo.js");
        assertThat(get("/demo.js").body()).contains("new WebSocket(");
        String etag = index.headers().firstValue("etag").orElseThrow();
        assertThat(index.headers().firstValue("last-modified")).isPresent();
        assertThat(get("/", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(get("/", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(get("/demo.js").headers().firstValue("content-type")).contains("text/javascript; charset=utf-8");
        assertThat(get("/demo.css").headers().firstValue("content-type")).contains("text/css; charset=utf-8");
        HttpResponse<String> missing = get("/nope.html");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("Not found");
    }

    @Test
    void headHasLengthButNoBody() throws Exception {
        start(ServerConfig.builder());
        String response = raw("HEAD /demo.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200");
        int length = Integer.parseInt(response.replaceAll("(?s).*content-length: (\\d+).*", "$1"));
        assertThat(length).isPositive();
        assertThat(response).endsWith("\r\n\r\n");
    }

    @Test
    void servesADirectoryFirstAndNeverEscapesIt() throws Exception {
        Files.writeString(staticDir.resolve("hello.txt"), "from the directory");
        Files.writeString(staticDir.getParent().resolve("secret.txt"), "must not be served");
        start(ServerConfig.builder().staticDir(staticDir));
        assertThat(get("/hello.txt").body()).isEqualTo("from the directory");
        assertThat(get("/hello.txt").headers().firstValue("content-type")).contains("text/plain; charset=utf-8");
        for (String attack : List.of("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
                "/..\\secret.txt", "/./hello.txt", "/hello.txt%00.png")) {
            String response = raw("GET " + attack + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(response).as(attack).doesNotContain("must not be served").matches("(?s)HTTP/1.1 40[04].*");
        }
    }

    @Test
    void keepAliveServesPipelinedRequestsInOrderOnOneConnection() throws Exception {
        for (String name : List.of("first", "second", "third")) {
            Files.writeString(staticDir.resolve(name + ".txt"), "body of " + name);
        }
        start(ServerConfig.builder().staticDir(staticDir));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // One write: the server reads all three at once and must answer them in request order.
            out.write(("GET /second.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /first.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /third.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(all.split("HTTP/1.1 200 OK", -1)).hasSize(4);
            assertThat(all.indexOf("body of second")).isPositive()
                    .isLessThan(all.indexOf("body of first"));
            assertThat(all.indexOf("body of first")).isLessThan(all.indexOf("body of third"));
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheHandshakeTimeout() throws Exception {
        start(ServerConfig.builder().handshakeTimeout(Duration.ofMillis(300)));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            long start = System.nanoTime();
            assertThat(socket.getInputStream().read()).as("EOF from the server").isEqualTo(-1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(250);
        }
    }

    @Test
    void malformedRequestGets400WithAReason() throws Exception {
        start(ServerConfig.builder());
        String response = raw("GARBAGE\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        // The reason, in the body: what was wrong, as the decoder saw it.
        assertThat(body).startsWith("Malformed HTTP request: ").hasSizeGreaterThan("Malformed HTTP request: ".length() + 3);
    }

    @Test
    void forwardedClientAddressIsBelievedOnlyFromTrustedProxies() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        WebSocketEndpoint endpoint = WebSocketEndpoint.builder("/who", new WebSocketListener() {
            @Override
            public void onOpen(WebSocketSession session) {
                seen.complete(session.request().remoteAddress().getAddress().getHostAddress() + " "
                        + session.request().secure());
            }
        }).build();
        start(ServerConfig.builder().trustedProxies(List.of("127.0.0.1")), endpoint);
        raw(upgrade("/who", "X-Forwarded-For: 203.0.113.7, 10.0.0.1\r\nX-Forwarded-Proto: https\r\n"));
        // 10.0.0.1 is not trusted, so it is the client: the left-most entry could be forged by it.
        assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("10.0.0.1 true");
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        WebSocketEndpoint endpoint = WebSocketEndpoint.builder("/who", new WebSocketListener() {
            @Override
            public void onOpen(WebSocketSession session) {
                seen.complete(session.request().remoteAddress().getAddress().getHostAddress());
            }
        }).build();
        start(ServerConfig.builder(), endpoint);
        raw(upgrade("/who", "X-Forwarded-For: 203.0.113.7\r\n"));
        assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("127.0.0.1");
    }

    @Test
    void stopClosesWebSocketsWith1001AndReleasesThePort() throws Exception {
        start(ServerConfig.builder(), dev.parley.server.builtin.EchoEndpoint.create());
        int port = server.port();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(upgrade("/ws/echo", "").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(readHeaders(in)).startsWith("HTTP/1.1 101");
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
                try {
                    server.stop();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            // The close frame: FIN+close opcode, length 2 + reason, then code 1001.
            assertThat(in.read()).isEqualTo(0x88);
            int length = in.read();
            byte[] payload = in.readNBytes(length);
            assertThat(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)).isEqualTo(1001);
            stopping.get(10, TimeUnit.SECONDS);
            server = null;
        }
        // The port is free again: nothing listens there, and it can be bound at once.
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(java.net.ConnectException.class);
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress("127.0.0.1", port));
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    private static String upgrade(String path, String extraHeaders) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        while (!headers.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            headers.write(b);
        }
        return headers.toString(StandardCharsets.US_ASCII);
    }

    /** Sends a raw request and returns the response headers (and body, if the server closes). */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String headers = readHeaders(socket.getInputStream());
            if (headers.contains("Connection: close") || headers.contains("connection: close")) {
                return headers + new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            return headers;
        }
    }
}
