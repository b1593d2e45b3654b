package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.BYTE_ARRAY;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoSocket;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.parser.SocketIoParser;
import dev.parley.testkit.NodeScripts;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official npm {@code socket.io-client} (pinned in parley-testkit/node) against a real Parley server in
 * this JVM. Each scenario is a script, parley-testkit/node/sio-*.mjs, that prints what the client observed as
 * JSON lines; the test checks those and what the server saw. Where the server has to act in the middle of a
 * scenario, the script runs in the background while the test drives the server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeClientIT {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(40);
    private static final long WAIT_SECONDS = 15;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ParleyServer> servers = new CopyOnWriteArrayList<>();
    private final List<SocketIoServer> ios = new CopyOnWriteArrayList<>();

    /**
     * A cold {@code npm ci} happens here, under NodeScripts' own install limit, not inside the 60 s of the
     * first test (the class-level timeout covers test methods, not lifecycle methods).
     */
    @BeforeAll
    static void installTheNodeClient() {
        NodeScripts.installedDirectory();
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (ParleyServer server : servers) {
            server.stop();
        }
        ios.forEach(SocketIoServer::close);
    }

    // ---- scenarios ----

    @ParameterizedTest(name = "{0} only")
    @ValueSource(strings = {"polling", "websocket"})
    void connectEmitReplyAndAckOverOneTransport(String transport) throws Exception {
        SocketIoServer io = newIo();
        BlockingQueue<SocketIoSocket> connected = new LinkedBlockingQueue<>();
        List<String> transportsSeen = new CopyOnWriteArrayList<>();
        CompletableFuture<List<Object>> hello = new CompletableFuture<>();
        CompletableFuture<Boolean> helloAckAsked = new CompletableFuture<>();
        CompletableFuture<DisconnectReason> disconnected = new CompletableFuture<>();
        io.onConnection(socket -> {
            transportsSeen.add(socket.transport());
            socket.on("hello", args -> {
                transportsSeen.add(socket.transport());
                hello.complete(new ArrayList<>(args.all()));
                socket.emit("reply", "welcome", socket.id(), args.get(0), args.get(1), args.get(2));
            });
            socket.on("hello-ack", args -> {
                transportsSeen.add(socket.transport());
                helloAckAsked.complete(args.hasAck());
                args.ack("got", args.get(0), Map.of("transport", socket.transport()));
            });
            socket.onDisconnect(disconnected::complete);
            connected.add(socket);
        });

        Observations client = Observations.of(NodeScripts.run(SCRIPT_TIMEOUT, scriptEnv(), "sio-basic.mjs", start(io), transport));

        SocketIoSocket socket = take(connected);
        assertThat(client.first("connect")).containsEntry("id", socket.id()).containsEntry("transport", transport);
        Map<String, Object> third = Map.of("three", Arrays.asList(3, 3.5, true, null));
        assertThat(get(hello)).containsExactly(1, "two", third);
        assertThat(client.first("reply").get("args")).isEqualTo(List.of("welcome", socket.id(), 1, "two", third));
        assertThat(get(helloAckAsked)).isTrue();
        assertThat(client.first("ack").get("args")).isEqualTo(List.of("got", "x", Map.of("transport", transport)));
        assertThat(client.first("transport")).containsEntry("name", transport);
        assertThat(client.first("disconnect")).containsEntry("reason", "io client disconnect");
        assertThat(get(disconnected)).isEqualTo(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
        assertThat(transportsSeen).containsExactly(transport, transport, transport);
        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> io.engine().clientsCount() == 0);
    }

    /**
     * Default transports: the client connects over polling and upgrades while both sides emit numbered events,
     * one per millisecond, from the connection on, until at least 10 went after the upgrade. Every one arrives,
     * once, in order. (The script holds its WebSocket probe back until 5 events went each way over polling.)
     */
    @Test
    void eventsFlowInOrderAcrossTheUpgrade() throws Exception {
        SocketIoServer io = newIo();
        BlockingQueue<SocketIoSocket> connected = new LinkedBlockingQueue<>();
        List<Object> up = new CopyOnWriteArrayList<>();
        List<String> transportAtConnection = new CopyOnWriteArrayList<>();
        CompletableFuture<String> transportAtUpEnd = new CompletableFuture<>();
        io.onConnection(socket -> {
            transportAtConnection.add(socket.transport());
            socket.on("up", args -> up.add(args.get(0)));
            socket.on("up-end", args -> {
                transportAtUpEnd.complete(socket.transport());
                args.ack(up.size());
            });
            connected.add(socket);
        });
        CompletableFuture<NodeScripts.Result> script = runAsync("sio-upgrade.mjs", start(io));

        SocketIoSocket socket = take(connected);
        int sent = 0;
        int switchedAt = -1;
        while (sent < 50 || switchedAt < 0 || sent - switchedAt < 10) {
            if (switchedAt < 0 && "websocket".equals(socket.transport())) {
                switchedAt = sent;
            }
            socket.emit("down", sent++);
            Thread.sleep(1);
            assertThat(sent).as("the server never saw the upgrade").isLessThan(10_000);
        }
        socket.emit("down-end", sent);
        Observations client = Observations.of(get(script));

        assertThat(transportAtConnection).containsExactly("polling");
        assertThat(client.first("connect")).containsEntry("transport", "polling");
        assertThat(client.first("upgrade")).containsEntry("transport", "websocket");
        assertThat(get(transportAtUpEnd)).isEqualTo("websocket");
        assertThat(client.first("summary")).containsEntry("transport", "websocket");

        int upSent = (Integer) client.first("up-end").get("sent");
        assertThat(up).as("client-to-server events").isEqualTo(range(upSent));
        assertThat(client.first("up-end")).containsEntry("receivedByServer", upSent);
        assertThat((Integer) client.first("summary").get("upgradedAtUp"))
                .as("client events emitted before the upgrade completed").isPositive();
        assertThat((Integer) client.first("summary").get("upgradedAtDown"))
                .as("server events the client received before its upgrade completed").isPositive();

        assertThat(client.first("down-end")).containsEntry("count", sent);
        assertThat(client.first("down-end").get("received")).as("server-to-client events").isEqualTo(range(sent));
        assertThat(switchedAt).as("server events emitted before the upgrade completed").isPositive();
    }

    @Test
    void namespacesShareOneConnectionWithMiddlewareAndAuth() throws Exception {
        SocketIoServer io = newIo();
        BlockingQueue<SocketIoSocket> mainSockets = new LinkedBlockingQueue<>();
        BlockingQueue<SocketIoSocket> adminSockets = new LinkedBlockingQueue<>();
        List<Map<String, Object>> adminAttempts = new CopyOnWriteArrayList<>();
        CompletableFuture<EventArgs> checkpoint = new CompletableFuture<>();
        CompletableFuture<DisconnectReason> mainLeft = new CompletableFuture<>();
        CompletableFuture<DisconnectReason> adminLeft = new CompletableFuture<>();
        io.onConnection(socket -> {
            socket.on("whoami", args -> args.ack(whoami(socket)));
            socket.on("checkpoint", checkpoint::complete);
            socket.onDisconnect(mainLeft::complete);
            mainSockets.add(socket);
        });
        io.of("/admin").use((socket, next) -> {
            adminAttempts.add(socket.handshake().auth());
            if ("admin-token".equals(socket.handshake().auth().get("token"))) {
                next.proceed();
            } else {
                next.fail(new ConnectError("not authorized", Map.of("code", 401)));
            }
        }).onConnection(socket -> {
            socket.on("whoami", args -> args.ack(whoami(socket)));
            socket.onDisconnect(adminLeft::complete);
            adminSockets.add(socket);
        });
        CompletableFuture<NodeScripts.Result> script = runAsync("sio-namespaces.mjs", start(io));

        // The server's side while the client holds both namespaces (the script waits for this ack).
        EventArgs reached = get(checkpoint);
        String engineId = reached.getString(0);
        SocketIoSocket main = take(mainSockets);
        SocketIoSocket admin = take(adminSockets);
        assertThat(io.engine().sockets()).as("one Engine.IO connection").extracting(EngineIoSocket::id)
                .containsExactly(engineId);
        assertThat(io.sockets().sockets().keySet()).containsExactly(main.id());
        assertThat(io.of("/admin").sockets().keySet()).containsExactly(admin.id());
        assertThat(main.handshake().auth()).isEqualTo(Map.of("token", "main-token", "n", 1));
        assertThat(admin.handshake().auth()).isEqualTo(Map.of("token", "admin-token"));
        assertThat(adminAttempts).containsExactly(Map.of("token", "wrong"), Map.of("token", "admin-token"));
        reached.ack();

        Observations client = Observations.of(get(script));
        assertThat(client.all("connect")).containsExactly(
                Map.of("ev", "connect", "nsp", "/", "id", main.id(), "engine", engineId),
                Map.of("ev", "connect", "nsp", "/admin", "id", admin.id(), "engine", engineId));
        assertThat(client.all("connect_error")).containsExactly(
                Map.of("ev", "connect_error", "nsp", "/admin", "message", "not authorized",
                        "data", Map.of("code", 401), "active", false),
                nullData(Map.of("ev", "connect_error", "nsp", "/nope", "message", "Invalid namespace", "active", false)));
        assertThat(client.first("whoami")).isEqualTo(Map.of("ev", "whoami",
                "main", Map.of("nsp", "/", "id", main.id(), "auth", Map.of("token", "main-token", "n", 1)),
                "admin", Map.of("nsp", "/admin", "id", admin.id(), "auth", Map.of("token", "admin-token"))));
        assertThat(client.first("state")).isEqualTo(Map.of("ev", "state", "main", true, "admin", true, "engine", engineId));
        assertThat(mainSockets).as("no other connection to /").isEmpty();
        assertThat(adminSockets).as("no other connection to /admin").isEmpty();
        assertThat(get(mainLeft)).isEqualTo(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
        assertThat(get(adminLeft)).isEqualTo(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> io.engine().clientsCount() == 0);
    }

    @Test
    void acknowledgementsBothWaysAndTheirTimeouts() throws Exception {
        SocketIoServer io = newIo();
        BlockingQueue<SocketIoSocket> connected = new LinkedBlockingQueue<>();
        List<Boolean> sumAcksAsked = new CopyOnWriteArrayList<>();
        CompletableFuture<List<Object>> noack = new CompletableFuture<>();
        io.onConnection(socket -> {
            socket.on("sum", args -> {
                sumAcksAsked.add(args.hasAck());
                args.ack(((Number) args.get(0)).intValue() + ((Number) args.get(1)).intValue(), "ok");
            });
            socket.on("noack", args -> noack.complete(List.of(args.hasAck(), args.get(0)))); // and never acks
            connected.add(socket);
        });
        CompletableFuture<NodeScripts.Result> script = runAsync("sio-acks.mjs", start(io));

        SocketIoSocket socket = take(connected);
        assertThat(get(socket.emitWithAck("ask", 21))).containsExactly(Map.of("answer", 42), "extra");
        assertThat(get(socket.timeout(Duration.ofSeconds(5)).emitWithAck("ask", 5)))
                .containsExactly(Map.of("answer", 10), "extra");
        long started = System.nanoTime();
        CompletableFuture<List<Object>> ignored = socket.timeout(Duration.ofMillis(300))
                .emitWithAck("ignore", 7).toCompletableFuture();
        assertThatThrownBy(() -> ignored.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(get(noack)).as("hasAck and argument of the event the server never acks").containsExactly(true, 1);
        socket.emit("finish");

        Observations client = Observations.of(get(script));
        assertThat(client.all("ask")).containsExactly(Map.of("ev", "ask", "q", 21), Map.of("ev", "ask", "q", 5));
        assertThat(client.first("ignore")).isEqualTo(Map.of("ev", "ignore", "x", 7, "callback", "function"));
        assertThat(client.first("sum-callback")).containsEntry("args", List.of(5, "ok"));
        assertThat(client.first("sum-emitWithAck")).containsEntry("value", 30);
        assertThat(sumAcksAsked).containsExactly(true, true);
        assertThat(client.first("noack")).containsEntry("error", "operation has timed out");
        assertThat((Integer) client.first("noack").get("elapsedMs")).as("the client waited for its 200 ms timeout")
                .isGreaterThanOrEqualTo(150);
        assertThat(client.first("finish")).isNotNull();
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"polling", "websocket"})
    void binaryInNestedPositionsBothWaysAndInAcks(String transport) throws Exception {
        SocketIoServer io = newIo();
        BlockingQueue<SocketIoSocket> connected = new LinkedBlockingQueue<>();
        CompletableFuture<List<Object>> received = new CompletableFuture<>();
        io.onConnection(socket -> {
            socket.on("bin", args -> {
                received.complete(new ArrayList<>(args.all()));
                socket.emit("bin-back", args.get(0), args.get(1),
                        Map.of("server", List.of(pattern(3, 9), Map.of("deep", pattern(70_000, 4)))));
            });
            socket.on("bin-ack", args -> args.ack(Map.of("got", ((byte[]) args.get(0)).length, "back", args.get(0))));
            connected.add(socket);
        });
        CompletableFuture<NodeScripts.Result> script = runAsync("sio-binary.mjs", start(io), transport);

        SocketIoSocket socket = take(connected);
        List<Object> clientAck = get(socket.emitWithAck("bin-ask", pattern(500, 5)));
        socket.emit("finish");
        Observations client = Observations.of(get(script));

        List<Object> args = get(received);
        assertThat(args).hasSize(3);
        assertThat(args.get(0)).asInstanceOf(BYTE_ARRAY).containsExactly(pattern(256, 0));
        Map<?, ?> second = (Map<?, ?>) args.get(1);
        assertThat(List.<Object>copyOf(second.keySet())).containsExactlyInAnyOrder("nested", "empty");
        assertThat(second.get("empty")).asInstanceOf(BYTE_ARRAY).isEmpty();
        Map<?, ?> nested = (Map<?, ?>) second.get("nested");
        assertThat(nested.get("u8")).asInstanceOf(BYTE_ARRAY).containsExactly(pattern(1000, 1));
        List<?> list = (List<?>) nested.get("list");
        assertThat(list).hasSize(3);
        assertThat(list.get(0)).isEqualTo("text");
        assertThat(list.get(1)).asInstanceOf(BYTE_ARRAY).containsExactly(pattern(100_000, 2));
        assertThat(list.get(2)).isEqualTo(3);
        assertThat(args.get(2)).isEqualTo("plain");

        assertThat(clientAck).hasSize(1);
        Map<?, ?> ack = (Map<?, ?>) clientAck.get(0);
        assertThat(ack.get("n")).isEqualTo(500);
        assertThat(ack.get("reversed")).asInstanceOf(BYTE_ARRAY).containsExactly(reversed(pattern(500, 5)));

        assertThat(client.first("connect")).containsEntry("transport", transport);
        assertThat(client.first("bin-ask")).containsEntry("data", bin(500, 5));
        assertThat(client.first("bin-back").get("args")).isEqualTo(List.of(
                bin(256, 0),
                Map.of("nested", Map.of("u8", bin(1000, 1), "list", List.of("text", bin(100_000, 2), 3)),
                        "empty", bin(0, 0)),
                Map.of("server", List.of(bin(3, 9), Map.of("deep", bin(70_000, 4))))));
        assertThat(client.first("bin-ack")).containsEntry("value", Map.of("got", 64, "back", bin(64, 6)));
        assertThat(client.first("finish")).containsEntry("transport", transport);
    }

    @Test
    void roomsAndBroadcastsReachExactlyTheirTargets() throws Exception {
        SocketIoServer io = newIo();
        Map<String, SocketIoSocket> byName = new ConcurrentHashMap<>();
        io.onConnection(socket -> {
            String name = String.valueOf(socket.handshake().auth().get("name"));
            if (!name.equals("c")) {
                socket.join("room1");
            }
            byName.put(name, socket);
        });
        CompletableFuture<NodeScripts.Result> script = runAsync("sio-rooms.mjs", start(io));

        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> byName.size() == 3);
        SocketIoSocket a = byName.get("a");
        SocketIoSocket b = byName.get("b");
        SocketIoSocket c = byName.get("c");
        assertThat(a.rooms()).containsExactlyInAnyOrder(a.id(), "room1");
        assertThat(b.rooms()).containsExactlyInAnyOrder(b.id(), "room1");
        assertThat(c.rooms()).containsExactly(c.id());

        io.to("room1").emit("to-room1", 1);
        a.broadcast().emit("broadcast-from-a", 2);
        a.to("room1").emit("a-to-room1", 3);
        io.except("room1").emit("except-room1", 4);
        assertThat(get(io.sockets().timeout(Duration.ofSeconds(5)).emitWithAck("collect")))
                .containsExactlyInAnyOrder("a", "b", "c");
        b.leave("room1");
        assertThat(b.rooms()).containsExactly(b.id());
        io.to("room1").emit("after-leave", 5);
        io.emit("finish");
        Observations client = Observations.of(get(script));

        assertThat(client.first("connected").get("ids"))
                .isEqualTo(Map.of("a", a.id(), "b", b.id(), "c", c.id()));
        assertThat(client.received("a")).containsExactly(
                "to-room1 [1]", "collect", "after-leave [5]", "finish []");
        assertThat(client.received("b")).containsExactly(
                "to-room1 [1]", "broadcast-from-a [2]", "a-to-room1 [3]", "collect", "finish []");
        assertThat(client.received("c")).containsExactly(
                "broadcast-from-a [2]", "except-room1 [4]", "collect", "finish []");
    }

    static Stream<Arguments> kicks() {
        return Stream.of(Arguments.of(false, "default"), Arguments.of(true, "default"), Arguments.of(false, "polling"));
    }

    /**
     * {@code socket.disconnect(close)}: the client gets "io server disconnect" and does not reconnect by itself
     * (it waits 800 ms with a 100 ms reconnection delay), then reconnects when told to.
     */
    @ParameterizedTest(name = "disconnect({0}) over {1}")
    @MethodSource("kicks")
    void serverDisconnectIsFinalForTheClient(boolean close, String transports) throws Exception {
        kick(close, transports, false);
    }

    /**
     * {@code socket.disconnect(true)} over polling when the client's poll is not waiting at that moment (here:
     * an emit just before took it). A regression test: the server once answered the next poll with the
     * DISCONNECT packet and the Engine.IO close packet in one payload; the official client handles the close
     * first (socket.io-client dispatches decoded packets on the next tick), so its reason was "transport
     * close" instead of "io server disconnect". Like the reference server, the close packet now goes in a
     * later poll response, once the buffer has drained.
     */
    @Test
    void serverCloseOverPollingIsReportedAsServerDisconnectWhenNoPollIsWaiting() throws Exception {
        kick(true, "polling", true);
    }

    private void kick(boolean close, String transports, boolean emitFirst) throws Exception {
        SocketIoServer io = newIo();
        BlockingQueue<SocketIoSocket> connections = new LinkedBlockingQueue<>();
        BlockingQueue<SocketIoSocket> ready = new LinkedBlockingQueue<>();
        BlockingQueue<DisconnectReason> reasons = new LinkedBlockingQueue<>();
        io.onConnection(socket -> {
            socket.on("ready", args -> ready.add(socket));
            socket.on("again", args -> args.ack(Map.of("id", socket.id())));
            socket.onDisconnect(reasons::add);
            connections.add(socket);
        });
        CompletableFuture<NodeScripts.Result> script = runAsync("sio-reconnect.mjs", start(io), "kick", transports);

        SocketIoSocket first = take(ready);
        if (emitFirst) {
            first.emit("bye");
        }
        first.disconnect(close);
        assertThat(take(reasons)).isEqualTo(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
        assertThat(first.connected()).isFalse();
        Observations client = Observations.of(get(script));

        assertThat(client.first("disconnect")).isEqualTo(
                Map.of("ev", "disconnect", "reason", "io server disconnect", "active", false));
        assertThat(client.first("idle")).isEqualTo(Map.of("ev", "idle", "connected", false, "attempts", 0));
        assertThat(client.all("reconnect_attempt")).isEmpty();
        assertThat(client.first("reconnected")).containsEntry("newId", true);
        assertThat(take(connections)).isSameAs(first);
        SocketIoSocket manual = take(connections);
        assertThat(client.first("again")).containsEntry("reply", Map.of("id", manual.id()));
        assertThat(connections).as("connections besides the first and the manual one").isEmpty();
        assertThat(take(reasons)).isEqualTo(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
    }

    /**
     * The whole server goes away and a new one starts on the same port: the client sees "transport close",
     * reconnects by itself, and its next emit reaches the new server.
     */
    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"default", "polling"})
    void clientReconnectsByItselfWhenTheServerRestarts(String transports) throws Exception {
        SocketIoServer before = newIo();
        BlockingQueue<SocketIoSocket> ready = new LinkedBlockingQueue<>();
        CompletableFuture<DisconnectReason> firstLeft = new CompletableFuture<>();
        before.onConnection(socket -> {
            socket.on("ready", args -> ready.add(socket));
            socket.onDisconnect(firstLeft::complete);
        });
        ParleyServer firstServer = startServer(before, 0);
        int port = firstServer.port();
        CompletableFuture<NodeScripts.Result> script =
                runAsync("sio-reconnect.mjs", firstServer.url(), "restart", transports);

        take(ready);
        firstServer.stop();
        assertThat(get(firstLeft)).isEqualTo(DisconnectReason.SERVER_SHUTTING_DOWN);
        SocketIoServer after = newIo();
        BlockingQueue<SocketIoSocket> reconnected = new LinkedBlockingQueue<>();
        after.onConnection(socket -> {
            socket.on("again", args -> args.ack(Map.of("server", "new", "id", socket.id())));
            reconnected.add(socket);
        });
        startServer(after, port);
        Observations client = Observations.of(get(script));

        // Over WebSocket the close frame always arrives: "transport close". Over polling it rides on the
        // waiting poll; when the stop falls between two polls, the next one fails: "transport error", as
        // with Node's server. Either way the client stays active and reconnects by itself.
        List<String> reasons = transports.equals("polling") ? List.of("transport close", "transport error")
                : List.of("transport close");
        assertThat(client.first("disconnect")).containsEntry("ev", "disconnect").containsEntry("active", true)
                .hasEntrySatisfying("reason", reason -> assertThat(reasons).contains((String) reason));
        assertThat(client.all("reconnect_attempt")).isNotEmpty();
        assertThat(client.first("reconnect")).isNotNull();
        assertThat(client.first("reconnected")).containsEntry("newId", true);
        SocketIoSocket socket = take(reconnected);
        assertThat(client.first("again")).containsEntry("reply", Map.of("server", "new", "id", socket.id()));
    }

    // ---- plumbing ----

    /** The server's parser; null for the default (JSON). A subclass runs every case with another parser. */
    SocketIoParser parser() {
        return null;
    }

    /** Environment of the scripts: {@code SIO_PARSER=msgpack} makes their clients use the msgpack parser. */
    Map<String, String> scriptEnv() {
        return Map.of();
    }

    private SocketIoServer newIo() {
        SocketIoServer io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build())
                .connectTimeout(Duration.ofSeconds(5))
                .parser(parser())
                .build());
        ios.add(io);
        return io;
    }

    private String start(SocketIoServer io) throws InterruptedException {
        return startServer(io, 0).url();
    }

    private ParleyServer startServer(SocketIoServer io, int port) throws InterruptedException {
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(port).build())
                .addEngineIo(io.engine());
        servers.add(server);
        return server.start();
    }

    private CompletableFuture<NodeScripts.Result> runAsync(String script, String... args) {
        CompletableFuture<NodeScripts.Result> result = new CompletableFuture<>();
        Thread runner = new Thread(() -> {
            try {
                result.complete(NodeScripts.run(SCRIPT_TIMEOUT, scriptEnv(), script, args));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "node-" + script);
        runner.setDaemon(true);
        runner.start();
        return result;
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(SCRIPT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static <T> T take(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(item).as("nothing arrived within %d s", WAIT_SECONDS).isNotNull();
        return item;
    }

    private static Map<String, Object> whoami(SocketIoSocket socket) {
        return Map.of("nsp", socket.namespace().name(), "id", socket.id(), "auth", socket.handshake().auth());
    }

    private static Map<String, Object> nullData(Map<String, Object> map) {
        Map<String, Object> copy = new java.util.HashMap<>(map);
        copy.put("data", null);
        return copy;
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** The bytes sio-common.mjs's pattern(n, seed) makes: byte i is (i * 31 + seed) mod 256. */
    static byte[] pattern(int n, int seed) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    private static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    /** How sio-common.mjs's describe() prints a received binary of pattern(n, seed). */
    private static Map<String, Object> bin(int n, int seed) throws NoSuchAlgorithmException {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pattern(n, seed)));
        return Map.of("$bin", sha, "len", n);
    }

    /** What a script printed: its JSON lines, having checked that it ended well. */
    private record Observations(List<Map<String, Object>> lines) {
        static Observations of(NodeScripts.Result result) throws JsonProcessingException {
            assertThat(result.exitCode()).as("node script failed: %s", result).isZero();
            List<Map<String, Object>> lines = new ArrayList<>();
            for (String line : result.lines()) {
                lines.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() { }));
            }
            assertThat(lines).as("%s", result).isNotEmpty();
            assertThat(lines.get(lines.size() - 1)).as("%s", result).isEqualTo(Map.of("ev", "done"));
            return new Observations(lines);
        }

        List<Map<String, Object>> all(String ev) {
            return lines.stream().filter(l -> ev.equals(l.get("ev"))).toList();
        }

        Map<String, Object> first(String ev) {
            List<Map<String, Object>> matching = all(ev);
            assertThat(matching).as("observations '%s' in %s", ev, lines).isNotEmpty();
            return matching.get(0);
        }

        /** The events one client of sio-rooms.mjs printed, as "event [args]" or just "collect". */
        List<String> received(String client) {
            return lines.stream().filter(l -> client.equals(l.get("client")))
                    .map(l -> l.containsKey("args") ? l.get("ev") + " " + l.get("args") : String.valueOf(l.get("ev")))
                    .toList();
        }
    }
}
