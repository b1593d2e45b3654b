package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.CloseReason;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoListener;
import dev.parley.engineio.EngineIoServer;
import dev.parley.engineio.EngineIoSocket;
import io.netty.util.concurrent.EventExecutor;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP long-polling bounds and outcomes, with the JDK HttpClient and raw sockets: the queue of a client that
 * does not poll is bounded (in bytes, on live heap after GC), a poll carries at most maxHttpBufferSize,
 * a POST is answered after its packets were handled, and a cancelled poll read late still ends the session.
 */
class EngineIoPollingIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String SEPARATOR = "\u001e";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private ParleyServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aClientThatPostsButNeverPollsIsClosedAndItsRepliesDoNotStayOnTheHeap() throws Exception {
        start(EngineIoConfig.builder(), new Echo(false));
        String sid = open();
        long before = liveHeap();
        String message = "4" + "a".repeat(999_000);
        int accepted = 0;
        // 48 MB of echoes for a client that never polls: the reported case grew the heap by 490 MB in 15 s.
        for (int i = 0; i < 48; i++) {
            HttpResponse<String> response = post(sid, message);
            if (response.statusCode() != 200) {
                break;
            }
            accepted++;
        }
        long grown = liveHeap() - before;
        // The default bound is 4 MiB: the session ends at its fifth echo or so, and nothing of it stays.
        assertThat(grown).as("live heap growth in bytes").isLessThan(12L << 20);
        assertThat(accepted).isLessThan(10);
        assertThat(closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(get(sid).statusCode()).isEqualTo(400);
    }

