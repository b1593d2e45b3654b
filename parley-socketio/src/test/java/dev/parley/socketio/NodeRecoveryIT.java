package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.parser.MsgpackParser;
import dev.parley.testkit.NodeScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Connection state recovery with npm {@code socket.io-client} 4.8.1 (with the default parser and with
 * {@code socket.io-msgpack-parser}, whose replayed packets are binary messages): a client that loses its connection and
 * comes back within {@code maxDisconnectionDuration} gets its id, rooms and data back, and the broadcasts
 * it missed, in order.
 */
class NodeRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}, {1} parser")
    @CsvSource({"websocket, json", "polling, json", "websocket, msgpack", "polling, msgpack"})
    void aDroppedClientRecoversItsIdRoomsDataAndMissedBroadcasts(String transport, String parser) throws Exception {
        boolean msgpack = parser.equals("msgpack");
        SocketIoServer io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build())
                .connectionStateRecovery(Duration.ofMinutes(2))
                .parser(msgpack ? new MsgpackParser() : null)
                .build());
        List<String> serverSide = recoveryScenario(io);
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build())
                .addEngineIo(io.engine()).start();
        try {
            NodeScripts.Result result = NodeScripts.run(Duration.ofSeconds(30),
                    msgpack ? Map.of("SIO_PARSER", "msgpack") : Map.of(), "sio-recovery.mjs", server.url(), transport);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : result.lines()) {
                lines.add(JSON.readTree(line));
            }
            JsonNode reconnected = lines.stream().filter(l -> l.path("ev").asText().equals("reconnected")).findFirst().orElseThrow();
            assertThat(reconnected.path("sameId").asBoolean()).isTrue();
            assertThat(reconnected.path("recovered").asBoolean()).isTrue();
            JsonNode after = lines.stream().filter(l -> l.path("ev").asText().equals("after")).findFirst().orElseThrow();
            List<Integer> ticks = new ArrayList<>();
            after.path("ticks").forEach(t -> {
                ticks.add(t.path("n").asInt());
                assertThat(t.path("offsetIsString").asBoolean()).as("each broadcast carries an offset").isTrue();
            });
            assertThat(ticks).containsExactly(1, 2, 3, 99);
            assertThat(after.path("rooms").toString()).isEqualTo("[\"r\"]");
            assertThat(after.path("data").path("nick").asText()).isEqualTo("alice");
            assertThat(serverSide).startsWith("connect recovered=false", "disconnect transport close",
                    "connect recovered=true");
        } finally {
            server.stop();
            io.close();
        }
    }

    /**
     * An adapter that cannot bring a restored socket live without a gap ({@code resumeSession} false, as the
     * streams adapter when more arrived during the restore than it keeps): the connection is closed before
     * the socket goes live (no connection handler runs, nothing is persisted), and the client, reconnecting,
     * gets a fresh session.
     */
    @Test
    void aSocketThatCannotResumeWithoutAGapIsClosedAndComesBackFresh() throws Exception {
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
        SocketIoServer io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build())
                .connectionStateRecovery(Duration.ofMinutes(2))
                .adapterFactory(namespace -> new dev.parley.socketio.adapter.InMemoryAdapter(namespace) {
                    @Override
                    public boolean resumeSession(dev.parley.socketio.adapter.SessionState restored, Runnable joinAndReplay,
                            java.util.function.Consumer<dev.parley.socketio.parser.EncodedPacket> late) {
                        refusals.incrementAndGet();
                        return false;
                    }
                })
                .build());
        List<String> serverSide = recoveryScenario(io);
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build())
                .addEngineIo(io.engine()).start();
        try {
            NodeScripts.Result result = NodeScripts.run(Duration.ofSeconds(30), "sio-recovery.mjs", server.url(),
                    "websocket", "fresh");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            JsonNode reconnected = result.lines().stream().map(NodeRecoveryIT::json)
                    .filter(l -> l.path("ev").asText().equals("reconnected")).findFirst().orElseThrow();
            assertThat(reconnected.path("recovered").asBoolean()).isFalse();
            assertThat(reconnected.path("sameId").asBoolean()).isFalse();
            assertThat(refusals).hasValue(1);
            assertThat(serverSide).containsExactly("connect recovered=false", "disconnect transport close",
                    "connect recovered=false", "disconnect client namespace disconnect");
        } finally {
            server.stop();
            io.close();
        }
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError(line, e);
        }
    }

    @ParameterizedTest(name = "recoverySkipMiddlewares={0}")
    @CsvSource({"true", "false"})
    void aRecoveredSocketSkipsTheMiddlewaresUnlessToldOtherwise(boolean skip) throws Exception {
        SocketIoServer io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build())
                .connectionStateRecovery(Duration.ofMinutes(2))
                .recoverySkipMiddlewares(skip)
                .build());
        AtomicInteger middlewareRuns = new AtomicInteger();
        io.use((socket, next) -> {
            middlewareRuns.incrementAndGet();
            next.proceed();
        });
        List<String> serverSide = recoveryScenario(io);
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build())
                .addEngineIo(io.engine()).start();
        try {
            NodeScripts.Result result = NodeScripts.run(Duration.ofSeconds(30), "sio-recovery.mjs", server.url(), "websocket");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(serverSide).contains("connect recovered=true");
            assertThat(middlewareRuns.get()).isEqualTo(skip ? 1 : 2);
        } finally {
            server.stop();
            io.close();
        }
    }

    /**
     * A client that stops answering pings (its whole Node process stopped with SIGSTOP, as a laptop lid
     * closing) is dropped by the server with "ping timeout", a recoverable reason; or it drops its connection
     * ("transport close") and is stopped before its reconnection timer fires. Resumed (SIGCONT) within
     * {@code maxDisconnectionDuration}, it reconnects by itself and recovers its id, rooms, data and the
     * broadcasts it missed; resumed after the window has passed, it gets a fresh session. The test resumes it
     * only once the server has seen the disconnect (and the window has passed), so no timing luck decides.
     */
    @ParameterizedTest(name = "{0}, resumed within the window: {1}")
    @CsvSource({"ping timeout, true", "ping timeout, false", "transport close, false"})
    void aStalledClientRecoversWithinTheWindowOnly(String reason, boolean withinWindow) throws Exception {
        Duration window = withinWindow ? Duration.ofMinutes(2) : Duration.ofSeconds(1);
        SocketIoServer io = new SocketIoServer(SocketIoConfig.builder()
                // a heartbeat short enough to notice the stall quickly, long enough not to drop a busy client
                .engine(EngineIoConfig.builder().path("/socket.io/")
                        .pingInterval(Duration.ofSeconds(1)).pingTimeout(Duration.ofSeconds(1)).build())
                .connectionStateRecovery(window)
                .build());
        List<String> serverSide = recoveryScenario(io);
        CompletableFuture<Long> ready = readyHandler(io, true);
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build())
                .addEngineIo(io.engine()).start();
        CompletableFuture<NodeScripts.Result> client = CompletableFuture.supplyAsync(() -> NodeScripts.run(
                Duration.ofSeconds(60), "sio-recovery-outage.mjs", server.url(),
                reason.equals("ping timeout") ? "stall" : "close-stall", withinWindow ? "recovered" : "fresh"));
        Long pid = null;
        try {
            pid = awaitReady(ready, client);
            await().atMost(Duration.ofSeconds(15)).until(() -> serverSide.contains("disconnect " + reason));
            if (!withinWindow) {
                // The window is wall-clock time from the disconnect; nothing can be observed but its passing.
                TimeUnit.MILLISECONDS.sleep(window.toMillis() + 500);
            }
            signal(pid, "CONT");
            pid = null;
            NodeScripts.Result result = client.get(60, TimeUnit.SECONDS);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            JsonNode reconnected = line(result, "reconnected");
            assertThat(reconnected.path("reason").asText()).as(result.toString()).isIn("ping timeout", "transport close", "forced close");
            assertThat(reconnected.path("recovered").asBoolean()).as(result.toString()).isEqualTo(withinWindow);
            assertThat(reconnected.path("sameId").asBoolean()).as(result.toString()).isEqualTo(withinWindow);
            JsonNode after = line(result, "after");
            assertThat(ticks(after)).containsExactlyElementsOf(withinWindow ? List.of(1, 2, 3, 99) : List.of(1));
            assertThat(after.path("rooms").toString()).isEqualTo(withinWindow ? "[\"r\"]" : "[]");
            await().atMost(Duration.ofSeconds(10)).until(() -> serverSide.size() == 4);
            assertThat(serverSide).containsExactly("connect recovered=false", "disconnect " + reason,
                    "connect recovered=" + withinWindow, "disconnect client namespace disconnect");
        } finally {
            if (pid != null) {
                signal(pid, "CONT");
            }
            server.stop();
            io.close();
        }
    }

    /**
     * The HTTP server stops (every connection closes with "server shutting down", a recoverable reason) and
     * starts again on the same port with the same {@link SocketIoServer}, whose in-memory adapter kept the
     * session: the client reconnects by itself and recovers. This is all a shutdown can keep with the
     * in-memory adapter; across a new process see the next test.
     */
    @Test
    void aClientRecoversWhenTheHttpServerRestartsWithTheSameSocketIoServer() throws Exception {
        SocketIoServer io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build())
                .connectionStateRecovery(Duration.ofMinutes(2))
                .build());
        List<String> serverSide = recoveryScenario(io);
        CompletableFuture<Long> ready = readyHandler(io, false);
        ParleyServer first = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build())
                .addEngineIo(io.engine()).start();
        int port = first.port();
        ParleyServer second = null;
        try {
            CompletableFuture<NodeScripts.Result> client = CompletableFuture.supplyAsync(() -> NodeScripts.run(
                    Duration.ofSeconds(60), "sio-recovery-outage.mjs", first.url(), "wait", "recovered"));
            awaitReady(ready, client);
            first.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> serverSide.contains("disconnect server shutting down"));
            second = startOn(port, io);
            NodeScripts.Result result = client.get(60, TimeUnit.SECONDS);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            JsonNode reconnected = line(result, "reconnected");
            assertThat(reconnected.path("recovered").asBoolean()).as(result.toString()).isTrue();
            assertThat(reconnected.path("sameId").asBoolean()).isTrue();
            JsonNode after = line(result, "after");
            assertThat(ticks(after)).containsExactly(1, 2, 3, 99);
            assertThat(after.path("rooms").toString()).isEqualTo("[\"r\"]");
            assertThat(after.path("data").path("nick").asText()).isEqualTo("alice");
            assertThat(serverSide).startsWith("connect recovered=false", "disconnect server shutting down",
                    "connect recovered=true");
        } finally {
            first.stop();
            if (second != null) {
                second.stop();
            }
            io.close();
        }
    }

    /**
     * A server process that shuts down takes the in-memory adapter's sessions with it (as socket.io's
     * in-memory adapter does): a client reconnecting to the new server, on the same address with recovery on,
     * sends its private id and offset and gets a fresh session, cleanly (a new id, no rooms, nothing
     * replayed, no error). Recovery across processes needs the sessions in a shared store, which the
     * streams adapter will bring (docs/cluster.md).
     */
    @Test
    void aClientOfAServerThatShutDownGetsAFreshSessionFromTheNewServer() throws Exception {
        SocketIoConfig config = SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build())
                .connectionStateRecovery(Duration.ofMinutes(2))
                .build();
        SocketIoServer oldIo = new SocketIoServer(config);
        List<String> oldSide = recoveryScenario(oldIo);
        CompletableFuture<Long> ready = readyHandler(oldIo, false);
        ParleyServer oldServer = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build())
                .addEngineIo(oldIo.engine()).start();
        SocketIoServer newIo = new SocketIoServer(config);
        List<String> newSide = recoveryScenario(newIo);
        ParleyServer newServer = null;
        try {
            CompletableFuture<NodeScripts.Result> client = CompletableFuture.supplyAsync(() -> NodeScripts.run(
                    Duration.ofSeconds(60), "sio-recovery-outage.mjs", oldServer.url(), "wait", "fresh"));
            awaitReady(ready, client);
            oldServer.stop();
            oldIo.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> oldSide.size() == 2);
            assertThat(oldSide).containsExactly("connect recovered=false", "disconnect server shutting down");
            newServer = startOn(oldServer.port(), newIo);
            NodeScripts.Result result = client.get(60, TimeUnit.SECONDS);
            assertThat(result.exitCode()).as(result.toString()).isZero();
            JsonNode reconnected = line(result, "reconnected");
            assertThat(reconnected.path("recovered").asBoolean()).as(result.toString()).isFalse();
            assertThat(reconnected.path("sameId").asBoolean()).isFalse();
            JsonNode after = line(result, "after");
            assertThat(ticks(after)).containsExactly(1);
            assertThat(after.path("rooms").toString()).isEqualTo("[]");
            assertThat(after.path("data").path("nick").asText()).isEqualTo("alice");
            await().atMost(Duration.ofSeconds(10)).until(() -> newSide.size() == 2);
            assertThat(newSide).containsExactly("connect recovered=false", "disconnect client namespace disconnect");
        } finally {
            oldServer.stop();
            if (newServer != null) {
                newServer.stop();
            }
            oldIo.close();
            newIo.close();
        }
    }

    /**
     * sio-recovery-outage.mjs is ready: completes with the Node process's id. With {@code stall}, at its
     * "ready" event (the client stops itself once the ack arrives); otherwise at the "armed" event it sends
     * after that ack, so that stopping the server cannot fail the client's pending ack.
     */
    private static CompletableFuture<Long> readyHandler(SocketIoServer io, boolean stall) {
        CompletableFuture<Long> ready = new CompletableFuture<>();
        AtomicLong pid = new AtomicLong();
        io.onConnection(socket -> {
            socket.on("ready", args -> {
                pid.set(((Number) args.get(0)).longValue());
                if (stall) {
                    ready.complete(pid.get());
                }
                args.ack(true);
            });
            socket.on("armed", args -> ready.complete(pid.get()));
        });
        return ready;
    }

    /** The client's process id once it is ready, or the client's failure if it ended first. */
    private static long awaitReady(CompletableFuture<Long> ready, CompletableFuture<NodeScripts.Result> client)
            throws Exception {
        CompletableFuture.anyOf(ready, client).get(30, TimeUnit.SECONDS);
        assertThat(ready).as(() -> "client ended before it was ready: " + client.join()).isDone();
        return ready.join();
    }

    /** A new HTTP server on a port just released (retried while the kernel still holds it). */
    private static ParleyServer startOn(int port, SocketIoServer io) {
        AtomicReference<ParleyServer> started = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            started.set(new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(port).build())
                    .addEngineIo(io.engine()).start());
            return true;
        });
        return started.get();
    }

    private static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
    }

    private static JsonNode line(NodeScripts.Result result, String event) throws Exception {
        for (String line : result.lines()) {
            JsonNode node = JSON.readTree(line);
            if (node.path("ev").asText().equals(event)) {
                return node;
            }
        }
        throw new AssertionError("no " + event + " line in " + result);
    }

    private static List<Integer> ticks(JsonNode after) {
        List<Integer> ticks = new ArrayList<>();
        after.path("ticks").forEach(t -> ticks.add(t.path("n").asInt()));
        return ticks;
    }

    /**
     * The server side of sio-recovery.mjs: join, tick-me, my-rooms, my-data; data set on a fresh connect;
     * at the first disconnect, the broadcasts the client then misses (2 and 3 to its room, 99 to all).
     * Returns the connects and disconnects it saw.
     */
    private static List<String> recoveryScenario(SocketIoServer io) {
        List<String> serverSide = new CopyOnWriteArrayList<>();
        AtomicBoolean dropped = new AtomicBoolean();
        io.onConnection(socket -> {
            serverSide.add("connect recovered=" + socket.recovered());
            if (!socket.recovered()) {
                socket.data().put("nick", "alice");
            }
            socket.onDisconnect(reason -> {
                if (dropped.compareAndSet(false, true)) {
                    io.to("r").emit("tick", 2);
                    io.to("r").emit("tick", 3);
                    io.emit("tick", 99);
                }
            });
            socket.on("join", args -> {
                socket.join(args.getString(0));
                args.ack(true);
            });
            socket.on("tick-me", args -> {
                io.to("r").emit("tick", args.get(0));
                args.ack(true);
            });
            socket.on("my-rooms", args -> args.ack(socket.rooms().stream().filter(r -> !r.equals(socket.id())).toList()));
            socket.on("my-data", args -> args.ack(socket.data()));
            socket.onDisconnect(reason -> serverSide.add("disconnect " + reason.wireName()));
        });
        return serverSide;
    }
}
