package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.server.builtin.EchoEndpoint;
import dev.parley.testkit.WebSocketRecorder;
import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.WebSocketListener;
import dev.parley.websocket.WebSocketSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The documented timeouts and the inbound queue limit, against real clients: the JDK's WebSocket client and
 * raw sockets (for a peer that never answers). Lower bounds on time are asserted (a loaded machine only
 * makes them later), upper bounds only as generous time-outs.
 */
class ServerTimeoutsIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private ParleyServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    private void start(ServerConfig.Builder config, WebSocketEndpoint... endpoints) throws InterruptedException {
        server = new ParleyServer(config.host("127.0.0.1").port(0).build());
        for (WebSocketEndpoint endpoint : endpoints) {
            server.addEndpoint(endpoint);
        }
        server.start();
    }

    private WebSocket connect(String path, WebSocketRecorder recorder) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(server.url().replace("http://", "ws://") + path), recorder)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aWebSocketIdleForIdleTimeoutIsClosedWith1001() throws Exception {
        start(ServerConfig.builder().webSocket(WebSocketConfig.builder().idleTimeout(Duration.ofMillis(300)).build()),
                EchoEndpoint.create());
        WebSocketRecorder client = new WebSocketRecorder();
        long opened = System.nanoTime();
        connect(EchoEndpoint.PATH, client);
        assertThat(client.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(CloseCodes.GOING_AWAY);
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aBusyHandlerStopsTheSessionReadingPastTheInboundQueueLimit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        WebSocketEndpoint blocking = WebSocketEndpoint.builder("/blocking", new WebSocketListener() {
            @Override
            public void onText(WebSocketSession session, String text) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                handled.add(text);
            }
        }).build();
        start(ServerConfig.builder().webSocket(WebSocketConfig.builder().inboundQueueLimit(64 * 1024).build()), blocking);
        CompletableFuture<Void> pong = new CompletableFuture<>();
        WebSocketRecorder client = new WebSocketRecorder() {
            @Override
            public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
                pong.complete(null);
                webSocket.request(1);
                return null;
            }
        };
        WebSocket ws = connect("/blocking", client);
        // 512 KiB of messages, eight times the limit but far less than TCP buffers hold: every send
        // completes, and only the server's own reading decides whether the ping behind them is answered.
        String chunk = "m".repeat(16 * 1024 - 8);
        for (int i = 0; i < 32; i++) {
            ws.sendText(String.format("%08d", i) + chunk, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        ws.sendPing(ByteBuffer.wrap(new byte[] {1})).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // Proving a negative needs a window: a server that kept reading answers this ping within
        // milliseconds (about 1 s on a 2-core machine at a load of 15, so the window is 3 s).
        Thread.sleep(3000);
        assertThat(pong).as("ping answered while the handler held more than the limit").isNotDone();
        assertThat(handled).isEmpty();

        release.countDown();
        pong.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> handled.size() == 32);
        for (int i = 0; i < 32; i++) {
            assertThat(handled.get(i)).startsWith(String.format("%08d", i));
        }
    }

    @Test
    void stopWaitsShutdownGraceForAPeerThatNeverAnswersTheCloseThenDropsIt() throws Exception {
        start(ServerConfig.builder().shutdownGrace(Duration.ofMillis(800)), EchoEndpoint.create());
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(("GET " + EchoEndpoint.PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(readHeaders(in)).startsWith("HTTP/1.1 101");

            long stopping = System.nanoTime();
            ParleyServer stopped = server;
            server = null;
            stopped.stop(); // the raw peer reads the close frame below but never answers it
            Duration took = Duration.ofNanos(System.nanoTime() - stopping);

            assertThat(in.read()).isEqualTo(0x88); // FIN + close
            byte[] payload = in.readNBytes(in.read());
            assertThat(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)).isEqualTo(CloseCodes.GOING_AWAY);
            assertThat(in.read()).as("TCP closed after the grace").isEqualTo(-1);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterHttpIdleTimeout() throws Exception {
        start(ServerConfig.builder().httpIdleTimeout(Duration.ofMillis(300)));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            long sent = System.nanoTime();
            socket.getOutputStream().write("GET /missing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String headers = readHeaders(in);
            assertThat(headers).startsWith("HTTP/1.1 404");
            int length = Integer.parseInt(headers.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
            in.readNBytes(length);
            assertThat(in.read()).as("the server closes the idle connection").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
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
}
