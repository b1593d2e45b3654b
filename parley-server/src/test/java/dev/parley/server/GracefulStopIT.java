package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.builtin.EchoEndpoint;
import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.WebSocketConfig;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
 * {@link ParleyServer#stop()} with many WebSockets open at once: every client reads the 1001 close frame before
 * the connection ends (RFC 6455 §7.1.1: the server closes TCP, but only after its close frame), whether the
 * client answers the close (the JDK client) or never does (a raw socket, cut when the shutdown grace ends).
 * Load-independent: the outcome per connection is in the bytes it received, not in any timing.
 */
class GracefulStopIT {
    private static final int SESSIONS = 200;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private ParleyServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    private void start(Duration grace) throws InterruptedException {
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).shutdownGrace(grace)
                .webSocket(WebSocketConfig.defaults()).build())
                .addEndpoint(EchoEndpoint.create())
                .start();
    }

    @Test
    void everyJdkClientGetsGoingAwayAndAnswersItBeforeTheConnectionEnds() throws Exception {
        start(ServerConfig.DEFAULT_SHUTDOWN_GRACE);
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create(server.url().replace("http://", "ws://") + EchoEndpoint.PATH);
        List<CompletableFuture<String>> closes = new ArrayList<>();
        List<CompletableFuture<WebSocket>> opens = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            CompletableFuture<String> close = new CompletableFuture<>();
            closes.add(close);
            opens.add(http.newWebSocketBuilder().buildAsync(uri, new CloseRecorder(close)));
        }
        CompletableFuture.allOf(opens.toArray(CompletableFuture[]::new)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        server.stop();
        server = null;

        CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        for (CompletableFuture<String> close : closes) {
            assertThat(close.join()).isEqualTo(CloseCodes.GOING_AWAY + " Server shutting down");
        }
    }

    @Test
    void aClientThatNeverAnswersStillReadsTheCloseFrameBeforeTheGraceCutsItsConnection() throws Exception {
        // A grace shorter than the close timeout (5 s): stop() closes these connections itself, handshakes pending.
        start(Duration.ofMillis(500));
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < SESSIONS; i++) {
                sockets.add(upgrade(server.port()));
            }
            server.stop();
            server = null;
            for (Socket socket : sockets) {
                assertThat(readUntilEnd(socket)).isEqualTo(CloseCodes.GOING_AWAY + " Server shutting down, then EOF");
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /** A raw WebSocket handshake; returns once the 101 was read, so the session is open on the server. */
    private static Socket upgrade(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        String key = Base64.getEncoder().encodeToString(new byte[16]);
        socket.getOutputStream().write(("GET " + EchoEndpoint.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection ended in the handshake: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101 ");
        return socket;
    }

    /**
     * Reads what the server sent after the handshake: "code reason, then EOF" for a close frame followed by the
     * end of the connection, or a description of anything else (an EOF with no close frame is what a browser
     * reports as 1006).
     */
    private static String readUntilEnd(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int first = in.read();
        if (first < 0) {
            return "EOF before any close frame";
        }
        int length = in.readUnsignedByte(); // a server frame is unmasked; a close payload is under 126 bytes
        byte[] payload = in.readNBytes(length);
        if (first != 0x88 || payload.length < 2) {
            return "frame " + Integer.toHexString(first) + " of " + payload.length + " bytes";
        }
        int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        String reason = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        int after = in.read();
        return code + " " + reason + (after < 0 ? ", then EOF" : ", then byte " + after);
    }

    /** Completes with "code reason" on a close frame, exceptionally on an error (an EOF without one). */
    private record CloseRecorder(CompletableFuture<String> close) implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            close.complete(statusCode + " " + reason);
            return null; // the JDK client answers with its own close frame once this returns
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            close.completeExceptionally(error);
        }
    }
}
