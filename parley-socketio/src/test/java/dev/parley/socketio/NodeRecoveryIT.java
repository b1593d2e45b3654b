package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

    @Test
    void aClientBackAfterMaxDisconnectionDurationGetsAFreshSession() throws Exception {
        // A window shorter than the client's reconnection delay (100-200 ms): the state has expired.
        SocketIoServer io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build())
                .connectionStateRecovery(Duration.ofMillis(20))
                .build());
        List<String> serverSide = recoveryScenario(io);
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build())
                .addEngineIo(io.engine()).start();
        try {
            NodeScripts.Result result = NodeScripts.run(Duration.ofSeconds(30), "sio-recovery.mjs", server.url(),
                    "websocket", "fresh");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            JsonNode reconnected = null;
            for (String line : result.lines()) {
                JsonNode node = JSON.readTree(line);
                if (node.path("ev").asText().equals("reconnected")) {
                    reconnected = node;
                }
            }
            assertThat(reconnected).isNotNull();
            assertThat(reconnected.path("recovered").asBoolean()).isFalse();
            assertThat(reconnected.path("sameId").asBoolean()).isFalse();
            assertThat(serverSide).containsSubsequence("connect recovered=false", "disconnect transport close",
                    "connect recovered=false");
        } finally {
            server.stop();
            io.close();
        }
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
