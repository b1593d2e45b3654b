package dev.parley.app.echo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.CloseReason;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoObserver;
import dev.parley.metrics.ParleyMetrics;
import dev.parley.server.HandlerExecution;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.SocketIoObserver;
import dev.parley.socketio.SocketIoServer;
import dev.parley.testkit.WebSocketRecorder;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.WebSocketObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Socket.IO cases of the official v5 protocol test suite, in our own words, against the echo
 * application the suite expects (ping interval 300 ms, ping timeout 200 ms, connect timeout 1 s), spoken
 * in raw Engine.IO over the JDK's WebSocket client.
 */
class SocketIoProtocolIT {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static SocketIoServer io;
    private static ParleyServer server;
    /** The server's reason for ending each Engine.IO session, by sid: a close alone proves nothing. */
    private static final Map<String, CompletableFuture<CloseReason>> CLOSE_REASONS = new ConcurrentHashMap<>();

    private static CompletableFuture<CloseReason> closeReason(String sid) {
        return CLOSE_REASONS.computeIfAbsent(sid, k -> new CompletableFuture<>());
    }

    @BeforeAll
    static void start() throws Exception {
        startWith(HandlerExecution.AUTO);
    }

    /** Starts the echo application with its handlers where {@code execution} says. */
    static void startWith(HandlerExecution execution) throws Exception {
        startWith(execution, null);
    }

