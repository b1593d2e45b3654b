package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.server.builtin.BroadcastEndpoint;
import dev.parley.server.builtin.ChatRoomEndpoint;
import dev.parley.server.builtin.EchoEndpoint;
import dev.parley.testkit.WebSocketRecorder;
import dev.parley.websocket.CloseCodes;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.websocket.WebSocketEndpoint;
import dev.parley.websocket.WebSocketListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JDK's own {@code java.net.http.WebSocket} client against a real Parley server. */
class JdkClientIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newHttpClient();
    private ParleyServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    private void start(WebSocketConfig config, WebSocketEndpoint... endpoints) throws InterruptedException {
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).webSocket(config).build());
        for (WebSocketEndpoint endpoint : endpoints) {
            server.addEndpoint(endpoint);
        }
        server.start();
    }

    private URI uri(String path) {
        return URI.create(server.url().replace("http://", "ws://") + path);
    }

    private Client connect(String path) throws Exception {
        Client client = new Client();
        client.socket = http.newWebSocketBuilder().buildAsync(uri(path), client).get(10, TimeUnit.SECONDS);
        return client;
    }

    @Test
    void echoesTextAndBinary() throws Exception {
        start(WebSocketConfig.defaults(), EchoEndpoint.create());
        Client client = connect(EchoEndpoint.PATH);
        client.socket.sendText("héllo, wörld ✓ 😀", true).join();
        assertThat(client.nextText()).isEqualTo("héllo, wörld ✓ 😀");
        byte[] bytes = new byte[70_000]; // a 64-bit length
        new Random(1).nextBytes(bytes);
        client.socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        assertThat(client.nextBinary()).isEqualTo(bytes);
        client.socket.sendText("", true).join();
        assertThat(client.nextText()).isEmpty();
    }

    @Test
    void reassemblesAFragmentedMessageSplitInsideCharacters() throws Exception {
        start(WebSocketConfig.defaults(), EchoEndpoint.create());
        Client client = connect(EchoEndpoint.PATH);
        String text = "Größe €uro 😀 ".repeat(10_000);
        // The JDK client sends each part as its own frame: continuation frames reach the server.
        int third = text.length() / 3;
        client.socket.sendText(text.substring(0, third), false).join();
        client.socket.sendText(text.substring(third, 2 * third), false).join();
        client.socket.sendText(text.substring(2 * third), true).join();
        assertThat(client.nextText()).isEqualTo(text);
    }

    @Test
    void answersPingWithPongOfTheSamePayload() throws Exception {
        start(WebSocketConfig.defaults(), EchoEndpoint.create());
        Client client = connect(EchoEndpoint.PATH);
        client.socket.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8))).join();
        assertThat(new String(client.pongs.poll(10, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                .isEqualTo("are you there");
    }

    @Test
    void closeHandshakeEchoesTheCode() throws Exception {
        start(WebSocketConfig.defaults(), EchoEndpoint.create());
        Client client = connect(EchoEndpoint.PATH);
        client.socket.sendClose(CloseCodes.NORMAL_CLOSURE, "bye").join();
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo(CloseCodes.NORMAL_CLOSURE);
        await().atMost(TIMEOUT).until(() -> client.socket.isInputClosed() && client.socket.isOutputClosed());
    }

    @Test
    void aMessageOverTheLimitIsClosedWith1009AndExactlyTheLimitPasses() throws Exception {
        start(WebSocketConfig.builder().maxMessageSize(1000).build(), EchoEndpoint.create());
        Client client = connect(EchoEndpoint.PATH);
        client.socket.sendText("x".repeat(1000), true).join();
        assertThat(client.nextText()).hasSize(1000);
        client.socket.sendText("x".repeat(1001), true).join();
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void endpointChoosesTheSubprotocol() throws Exception {
        start(WebSocketConfig.defaults(),
                WebSocketEndpoint.builder("/proto", new WebSocketListener() { }).subprotocols("v2.chat", "v1.chat").build());
        WebSocket socket = http.newWebSocketBuilder()
                .subprotocols("v1.chat", "v2.chat")
                .buildAsync(uri("/proto"), new Client()).get(10, TimeUnit.SECONDS);
        assertThat(socket.getSubprotocol()).isEqualTo("v1.chat");
    }

    @Test
    void foreignOriginIsRefusedWith403AndAllowedOriginConnects() throws Exception {
        start(WebSocketConfig.builder().allowedOrigins(java.util.List.of("https://app.example")).build(),
                EchoEndpoint.create());
        CompletableFuture<WebSocket> refused = http.newWebSocketBuilder()
                .header("Origin", "https://evil.example")
                .buildAsync(uri(EchoEndpoint.PATH), new Client());
        assertThatThrownBy(refused::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
        WebSocket allowed = http.newWebSocketBuilder()
                .header("Origin", "https://app.example")
                .buildAsync(uri(EchoEndpoint.PATH), new Client()).get(10, TimeUnit.SECONDS);
        assertThat(allowed.isInputClosed()).isFalse();
    }

    @Test
    void unknownPathIsA404NotAnUpgrade() throws Exception {
        start(WebSocketConfig.defaults(), EchoEndpoint.create());
        CompletableFuture<WebSocket> missing = http.newWebSocketBuilder().buildAsync(uri("/ws/nowhere"), new Client());
        assertThatThrownBy(missing::join).cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(404));
    }

    @Test
    void chatRoomBroadcastsToEveryClient() throws Exception {
        start(WebSocketConfig.defaults(), ChatRoomEndpoint.create());
        Client ada = connect(ChatRoomEndpoint.PATH);
        Client bob = connect(ChatRoomEndpoint.PATH);
        ada.socket.sendText("ada", true).join();
        assertThat(ada.nextText()).isEqualTo("* ada joined");
        assertThat(bob.nextText()).isEqualTo("* ada joined");
        bob.socket.sendText("bob", true).join();
        assertThat(ada.nextText()).isEqualTo("* bob joined");
        assertThat(bob.nextText()).isEqualTo("* bob joined");
        ada.socket.sendText("hi bob", true).join();
        assertThat(ada.nextText()).isEqualTo("ada: hi bob");
        assertThat(bob.nextText()).isEqualTo("ada: hi bob");
        ada.socket.sendClose(CloseCodes.NORMAL_CLOSURE, "").join();
        assertThat(bob.nextText()).isEqualTo("* ada left");
    }

    @Test
    void broadcastEndpointSendsEachMessageToEveryOtherClient() throws Exception {
        WebSocketEndpoint endpoint = BroadcastEndpoint.create();
        start(WebSocketConfig.defaults(), endpoint);
        Client publisher = connect(BroadcastEndpoint.PATH);
        Client ada = connect(BroadcastEndpoint.PATH);
        Client bob = connect(BroadcastEndpoint.PATH);
        await().atMost(TIMEOUT).until(() -> endpoint.sessionCount() == 3);
        publisher.socket.sendText("news ✓", true).join();
        assertThat(ada.nextText()).isEqualTo("news ✓");
        assertThat(bob.nextText()).isEqualTo("news ✓");
        ada.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
        assertThat(bob.nextBinary()).containsExactly(1, 2, 3);
        // The publisher's first message is ada's: its own text never came back to it.
        assertThat(publisher.nextBinary()).containsExactly(1, 2, 3);
        assertThat(publisher.messages).isEmpty();
        assertThat(ada.messages).isEmpty();
    }

    @Test
    void stoppingTheServerClosesSessionsWith1001() throws Exception {
        start(WebSocketConfig.defaults(), EchoEndpoint.create());
        Client client = connect(EchoEndpoint.PATH);
        server.stop();
        server = null;
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo(CloseCodes.GOING_AWAY);
    }

    /** Collects whole messages (the JDK client may deliver one in parts) and the close code. */
    private static final class Client extends WebSocketRecorder {
        WebSocket socket;
        final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            pongs.add(bytes);
            webSocket.request(1);
            return null;
        }

        String nextText() throws InterruptedException {
            Object message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a text message").isInstanceOf(String.class);
            return (String) message;
        }

        byte[] nextBinary() throws InterruptedException {
            Object message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a binary message").isInstanceOf(byte[].class);
            return (byte[]) message;
        }
    }
}
