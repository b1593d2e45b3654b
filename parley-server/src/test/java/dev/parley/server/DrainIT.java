package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.server.builtin.EchoEndpoint;
import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.WebSocketConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ParleyServer#drain} with raw WebSockets (the JDK client): each gets 1001, spread at the policy's
 * rate; the listener refuses once the readiness delay is over; a client that never answers its close does not
 * hold the drain past its hard limit. The Socket.IO side is {@code DrainProcessIT} in parley-app.
 */
class DrainIT {
    private static final int SESSIONS = 30;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private ParleyServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    private void start(Duration closeTimeout) throws InterruptedException {
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0)
                .webSocket(WebSocketConfig.builder().closeTimeout(closeTimeout).build()).build())
                .addEndpoint(EchoEndpoint.create())
                .start();
    }

    @Test
    void everyWebSocketGetsGoingAwaySpreadAtTheRateAndTheListenerClosesAfterTheDelay() throws Exception {
        start(Duration.ofSeconds(5));
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(server.url().replace("http://", "ws://") + EchoEndpoint.PATH);
        List<CompletableFuture<String>> closes = new ArrayList<>();
        List<long[]> closedAt = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            CompletableFuture<String> close = new CompletableFuture<>();
            long[] at = new long[1];
            closes.add(close);
            closedAt.add(at);
            http.newWebSocketBuilder().buildAsync(uri, new CloseRecorder(close, at)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        int port = server.port();

        // 30 connections at 20/s: about 1.5 s from the first close to the last.
        CompletionStage<Void> drained = server.drain(new DrainPolicy(Duration.ofMillis(200), 20, WAIT));
        assertThat(server.draining()).isTrue();
        drained.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        for (CompletableFuture<String> close : closes) {
            assertThat(close.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(CloseCodes.GOING_AWAY + " Server shutting down");
        }
        long first = closedAt.stream().mapToLong(a -> a[0]).min().orElseThrow();
        long last = closedAt.stream().mapToLong(a -> a[0]).max().orElseThrow();
        // All at once would be a few ms; the rate spreads them over ~1.45 s. Half of it is a safe lower bound.
        assertThat(Duration.ofNanos(last - first)).isGreaterThan(Duration.ofMillis(700));
        assertThat(server.stopped()).isTrue();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        server = null;
    }

    @Test
    void aClientThatNeverAnswersItsCloseDoesNotHoldTheDrainPastItsHardLimit() throws Exception {
        // The close timeout (60 s) would keep the session open far past the drain's hard limit (1 s).
        start(Duration.ofSeconds(60));
        try (Socket silent = upgrade(server.port())) {
            await().atMost(WAIT).until(() -> server.openConnections() == 1);
            long began = System.nanoTime();
            server.drain(new DrainPolicy(Duration.ZERO, 100, Duration.ofSeconds(1)))
                    .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(15));
            assertThat(server.stopped()).isTrue();
            assertThat(silent.getInputStream().readAllBytes()).isNotEmpty(); // its close frame, then EOF
        }
        server = null;
    }

    /** A WebSocket opened by hand that will never answer a close frame. */
    private static Socket upgrade(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        String key = Base64.getEncoder().encodeToString(new byte[16]);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + EchoEndpoint.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private record CloseRecorder(CompletableFuture<String> close, long[] at) implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            at[0] = System.nanoTime();
            close.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            close.completeExceptionally(error);
        }
    }
}