    /** Starts the echo application, every layer reporting to {@code metrics} (null: none). */
    static void startWith(HandlerExecution execution, ParleyMetrics metrics) throws Exception {
        io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").pingInterval(Duration.ofMillis(300))
                        .pingTimeout(Duration.ofMillis(200)).maxHttpBufferSize(1_000_000)
                        .observer(metrics == null ? EngineIoObserver.NONE : metrics.engineIoObserver("/socket.io/"))
                        .build())
                .connectTimeout(Duration.ofMillis(1000))
                .observer(metrics == null ? SocketIoObserver.NONE : metrics.socketIoObserver())
                .build());
        SocketIoEcho.mount(io);
        io.onConnectionClose((socket, reason) -> closeReason(socket.id()).complete(reason));
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).handlerExecution(execution)
                .webSocket(WebSocketConfig.builder()
                        .observer(metrics == null ? WebSocketObserver.NONE : metrics.webSocketObserver()).build())
                .build())
                .addEngineIo(io.engine()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        io.close();
    }

    /**
     * A raw WebSocket to the Socket.IO path that records text and binary messages. Like a real client it
     * answers every ping as soon as it arrives (recording it in {@link #pings}), whatever the test is doing,
     * so a busy test thread never turns into a ping timeout.
     */
    private static final class RawClient extends WebSocketRecorder {
        final BlockingQueue<String> pings = new LinkedBlockingQueue<>();
        WebSocket ws;
        String sid;
        private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);
        private boolean inMessage;

        static RawClient open() throws Exception {
            RawClient client = new RawClient();
            client.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(server.url().replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"), client)
                    .get(5, TimeUnit.SECONDS);
            String open = (String) client.next();
            assertThat(open).startsWith("0{\"sid\":");
            client.sid = open.substring("0{\"sid\":\"".length(), open.indexOf('"', "0{\"sid\":\"".length()));
            return client;
        }

        /** Opens, then connects to the main namespace and consumes the CONNECT answer and the "auth" event. */
        static RawClient connected() throws Exception {
            RawClient client = open();
            client.send("40");
            assertThat(client.next()).asString().startsWith("40{\"sid\":");
            assertThat(client.next()).isEqualTo("42[\"auth\",{}]");
            return client;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (!inMessage && last && "2".contentEquals(data)) {
                pings.add("2");
                enqueue(w -> w.sendText("3", true));
                webSocket.request(1);
                return null;
            }
            inMessage = !last;
            return super.onText(webSocket, data, last);
        }

        /** The JDK client allows one send at a time: the test's sends and the pongs take turns. */
        private synchronized CompletableFuture<?> enqueue(Function<WebSocket, CompletableFuture<WebSocket>> send) {
            sends = sends.handle((r, e) -> null).thenCompose(ignored -> send.apply(ws));
            return sends;
        }

        void send(String packet) throws Exception {
            enqueue(w -> w.sendText(packet, true)).get(5, TimeUnit.SECONDS);
        }

        void send(byte... data) throws Exception {
            enqueue(w -> w.sendBinary(ByteBuffer.wrap(data), true)).get(5, TimeUnit.SECONDS);
        }

        /** The next message (pings are answered and kept apart). */
        Object next() throws Exception {
            Object message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message).as("a message within " + WAIT).isNotNull();
            return message;
        }

        /**
         * Waits for the connection to close, then checks why the server ended the session: with pings
         * answered, a heartbeat cannot be the cause. A Socket.IO parse error is a "forced close", as in Node
         * (its client calls {@code conn.close()}).
         */
        void assertClosedBy(CloseReason expected) throws Exception {
            closed.handle((code, error) -> null).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(closeReason(sid).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(expected);
        }
    }

    @Test
    void connectsToTheMainNamespaceAndGetsTheAuthEvent() throws Exception {
        RawClient.connected();
    }

    @Test
    void connectsToTheMainNamespaceWithAnAuthPayload() throws Exception {
        RawClient client = RawClient.open();
        client.send("40{\"token\":\"123\"}");
        assertThat(client.next()).asString().matches("40\\{\"sid\":\"[^\"]+\"}");
        assertThat(client.next()).isEqualTo("42[\"auth\",{\"token\":\"123\"}]");
    }

    @Test
    void connectsToACustomNamespaceWithAndWithoutPayload() throws Exception {
        RawClient client = RawClient.open();
        client.send("40/custom,");
        assertThat(client.next()).asString().matches("40/custom,\\{\"sid\":\"[^\"]+\"}");
        assertThat(client.next()).isEqualTo("42/custom,[\"auth\",{}]");

        RawClient withAuth = RawClient.open();
        withAuth.send("40/custom,{\"token\":\"abc\"}");
        assertThat(withAuth.next()).asString().startsWith("40/custom,{\"sid\":");
        assertThat(withAuth.next()).isEqualTo("42/custom,[\"auth\",{\"token\":\"abc\"}]");
    }

    @Test
    void refusesAnUnknownNamespace() throws Exception {
        RawClient client = RawClient.open();
        client.send("40/random");
        assertThat(client.next()).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
    }

    @Test
    void closesTheConnectionOnAnInvalidHandshake() throws Exception {
        RawClient client = RawClient.open();
        long opened = System.nanoTime();
        client.send("4abc");
        client.assertClosedBy(CloseReason.FORCED_CLOSE);
        // The connect timeout (1 s after the open) is the only other forced close here; it had not come yet.
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).isLessThan(Duration.ofMillis(1000));
    }

    @Test
    void closesTheConnectionWhenNoNamespaceIsJoined() throws Exception {
        RawClient client = RawClient.open();
        // Pings are answered; the connect timeout (1 s) closes the connection from the server's side.
        client.assertClosedBy(CloseReason.FORCED_CLOSE);
    }

    @Test
    void disconnectingFromTheMainNamespaceKeepsTheConnection() throws Exception {
        RawClient client = RawClient.connected();
        client.pings.clear();
        client.send("41");
        // The Engine.IO connection lives on: two more heartbeats come and nothing else.
        assertThat(client.pings.poll(5, TimeUnit.SECONDS)).isEqualTo("2");
        assertThat(client.pings.poll(5, TimeUnit.SECONDS)).isEqualTo("2");
        assertThat(client.closed).isNotDone();
        assertThat(client.messages).isEmpty();
    }

    @Test
    void leavingACustomNamespaceLeavesTheMainOneWorking() throws Exception {
        RawClient client = RawClient.connected();
        client.send("40/custom");
        assertThat(client.next()).asString().startsWith("40/custom,");
        assertThat(client.next()).isEqualTo("42/custom,[\"auth\",{}]");
        client.send("41/custom");
        client.send("42[\"message\",\"message to main namespace\"]");
        assertThat(client.next()).isEqualTo("42[\"message-back\",\"message to main namespace\"]");
    }

    @Test
    void echoesAPlainTextEvent() throws Exception {
        RawClient client = RawClient.connected();
        client.send("42[\"message\",1,\"2\",{\"3\":[true]}]");
        assertThat(client.next()).isEqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
    }

    @Test
    void echoesAnEventWithBinaryAttachments() throws Exception {
        RawClient client = RawClient.connected();
        client.send("452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        client.send((byte) 1, (byte) 2, (byte) 3);
        client.send((byte) 4, (byte) 5, (byte) 6);
        assertThat(client.next()).isEqualTo(
                "452-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertThat((byte[]) client.next()).containsExactly(1, 2, 3);
        assertThat((byte[]) client.next()).containsExactly(4, 5, 6);
    }

    @Test
    void acknowledgesAnEvent() throws Exception {
        RawClient client = RawClient.connected();
        client.send("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        assertThat(client.next()).isEqualTo("43456[1,\"2\",{\"3\":[false]}]");
    }

    @Test
    void acknowledgesAnEventWithBinaryAttachments() throws Exception {
        RawClient client = RawClient.connected();
        client.send("452-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        client.send((byte) 1, (byte) 2, (byte) 3);
        client.send((byte) 4, (byte) 5, (byte) 6);
        assertThat(client.next()).isEqualTo("462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertThat((byte[]) client.next()).containsExactly(1, 2, 3);
        assertThat((byte[]) client.next()).containsExactly(4, 5, 6);
    }

    @Test
    void broadcastsToTheSocketsThatJoinedTheRoom() throws Exception {
        RawClient ada = RawClient.connected();
        RawClient bob = RawClient.connected();
        RawClient publisher = RawClient.connected();
        ada.send("420[\"join\",\"bench\"]");
        bob.send("427[\"join\",\"bench\"]");
        assertThat(ada.next()).isEqualTo("430[true]");
        assertThat(bob.next()).isEqualTo("437[true]");
        publisher.send("42[\"broadcast\",\"bench\",\"0123456789abcdef\"]");
        assertThat(ada.next()).isEqualTo("42[\"news\",\"0123456789abcdef\"]");
        assertThat(bob.next()).isEqualTo("42[\"news\",\"0123456789abcdef\"]");
        // Not in the room, the publisher got none: the next thing it sees is its own echo.
        publisher.send("42[\"message\",1]");
        assertThat(publisher.next()).isEqualTo("42[\"message-back\",1]");
    }

    @Test
    void closesTheConnectionOnAnUnknownPacketType() throws Exception {
        RawClient client = RawClient.connected();
        client.send("4abc");
        client.assertClosedBy(CloseReason.FORCED_CLOSE);
    }

    @Test
    void closesTheConnectionOnAPayloadOfTheWrongShape() throws Exception {
        RawClient client = RawClient.connected();
        client.send("42{}");
        client.assertClosedBy(CloseReason.FORCED_CLOSE);
    }

    @Test
    void closesTheConnectionOnAnInvalidAckId() throws Exception {
        RawClient client = RawClient.connected();
        client.send("42abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        client.assertClosedBy(CloseReason.FORCED_CLOSE);
    }
}