    @Test
    void theQueueBoundIsConfigurableAndCountsBytesAsAPollCarriesThem() throws Exception {
        start(EngineIoConfig.builder().maxBufferedAmount(3_000), new Echo(false));
        String sid = open();
        // Each echo takes 1 + 1,000 bytes in a poll: two (2,002) fit under 3,000, a third (3,003) does not.
        assertThat(post(sid, "4" + "x".repeat(1_000)).statusCode()).isEqualTo(200);
        assertThat(post(sid, "4" + "x".repeat(1_000)).statusCode()).isEqualTo(200);
        assertThat(closed).isNotDone();
        post(sid, "4" + "é".repeat(500)); // 1,000 bytes in UTF-8: 3,003 queued
        assertThat(closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void aPollCarriesAtMostMaxHttpBufferSizeAndTheRestWaitsForTheNextPoll() throws Exception {
        int max = 100_000;
        start(EngineIoConfig.builder().maxHttpBufferSize(max), new Echo(false));
        String sid = open();
        String message = "y".repeat(60_000);
        for (int i = 0; i < 3; i++) {
            assertThat(post(sid, "4" + message).statusCode()).isEqualTo(200);
        }
        int echoes = 0;
        while (echoes < 3) {
            HttpResponse<String> poll = get(sid);
            assertThat(poll.statusCode()).isEqualTo(200);
            assertThat(poll.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(max);
            for (String packet : poll.body().split(SEPARATOR)) {
                if (packet.equals("2")) {
                    post(sid, "3");
                } else {
                    assertThat(packet).isEqualTo("4" + message);
                    echoes++;
                }
            }
        }
    }

    @Test
    void aPostIsAnsweredOnlyOnceItsPacketsWereHandledSoTheNextPollCarriesEveryEcho() throws Exception {
        // A handler slower than a round trip: the binary echo comes well after the text one.
        start(EngineIoConfig.builder().pingInterval(Duration.ofSeconds(25)), new Echo(true));
        String sid = open();
        assertThat(post(sid, "4hello" + SEPARATOR + "bAQIDBA==").body()).isEqualTo("ok");
        HttpResponse<String> poll = get(sid);
        assertThat(poll.body()).isEqualTo("4hello" + SEPARATOR + "bAQIDBA==");
    }

    @Test
    void aCancelledPollReadOnlyAfterTheNextPollStillEndsTheSessionAndTheNextPollGets400() throws Exception {
        start(EngineIoConfig.builder().pingInterval(Duration.ofSeconds(25)), new Echo(false));
        String sid = open();
        // The second poll is held first, as when the first one's event loop was busy.
        CompletableFuture<HttpResponse<String>> second = HTTP.sendAsync(request(sid).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        EngineIoSocket session = engine.sockets().iterator().next();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(2)).until(session::writable);
        // The first poll, which the client had sent and then cancelled, is read only now: request and close
        // together. The event loops are held while the client writes and closes, so that both are in the server's
        // socket when it first reads; otherwise, on a loaded machine, this thread may lose the CPU between write
        // and close, and the server would rightly judge a poll still open: an overlap (the held poll gets "1").
        try (HeldLoops held = HeldLoops.hold(server.eventLoops())) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(("GET /engine.io/?EIO=4&transport=polling&sid=" + sid
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        assertThat(second.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(400);
        assertThat(closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void aSecondPollStillOpenIsAnOverlapThatGets400WhileTheHeldPollGetsTheClosePacket() throws Exception {
        // The counterpart of the test above, built the same way but with the late poll's connection left open:
        // the held poll's 400 there comes from the cancellation, not from the overlap itself.
        start(EngineIoConfig.builder().pingInterval(Duration.ofSeconds(25)), new Echo(false));
        String sid = open();
        CompletableFuture<HttpResponse<String>> held = HTTP.sendAsync(request(sid).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        EngineIoSocket session = engine.sockets().iterator().next();
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(2)).until(session::writable);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            try (HeldLoops loops = HeldLoops.hold(server.eventLoops())) {
                socket.getOutputStream().write(("GET /engine.io/?EIO=4&transport=polling&sid=" + sid
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(statusLine).isEqualTo("HTTP/1.1 400");
            HttpResponse<String> first = held.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("1");
        }
        assertThat(closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    // ---- helpers ----

    private EngineIoServer engine;

    private void start(EngineIoConfig.Builder config, EngineIoListener listener) throws Exception {
        engine = new EngineIoServer(config.build(), new EngineIoListener() {
            @Override
            public void onMessage(EngineIoSocket socket, String text) {
                listener.onMessage(socket, text);
            }

            @Override
            public void onBinary(EngineIoSocket socket, byte[] data) {
                listener.onBinary(socket, data);
            }

            @Override
            public void onClose(EngineIoSocket socket, CloseReason reason) {
                closed.complete(reason);
            }
        });
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()).addEngineIo(engine).start();
    }

    private String open() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create(server.url() + "/engine.io/?EIO=4&transport=polling")).GET());
        Matcher sid = Pattern.compile("\"sid\":\"([^\"]+)\"").matcher(response.body());
        assertThat(sid.find()).isTrue();
        return sid.group(1);
    }

    private HttpRequest.Builder request(String sid) {
        return HttpRequest.newBuilder(URI.create(server.url() + "/engine.io/?EIO=4&transport=polling&sid=" + sid))
                .timeout(TIMEOUT);
    }

    private HttpResponse<String> get(String sid) throws Exception {
        return send(request(sid).GET());
    }

    private HttpResponse<String> post(String sid, String payload) throws Exception {
        return send(request(sid).header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(payload)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every event loop of a server blocked in a task of its own until {@link #close()}: they read nothing meanwhile. */
    private static final class HeldLoops implements AutoCloseable {
        private final CountDownLatch release = new CountDownLatch(1);

        static HeldLoops hold(Iterable<EventExecutor> loops) throws InterruptedException {
            HeldLoops held = new HeldLoops();
            List<EventExecutor> all = new ArrayList<>();
            loops.forEach(all::add);
            CountDownLatch holding = new CountDownLatch(all.size());
            for (EventExecutor loop : all) {
                loop.execute(() -> {
                    holding.countDown();
                    try {
                        held.release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // the loop is shutting down: let it
                    }
                });
            }
            if (!holding.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                held.close();
                throw new IllegalStateException("the event loops did not take the holding task");
            }
            return held;
        }

        @Override
        public void close() {
            release.countDown();
        }
    }

    /** Used heap after collections, until two readings agree within 1 MB. */
    private static long liveHeap() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < (1 << 20)) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    /** Echoes text as text and binary as binary; a slow one takes 200 ms over each binary message. */
    private record Echo(boolean slow) implements EngineIoListener {
        @Override
        public void onMessage(EngineIoSocket socket, String text) {
            socket.send(text);
        }

        @Override
        public void onBinary(EngineIoSocket socket, byte[] data) {
            if (slow) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // application work, not a test wait
            }
            socket.send(data);
        }
    }
}
