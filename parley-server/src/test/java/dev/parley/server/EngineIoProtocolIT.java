package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.CloseReason;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoListener;
import dev.parley.engineio.EngineIoServer;
import dev.parley.engineio.EngineIoSocket;
import java.net.Socket;
import dev.parley.testkit.WebSocketRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official Engine.IO v4 protocol test suite (socketio/engine.io-protocol, {@code v4-test-suite}), one
 * method per case, against a real Parley server configured as the suite requires: path {@code /engine.io/},
 * pingInterval 300 ms, pingTimeout 200 ms, maxPayload 1,000,000, and an application that echoes every message.
 *
 * <p>The wire is checked as the suite checks it, black box. The server's public API is used for two things
 * the wire cannot show: to wait until a poll is really held before the next request races it (the suite
 * sleeps 5 ms), and to read why a session closed, so that a session that merely ran out of heartbeats cannot
 * pass for one closed by the case under test.
 */
class EngineIoProtocolIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long PING_INTERVAL_MS = 300;
    private static final long PING_TIMEOUT_MS = 200;
    private static final int MAX_PAYLOAD = 1_000_000;
    private static final String PATH = "/engine.io/";
    private static final String SEPARATOR = "\u001e"; // record separator between packets of a polling payload

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final EchoRecorder APP = new EchoRecorder();
    private static EngineIoServer engine;
    private static ParleyServer server;
    private final List<WsClient> webSockets = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        EngineIoConfig config = EngineIoConfig.builder().path(PATH)
                .pingInterval(Duration.ofMillis(PING_INTERVAL_MS)).pingTimeout(Duration.ofMillis(PING_TIMEOUT_MS))
                .maxHttpBufferSize(MAX_PAYLOAD).build();
        engine = new EngineIoServer(config, APP);
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build())
                .addEngineIo(engine)
                .start();
        warmUp();
    }

    /**
     * The first HTTP, WebSocket and Awaitility calls of a JVM load a few hundred classes; paying for that here
     * keeps every case well inside one pingInterval, as the suite assumes. Being that slow, these calls may
     * themselves miss a heartbeat, so nothing they answer is checked.
     */
    private static void warmUp() throws Exception {
        String sid = openPollingSession();
        CompletableFuture<HttpResponse<String>> poll = getAsync(polling(sid));
        post(sid, "1");
        poll.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        promptly().until(() -> serverSide(sid).isEmpty());
        WsClient webSocket = WsClient.connect(wsUri("EIO=4&transport=websocket"));
        webSocket.next();
        webSocket.socket.abort();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    @AfterEach
    void abortWebSockets() {
        webSockets.forEach(client -> client.socket.abort());
    }

    // ---- handshake, HTTP long-polling ----

    @Test
    void handshakeOverPollingOpensASession() throws Exception {
        HttpResponse<String> response = get("EIO=4&transport=polling");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("0");
        Map<String, Object> open = parseFlatJson(response.body().substring(1));
        assertThat(open).containsOnlyKeys("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
        assertThat(open.get("sid")).isInstanceOf(String.class);
        assertThat(open).containsEntry("upgrades", List.of("websocket"))
                .containsEntry("pingInterval", PING_INTERVAL_MS)
                .containsEntry("pingTimeout", PING_TIMEOUT_MS)
                .containsEntry("maxPayload", (long) MAX_PAYLOAD);
    }

    @Test
    void handshakeOverPollingRefusesAMissingOrInvalidEio() throws Exception {
        assertThat(get("transport=polling").statusCode()).isEqualTo(400);
        assertThat(get("EIO=abc&transport=polling").statusCode()).isEqualTo(400);
    }

    @Test
    void handshakeOverPollingRefusesAMissingOrUnknownTransport() throws Exception {
        assertThat(get("EIO=4").statusCode()).isEqualTo(400);
        assertThat(get("EIO=4&transport=abc").statusCode()).isEqualTo(400);
    }

    @Test
    void handshakeOverPollingRefusesMethodsOtherThanGet() throws Exception {
        assertThat(send(request("EIO=4&transport=polling").POST(HttpRequest.BodyPublishers.noBody())).statusCode())
                .isEqualTo(400);
        assertThat(send(request("EIO=4&transport=polling").PUT(HttpRequest.BodyPublishers.noBody())).statusCode())
                .isEqualTo(400);
    }

    // ---- handshake, WebSocket ----

    @Test
    void handshakeOverWebSocketOpensASession() throws Exception {
        WsClient client = connect("EIO=4&transport=websocket");
        String handshake = client.nextText();
        assertThat(handshake).startsWith("0");
        Map<String, Object> open = parseFlatJson(handshake.substring(1));
        assertThat(open).containsOnlyKeys("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
        assertThat(open.get("sid")).isInstanceOf(String.class);
        // Already on the best transport: nothing to upgrade to.
        assertThat(open).containsEntry("upgrades", List.of())
                .containsEntry("pingInterval", PING_INTERVAL_MS)
                .containsEntry("pingTimeout", PING_TIMEOUT_MS)
                .containsEntry("maxPayload", (long) MAX_PAYLOAD);
    }

    @Test
    void handshakeOverWebSocketRefusesAMissingOrInvalidEio() {
        assertWebSocketRefusedWith400("transport=websocket");
        assertWebSocketRefusedWith400("EIO=abc&transport=websocket");
    }

    @Test
    void handshakeOverWebSocketRefusesAMissingOrUnknownTransport() {
        assertWebSocketRefusedWith400("EIO=4");
        assertWebSocketRefusedWith400("EIO=4&transport=abc");
    }

    // ---- messages, HTTP long-polling ----

    @Test
    void pollingEchoesAPayloadOfOneTextPacket() throws Exception {
        String sid = openPollingSession();
        assertPostAccepted(sid, "4hello");
        // As the suite does: the poll follows the POST's answer at once, with no wait for the application.
        assertThat(pollPackets(sid)).containsExactly("4hello");
        assertThat(APP.received(sid)).containsExactly("hello");
    }

    @Test
    void pollingEchoesAPayloadOfSeveralTextPackets() throws Exception {
        String sid = openPollingSession();
        assertPostAccepted(sid, "4test1" + SEPARATOR + "4test2" + SEPARATOR + "4test3");
        // The POST is answered once all three were handled, so one poll must carry every echo, in order.
        assertThat(pollPackets(sid)).containsExactly("4test1", "4test2", "4test3");
    }

    @Test
    void pollingEchoesAPayloadOfTextAndBinaryPackets() throws Exception {
        String sid = openPollingSession();
        // A binary packet travels as 'b' and the base64 of its bytes: here 01 02 03 04.
        assertPostAccepted(sid, "4hello" + SEPARATOR + "bAQIDBA==");
        assertThat(pollPackets(sid)).containsExactly("4hello", "bAQIDBA==");
        assertThat(APP.received(sid)).containsExactly("hello", ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
    }

    @Test
    void pollingClosesTheSessionOnAnInvalidPacket() throws Exception {
        String sid = openPollingSession();
        assertThat(post(sid, "abc").statusCode()).isEqualTo(400);
        assertThat(get(polling(sid)).statusCode()).isEqualTo(400);
        assertThat(closeReason(sid)).isEqualTo(CloseReason.PARSE_ERROR);
    }

    @Test
    void pollingClosesTheSessionOnADuplicatePoll() throws Exception {
        String sid = openPollingSession();
        CompletableFuture<HttpResponse<String>> first = getAsync(polling(sid));
        awaitPollHeld(sid);
        CompletableFuture<HttpResponse<String>> second = getAsync(polling(sid) + "&t=burst");
        HttpResponse<String> firstResponse = first.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(firstResponse.statusCode()).isEqualTo(200);
        assertThat(firstResponse.body()).as("a close packet ends the held poll").isEqualTo("1");
        // The reference server answers 500 here; the suite accepts 400 too, the better fit, which Parley sends.
        assertThat(second.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(400);
        assertThat(get(polling(sid)).statusCode()).isEqualTo(400);
        assertThat(closeReason(sid)).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void pollingClosesTheSessionWhenAPollIsCancelled() throws Exception {
        String sid = openPollingSession();
        // A raw socket, because closing it is the one sure way to abort a request mid-way.
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("GET " + PATH + "?" + polling(sid) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            awaitPollHeld(sid);
        }
        // The reason tells the cancelled poll apart from a ping timeout, which would also end the session.
        assertThat(closeReason(sid)).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(get(polling(sid)).statusCode()).isEqualTo(400);
    }

    // ---- messages, WebSocket ----

    @Test
    void webSocketEchoesATextPacket() throws Exception {
        WsClient client = openWebSocketSession();
        client.send("4hello");
        assertThat(client.nextAnsweringPings()).isEqualTo("4hello");
    }

    @Test
    void webSocketEchoesABinaryPacket() throws Exception {
        WsClient client = openWebSocketSession();
        // Over WebSocket a binary packet is a binary frame of the raw bytes, with no type prefix.
        client.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}), true).join();
        assertThat(client.nextAnsweringPings()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
    }

    @Test
    void webSocketClosesTheSessionOnAnInvalidPacket() throws Exception {
        WsClient client = openWebSocketSession();
        client.send("abc");
        client.awaitClosedByServer();
        assertThat(closeReason(client.sid)).isEqualTo(CloseReason.PARSE_ERROR);
    }

    // ---- heartbeat ----

    @Test
    void heartbeatOverPollingExchangesPingsAndPongs() throws Exception {
        String sid = openPollingSession();
        // Three rounds outlast pingInterval + pingTimeout: the session lives only if each pong is counted.
        for (int round = 0; round < 3; round++) {
            HttpResponse<String> poll = get(polling(sid));
            assertThat(poll.statusCode()).as("poll %d", round).isEqualTo(200);
            assertThat(poll.body()).as("poll %d", round).isEqualTo("2");
            assertThat(post(sid, "3").statusCode()).as("pong %d", round).isEqualTo(200);
        }
    }

    @Test
    void heartbeatOverPollingClosesTheSessionOnPingTimeout() throws Exception {
        long opened = System.nanoTime();
        String sid = openPollingSession();
        // Unanswered (no poll takes the ping), the session ends by itself with a ping timeout, and not
        // before pingInterval + pingTimeout; then the sid is unknown. Waiting for the server's own verdict
        // instead of sleeping to the deadline keeps a late timer on a loaded machine from failing the case.
        assertThat(closeReason(sid)).isEqualTo(CloseReason.PING_TIMEOUT);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened))
                .isGreaterThanOrEqualTo(PING_INTERVAL_MS + PING_TIMEOUT_MS);
        assertThat(get(polling(sid)).statusCode()).isEqualTo(400);
    }

    @Test
    void heartbeatOverWebSocketExchangesPingsAndPongs() throws Exception {
        WsClient client = openWebSocketSession();
        for (int round = 0; round < 3; round++) {
            assertThat(client.nextText()).as("ping %d", round).isEqualTo("2");
            client.send("3");
        }
        assertThat(client.closed).as("the session is still open").isNotDone();
    }

    @Test
    void heartbeatOverWebSocketClosesTheSessionOnPingTimeout() throws Exception {
        long start = System.nanoTime();
        WsClient client = openWebSocketSession();
        assertThat(client.nextText()).isEqualTo("2");
        client.awaitClosedByServer();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // The server's clock started after ours, so this lower bound holds however slow the machine.
        assertThat(elapsedMillis).as("not before the pong was due").isGreaterThanOrEqualTo(PING_INTERVAL_MS + PING_TIMEOUT_MS);
        assertThat(closeReason(client.sid)).isEqualTo(CloseReason.PING_TIMEOUT);
    }

    // ---- close ----

    @Test
    void closePacketOverPollingEndsTheSessionAndReleasesTheHeldPoll() throws Exception {
        String sid = openPollingSession();
        CompletableFuture<HttpResponse<String>> held = getAsync(polling(sid));
        awaitPollHeld(sid);
        assertThat(post(sid, "1").statusCode()).isEqualTo(200);
        HttpResponse<String> released = held.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(released.statusCode()).isEqualTo(200);
        assertThat(released.body()).as("a noop packet ends the held poll").isEqualTo("6");
        assertThat(get(polling(sid)).statusCode()).isEqualTo(400);
        assertThat(closeReason(sid)).isEqualTo(CloseReason.TRANSPORT_CLOSE);
    }

    @Test
    void closePacketOverWebSocketEndsTheSession() throws Exception {
        WsClient client = openWebSocketSession();
        client.send("1");
        client.awaitClosedByServer();
        assertThat(closeReason(client.sid)).isEqualTo(CloseReason.TRANSPORT_CLOSE);
    }

    // ---- upgrade ----

    @Test
    void upgradesFromPollingToWebSocket() throws Exception {
        String sid = openPollingSession();
        WsClient probe = connect("EIO=4&transport=websocket&sid=" + sid);
        probe.send("2probe");
        assertThat(probe.nextText()).isEqualTo("3probe");
        // Once the probe answered, a poll is ended at once with a noop so the client can pause polling.
        assertThat(pollPackets(sid)).containsExactly("6");
        probe.send("5");
        probe.send("4hello");
        assertThat(probe.nextAnsweringPings()).isEqualTo("4hello");
    }

    @Test
    void afterTheUpgradeAPollWithTheSidIsRefused() throws Exception {
        String sid = openPollingSession();
        WsClient webSocket = upgrade(sid);
        assertThat(get(polling(sid)).statusCode()).isEqualTo(400);
        webSocket.send("4hello");
        assertThat(webSocket.nextAnsweringPings()).isEqualTo("4hello");
    }

    @Test
    void afterTheUpgradeASecondWebSocketWithTheSidIsClosed() throws Exception {
        String sid = openPollingSession();
        WsClient webSocket = upgrade(sid);
        WsClient intruder = connect("EIO=4&transport=websocket&sid=" + sid);
        intruder.awaitClosedByServer();
        webSocket.send("4hello");
        assertThat(webSocket.nextAnsweringPings()).isEqualTo("4hello");
        assertThat(APP.closeReasonFuture(sid)).as("the session outlives the intruder").isNotDone();
    }

    // ---- the client side ----

    private static String polling(String sid) {
        return "EIO=4&transport=polling&sid=" + sid;
    }

    private static HttpRequest.Builder request(String query) {
        return HttpRequest.newBuilder(URI.create(server.url() + PATH + "?" + query)).timeout(TIMEOUT);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String query) throws Exception {
        return send(request(query).GET());
    }

    /** A request that may be held while the test sends others on their own connections. */
    private static CompletableFuture<HttpResponse<String>> getAsync(String query) {
        return HTTP.sendAsync(request(query).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String sid, String payload) throws Exception {
        return send(request(polling(sid)).header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(payload)));
    }

    private static void assertPostAccepted(String sid, String payload) throws Exception {
        HttpResponse<String> response = post(sid, payload);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
    }

    private static String openPollingSession() throws Exception {
        HttpResponse<String> response = get("EIO=4&transport=polling");
        assertThat(response.statusCode()).isEqualTo(200);
        return (String) parseFlatJson(response.body().substring(1)).get("sid");
    }

    /**
     * The packets of the next poll that carries more than heartbeats. The server may ping whenever a
     * pingInterval has passed, so a ping may precede or join what a case waits for; it is answered, as a
     * client must, and left out. Heartbeats themselves are checked by the heartbeat cases, strictly.
     */
    private static List<String> pollPackets(String sid) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            HttpResponse<String> poll = get(polling(sid));
            assertThat(poll.statusCode()).as("poll status").isEqualTo(200);
            List<String> packets = new ArrayList<>(Arrays.asList(poll.body().split(SEPARATOR, -1)));
            if (packets.removeIf("2"::equals)) {
                assertThat(post(sid, "3").statusCode()).as("pong status").isEqualTo(200);
            }
            if (!packets.isEmpty()) {
                return packets;
            }
        }
        return fail("five polls in a row carried only pings");
    }

    private WsClient connect(String query) throws Exception {
        WsClient client = WsClient.connect(wsUri(query));
        webSockets.add(client);
        return client;
    }

    private static URI wsUri(String query) {
        return URI.create(server.url().replace("http://", "ws://") + PATH + "?" + query);
    }

    /** Opens a session over WebSocket and reads its sid from the open packet. */
    private WsClient openWebSocketSession() throws Exception {
        WsClient client = connect("EIO=4&transport=websocket");
        String handshake = client.nextText();
        assertThat(handshake).startsWith("0");
        client.sid = (String) parseFlatJson(handshake.substring(1)).get("sid");
        return client;
    }

    /** Probes and completes the upgrade of a polling session, then waits until the server switched over. */
    private WsClient upgrade(String sid) throws Exception {
        WsClient client = connect("EIO=4&transport=websocket&sid=" + sid);
        client.send("2probe");
        assertThat(client.nextText()).isEqualTo("3probe");
        client.send("5");
        // Nothing on the wire acknowledges "5", and a request on another connection could overtake it.
        promptly().until(() -> serverSide(sid).map(s -> "websocket".equals(s.transport())).orElse(false));
        client.sid = sid;
        return client;
    }

    private static void assertWebSocketRefusedWith400(String query) {
        CompletableFuture<WebSocket> attempt = HTTP.newWebSocketBuilder().buildAsync(wsUri(query), new WsClient());
        assertThatThrownBy(attempt::join).as(query).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(400));
    }

    // ---- the server side, for synchronisation and close reasons only ----

    private static Optional<EngineIoSocket> serverSide(String sid) {
        return engine.sockets().stream().filter(s -> s.id().equals(sid)).findFirst();
    }

    /**
     * Awaitility checking every few milliseconds from the start: its default first look comes after 100 ms,
     * a third of the pingInterval every case must fit in.
     */
    private static ConditionFactory promptly() {
        return await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
    }

    /** Waits until the server holds a poll of this session with nothing to send. */
    private static void awaitPollHeld(String sid) {
        promptly().until(() -> serverSide(sid).map(EngineIoSocket::writable).orElse(false));
    }

    private static CloseReason closeReason(String sid) throws Exception {
        try {
            return APP.closeReasonFuture(sid).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return fail("session " + sid + " still open after " + TIMEOUT);
        }
    }

    /** The application the suite expects: echoes text as text and binary as binary; records what it saw. */
    private static final class EchoRecorder implements EngineIoListener {
        private final Map<String, List<Object>> received = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<CloseReason>> closeReasons = new ConcurrentHashMap<>();

        @Override
        public void onMessage(EngineIoSocket socket, String text) {
            socket.send(text);
            // Recorded after the send, so a test that sees it knows the echo is queued.
            received(socket.id()).add(text);
        }

        @Override
        public void onBinary(EngineIoSocket socket, byte[] data) {
            socket.send(data);
            received(socket.id()).add(ByteBuffer.wrap(data));
        }

        @Override
        public void onClose(EngineIoSocket socket, CloseReason reason) {
            closeReasonFuture(socket.id()).complete(reason);
        }

        List<Object> received(String sid) {
            return received.computeIfAbsent(sid, k -> new CopyOnWriteArrayList<>());
        }

        CompletableFuture<CloseReason> closeReasonFuture(String sid) {
            return closeReasons.computeIfAbsent(sid, k -> new CompletableFuture<>());
        }
    }

    /** A JDK WebSocket that queues whole messages (text as String, binary as ByteBuffer) and its close. */
    private static final class WsClient extends WebSocketRecorder {
        WebSocket socket;
        String sid;

        static WsClient connect(URI uri) throws Exception {
            WsClient client = new WsClient();
            client.socket = HTTP.newWebSocketBuilder().buildAsync(uri, client).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return client;
        }

        @Override
        protected Object binaryMessage(byte[] bytes) {
            return ByteBuffer.wrap(bytes);
        }

        void send(String packet) {
            socket.sendText(packet, true).join();
        }

        Object next() throws InterruptedException {
            Object message = messages.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                fail("no message within " + TIMEOUT + (closed.isDone() ? "; the server closed the WebSocket" : ""));
            }
            return message;
        }

        String nextText() throws InterruptedException {
            Object message = next();
            assertThat(message).as("a text message").isInstanceOf(String.class);
            return (String) message;
        }

        /** The next message that is not a ping, answering pings on the way (see {@code pollPackets}). */
        Object nextAnsweringPings() throws InterruptedException {
            for (int pings = 0; pings < 5; pings++) {
                Object message = next();
                if (!"2".equals(message)) {
                    return message;
                }
                send("3");
            }
            return fail("five pings in a row and nothing else");
        }

        /** Waits for the server's close frame: not a dropped connection, which {@code onError} reports. */
        void awaitClosedByServer() throws Exception {
            try {
                closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail("the server did not close the WebSocket within " + TIMEOUT);
            }
        }
    }

    // ---- the open packet ----

    private static final String JSON_STRING = "\"[^\"\\\\]*\"";
    private static final Pattern JSON_MEMBER = Pattern.compile("\\s*(" + JSON_STRING + ")\\s*:\\s*(" + JSON_STRING
            + "|-?\\d+|\\[\\s*(?:" + JSON_STRING + "(?:\\s*,\\s*" + JSON_STRING + ")*)?\\s*\\])\\s*");
    private static final Pattern JSON_FLAT_OBJECT = Pattern.compile(
            "\\{(?:" + JSON_MEMBER.pattern() + "(?:," + JSON_MEMBER.pattern() + ")*)?\\}");

    /**
     * Reads a JSON object whose values are strings, integers or arrays of strings, as the open packet's
     * are: strings as String, integers as Long, arrays as List of String. Anything else fails the test.
     */
    private static Map<String, Object> parseFlatJson(String json) {
        assertThat(json).as("a flat JSON object").matches(JSON_FLAT_OBJECT);
        Map<String, Object> members = new LinkedHashMap<>();
        Matcher member = JSON_MEMBER.matcher(json.substring(1, json.length() - 1));
        while (member.find()) {
            members.put(unquote(member.group(1)), jsonValue(member.group(2)));
        }
        return members;
    }

    private static Object jsonValue(String value) {
        if (value.startsWith("\"")) {
            return unquote(value);
        }
        if (value.startsWith("[")) {
            String inside = value.substring(1, value.length() - 1).trim();
            return inside.isEmpty() ? List.of()
                    : Arrays.stream(inside.split(",")).map(String::trim).map(EngineIoProtocolIT::unquote).toList();
        }
        return Long.parseLong(value);
    }

    private static String unquote(String quoted) {
        return quoted.substring(1, quoted.length() - 1);
    }
}
