package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.testkit.TestPki;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streaming routes against the JDK's HttpClient and raw sockets: bytes arrive as they are written, a client
 * leaving is seen, a slow consumer is cut at its bound, timeouts leave pending answers and streams alone,
 * nothing can be pipelined into a stream, and a stop ends streams cleanly. One server for the class (its HTTP
 * idle timeout is short, to show it does not apply), one of their own for the stop tests.
 */
class StreamingRouteIT {
    private static final long MAX_BUFFERED = 256 * 1024;
    private static final Duration IDLE = Duration.ofMillis(150);
    private static final BlockingQueue<HttpStream> streams = new LinkedBlockingQueue<>();
    private static final BlockingQueue<HttpExchange> exchanges = new LinkedBlockingQueue<>();
    private static final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
    private static ParleyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = withRoutes(new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).httpIdleTimeout(IDLE)
                .build())).start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @BeforeEach
    void clear() {
        streams.clear();
        exchanges.clear();
        closes.clear();
    }

    /**
     * Waits until the route reports {@code expected} closed. Closes of an earlier test's streams may be reported
     * after that test ended (and after this one's clear): they are skipped; each test uses paths of its own.
     */
    private static void awaitClose(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        java.util.List<String> others = new java.util.ArrayList<>();
        for (String c; (c = closes.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
            if (c.equals(expected)) {
                return;
            }
            others.add(c);
        }
        throw new AssertionError(expected + " not reported closed within 10 s; other closes: " + others);
    }

    private static ParleyServer withRoutes(ParleyServer target) {
        return target
                .addStreamingRoute("/stream", StreamingOptions.builder().maxBufferedBytes(MAX_BUFFERED).build(),
                        HttpHeadCheck.ACCEPT_ALL, (request, exchange) -> {
                            HttpStream stream = exchange.open(200, Map.of("Content-Type", "text/plain"));
                            stream.onClose(() -> closes.add("stream " + request.path()));
                            streams.add(stream);
                        })
                .addStreamingRoute("/poll", HttpHeadCheck.ACCEPT_ALL, (request, exchange) -> {
                    exchange.onClose(() -> closes.add("poll " + request.path()));
                    exchanges.add(exchange);
                })
                .addStreamingRoute("/boom", HttpHeadCheck.ACCEPT_ALL, (request, exchange) -> {
                    throw new IllegalStateException("secret detail");
                })
                .addHttpRoute("/plain", 0, request -> HttpResponse.text(200, "plain " + request.path()));
    }

    @Test
    void bytesArriveAsTheyAreWrittenToTheJdkClient() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(URI.create(server.url() + "/stream/jdk")).build(),
                BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain");
        HttpStream stream = streams.take();
        try (Stream<String> body = response.body()) {
            Iterator<String> lines = body.iterator();
            for (int i = 0; i < 3; i++) {
                // The next line is written only once the previous one was read: nothing waits for the end.
                assertThat(stream.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8))).isTrue();
                assertThat(lines.next()).isEqualTo("line " + i);
            }
            stream.close();
            assertThat(lines.hasNext()).isFalse();
        }
        awaitClose("stream /stream/jdk");
    }

    @Test
    void aRawClientSeesOneChunkPerWriteAndTheLastChunkAtClose() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /stream/raw HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked")
                    .containsIgnoringCase("connection: close").doesNotContainIgnoringCase("content-length");
            HttpStream stream = streams.take();
            stream.write("hello".getBytes(StandardCharsets.UTF_8));
            assertThat(readExactly(in, 10)).isEqualTo("5\r\nhello\r\n");
            // Idle for longer than the HTTP idle timeout: an open stream is not an idle connection.
            Thread.sleep(IDLE.toMillis() * 3);
            stream.write(new byte[0]); // ignored: an empty chunk would end the body
            stream.write("x".repeat(300).getBytes(StandardCharsets.UTF_8));
            assertThat(readExactly(in, 3 + 2 + 300 + 2)).isEqualTo("12c\r\n" + "x".repeat(300) + "\r\n");
            stream.close();
            assertThat(readToEnd(in)).isEqualTo("0\r\n\r\n");
        }
        awaitClose("stream /stream/raw");
    }

    @Test
    void aClientLeavingFiresOnClose() throws Exception {
        Socket socket = connect();
        send(socket, "GET /stream/leaving HTTP/1.1\r\nHost: x\r\n\r\n");
        readHead(socket.getInputStream());
        HttpStream stream = streams.take();
        assertThat(stream.isOpen()).isTrue();
        socket.close();
        awaitClose("stream /stream/leaving");
        assertThat(stream.isOpen()).isFalse();
        assertThat(stream.write("late".getBytes(StandardCharsets.UTF_8))).isFalse();
        CountDownLatch late = new CountDownLatch(1);
        stream.onClose(late::countDown); // registered after the end: runs at once
        assertThat(late.getCount()).isZero();
    }

    @Test
    void aSlowConsumerIsClosedAtItsBound() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(server.address());
            send(socket, "GET /stream/slow HTTP/1.1\r\nHost: x\r\n\r\n");
            readHead(socket.getInputStream());
            HttpStream stream = streams.take();
            byte[] piece = new byte[16 * 1024]; // one array for every write: it is not copied
            long highest = 0;
            int accepted = 0;
            // The client reads nothing more: the socket buffers fill, then the stream's own buffer.
            while (stream.write(piece)) {
                accepted++;
                highest = Math.max(highest, stream.bufferedBytes());
                assertThat(accepted).as("writes accepted").isLessThan(20_000);
            }
            System.out.printf("StreamingRouteIT: slow consumer cut after %d writes of 16 KiB, at most %d bytes "
                    + "buffered (bound %d)%n", accepted, highest, MAX_BUFFERED);
            assertThat(highest).isLessThanOrEqualTo(MAX_BUFFERED);
            assertThat(stream.isOpen()).isFalse();
            awaitClose("stream /stream/slow");
            assertThat(stream.write(piece)).isFalse();
        }
    }

    @Test
    void bytesSentOnAStreamCloseIt() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /stream/pipelined HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = socket.getInputStream();
            readHead(in);
            streams.take();
            send(socket, "GET /plain/next HTTP/1.1\r\nHost: x\r\n\r\n");
            awaitClose("stream /stream/pipelined");
            assertThat(readToEnd(in)).isEmpty(); // closed, and the pipelined request never answered
        }
    }

    @Test
    void anHttp10ClientGetsTheBytesUnframedUntilTheConnectionCloses() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /stream/old HTTP/1.0\r\n\r\n");
            InputStream in = new BufferedInputStream(socket.getInputStream());
            assertThat(readHead(in)).doesNotContainIgnoringCase("transfer-encoding");
            HttpStream stream = streams.take();
            stream.write("abc".getBytes(StandardCharsets.UTF_8));
            assertThat(readExactly(in, 3)).isEqualTo("abc");
            stream.close();
            assertThat(readToEnd(in)).isEmpty();
        }
    }

    @Test
    void aHeadRequestGetsTheHeadOnly() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "HEAD /stream/head HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = new BufferedInputStream(socket.getInputStream());
            assertThat(readHead(in)).startsWith("HTTP/1.1 200");
            assertThat(readToEnd(in)).isEmpty();
            assertThat(streams.take().isOpen()).isFalse();
        }
    }

    @Test
    void aLongPollIsAnsweredLaterAndPipelinedRequestsWaitBehindIt() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /poll/a HTTP/1.1\r\nHost: x\r\n\r\nGET /plain/b HTTP/1.1\r\nHost: x\r\n\r\n");
            HttpExchange exchange = exchanges.take();
            // Longer than the HTTP idle timeout: a pending answer is not idleness.
            Thread.sleep(IDLE.toMillis() * 3);
            assertThat(socket.getInputStream().available()).isZero();
            assertThat(exchange.respond(HttpResponse.json(200, "{\"late\":true}"))).isTrue();
            assertThat(exchange.respond(HttpResponse.json(200, "{\"twice\":true}"))).isFalse();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            assertThat(RequestBodyIT.readResponse(in)).startsWith("HTTP/1.1 200").endsWith("{\"late\":true}");
            assertThat(RequestBodyIT.readResponse(in)).startsWith("HTTP/1.1 200").endsWith("plain /plain/b");
            awaitClose("poll /poll/a");
            assertThat(exchange.isOpen()).isFalse();
            // Keep-alive: the connection serves the next request.
            send(socket, "GET /plain/c HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(RequestBodyIT.readResponse(in)).endsWith("plain /plain/c");
        }
    }

    @Test
    void aLongPollWhoseClientLeftIsOverAndItsAnswerDropped() throws Exception {
        Socket socket = connect();
        send(socket, "GET /poll/gone HTTP/1.1\r\nHost: x\r\n\r\n");
        HttpExchange exchange = exchanges.take();
        socket.close();
        awaitClose("poll /poll/gone");
        assertThat(exchange.respond(HttpResponse.text(200, "too late"))).isFalse();
        await().until(() -> server.openStreams() == 0);
    }

    @Test
    void aFailingHandlerGetsA500AndABodyA413() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        var boom = http.send(java.net.http.HttpRequest.newBuilder(URI.create(server.url() + "/boom")).build(),
                BodyHandlers.ofString());
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).doesNotContain("secret");
        var body = http.send(java.net.http.HttpRequest.newBuilder(URI.create(server.url() + "/poll/x"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build(), BodyHandlers.ofString());
        assertThat(body.statusCode()).isEqualTo(413);
        assertThat(exchanges).isEmpty();
    }

    @Test
    void stopEndsStreamsWithTheLastChunkAndAnswersLongPolls503() throws Exception {
        ParleyServer own = withRoutes(new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()))
                .start();
        try (Socket streaming = new Socket("127.0.0.1", own.port()); Socket polling = new Socket("127.0.0.1", own.port())) {
            streaming.setSoTimeout(10_000);
            polling.setSoTimeout(10_000);
            send(streaming, "GET /stream/stopping HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = new BufferedInputStream(streaming.getInputStream());
            readHead(in);
            HttpStream stream = streams.take();
            stream.write("before".getBytes(StandardCharsets.UTF_8));
            assertThat(readExactly(in, 11)).isEqualTo("6\r\nbefore\r\n");
            send(polling, "GET /poll/stopping HTTP/1.1\r\nHost: x\r\n\r\n");
            HttpExchange exchange = exchanges.take();
            assertThat(own.openStreams()).isEqualTo(2);
            own.stop();
            assertThat(readToEnd(in)).isEqualTo("0\r\n\r\n");
            InputStream pollIn = new BufferedInputStream(polling.getInputStream());
            assertThat(RequestBodyIT.readResponse(pollIn)).startsWith("HTTP/1.1 503")
                    .containsIgnoringCase("connection: close").contains("Server shutting down");
            assertThat(readToEnd(pollIn)).isEmpty();
            assertThat(closes).containsExactlyInAnyOrder("stream /stream/stopping", "poll /poll/stopping");
            assertThat(stream.isOpen()).isFalse();
            assertThat(exchange.respond(HttpResponse.text(200, "too late"))).isFalse();
            assertThat(own.openStreams()).isZero();
        } finally {
            own.stop();
        }
    }

    @Test
    void aDrainEndsStreamsAndCountsThemAsConnections() throws Exception {
        ParleyServer own = withRoutes(new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()))
                .start();
        try (Socket streaming = new Socket("127.0.0.1", own.port())) {
            streaming.setSoTimeout(10_000);
            send(streaming, "GET /stream/draining HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = new BufferedInputStream(streaming.getInputStream());
            readHead(in);
            streams.take();
            assertThat(own.openConnections()).isEqualTo(1);
            own.drain(DrainPolicy.defaults().withReadinessDelay(Duration.ZERO)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertThat(readToEnd(in)).isEqualTo("0\r\n\r\n");
            awaitClose("stream /stream/draining");
        } finally {
            own.stop();
        }
    }

    @Test
    void aStreamOverTlsArrivesAsItIsWritten() throws Exception {
        TestPki pki = TestPki.create();
        TestPki.Issued cert = pki.issue("stream", "parley-stream", TestPki.KeyFormat.PKCS8_EC);
        ParleyServer own = withRoutes(new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0)
                .tls(TlsConfig.pem(cert.chainPem(), cert.keyPem())).build())).start();
        try {
            HttpClient https = HttpClient.newBuilder().sslContext(pki.sslContext()).build();
            var response = https.send(java.net.http.HttpRequest.newBuilder(URI.create(own.url() + "/stream/tls"))
                    .build(), BodyHandlers.ofLines());
            HttpStream stream = streams.take();
            try (Stream<String> body = response.body()) {
                Iterator<String> lines = body.iterator();
                stream.write("secret 1\n".getBytes(StandardCharsets.UTF_8));
                assertThat(lines.next()).isEqualTo("secret 1");
                stream.write("secret 2\n".getBytes(StandardCharsets.UTF_8));
                assertThat(lines.next()).isEqualTo("secret 2");
                stream.close();
                assertThat(lines.hasNext()).isFalse();
            }
            awaitClose("stream /stream/tls");
        } finally {
            own.stop();
            try (var files = java.nio.file.Files.walk(pki.dir())) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---- Raw HTTP ----

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("end of stream inside the head: %s", head).isNotNegative();
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readExactly(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
    }

    /** What comes until the server closes (a reset after the close counts as the end too). */
    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        try {
            in.transferTo(rest);
        } catch (SocketException reset) {
            // closed with unread input on its side: the end all the same
        }
        return rest.toString(StandardCharsets.ISO_8859_1);
    }
}
