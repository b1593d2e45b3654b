package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoListener;
import dev.parley.engineio.EngineIoServer;
import dev.parley.engineio.EngineIoSocket;
import dev.parley.engineio.internal.EngineCore;
import dev.parley.engineio.internal.EngineSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that sends faster than the application handles: the session stops reading once about
 * 2 x maxHttpBufferSize waits for the application, so the client is held back by TCP instead of the server
 * queueing without limit; once the handler catches up everything arrives, in order.
 */
class EngineIoBackpressureIT {
    private static final int MESSAGES = 400;
    private static final int SIZE = 64 * 1024;

    @Test
    void aBlockedHandlerHoldsTheClientBackAndLosesNothing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> received = new CopyOnWriteArrayList<>();
        // This client never answers pings: a heartbeat longer than the test keeps a slow (loaded) run from ending
        // the session by ping timeout before the last messages are handed over.
        EngineIoServer engine = new EngineIoServer(EngineIoConfig.builder().maxHttpBufferSize(100_000)
                .pingInterval(java.time.Duration.ofMinutes(10)).build(),
                new EngineIoListener() {
                    @Override
                    public void onMessage(EngineIoSocket socket, String text) {
                        try {
                            release.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        received.add(Integer.parseInt(text.substring(0, text.indexOf(':'))));
                    }
                });
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build())
                .addEngineIo(engine).start();
        try {
            CompletableFuture<String> opened = new CompletableFuture<>();
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                    URI.create(server.url().replace("http", "ws") + "/engine.io/?EIO=4&transport=websocket"),
                    new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            opened.complete(data.toString()); // the open packet: 0{"sid":...}
                            webSocket.request(1);
                            return null;
                        }
                    }).get(5, TimeUnit.SECONDS);
            String open = opened.get(5, TimeUnit.SECONDS);
            EngineSession session = ((EngineCore) engine.internal()).session(open.replaceAll("^0\\{\"sid\":\"([^\"]+)\".*", "$1"));
            String filler = "x".repeat(SIZE);
            List<CompletableFuture<WebSocket>> sends = new ArrayList<>();
            // The JDK client sends one message at a time: chain them, as an eager client would.
            CompletableFuture<WebSocket> previous = CompletableFuture.completedFuture(ws);
            for (int i = 0; i < MESSAGES; i++) {
                String message = "4" + i + ":" + filler;
                previous = previous.thenCompose(w -> w.sendText(message, true));
                sends.add(previous);
            }
            // While the handler is blocked, what waits for it on the server stays within the inbound limit plus
            // what the read in progress had already taken from the socket when reading paused (Netty drains the
            // socket's receive buffer in one read event), however fast the client sends; sampled for 2 s or
            // until the client is done. Without backpressure the 25 MB would pile up here.
            long bound = 2 * ((EngineCore) engine.internal()).inboundLimit();
            long most = 0;
            long sampleUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < sampleUntil && !previous.isDone()) {
                most = Math.max(most, session.queuedInboundBytes());
                TimeUnit.MILLISECONDS.sleep(5);
            }
            assertThat(most).as("bytes waiting for the blocked handler").isPositive().isLessThanOrEqualTo(bound);
            assertThat(previous).as("the client is held back").isNotDone();
            release.countDown();
            previous.get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.size() < MESSAGES && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                expected.add(i);
            }
            assertThat(received).containsExactlyElementsOf(expected);
        } finally {
            release.countDown();
            server.stop();
        }
    }
}
