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
        List<String> serverSide = new CopyOnWriteArrayList<>();
        AtomicBoolean dropped = new AtomicBoolean();
        io.onConnection(socket -> {
            serverSide.add("connect recovered=" + socket.recovered());
            if (!socket.recovered()) {
                socket.data().put("nick", "alice");
            }
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
            socket.onDisconnect(reason -> {
                serverSide.add("disconnect " + reason.wireName());
                if (dropped.compareAndSet(false, true)) {
                    // Broadcasts the client misses while it is away.
                    io.to("r").emit("tick", 2);
                    io.to("r").emit("tick", 3);
                    io.emit("tick", 99); // to the whole namespace, which the session also belongs to
                }
            });
        });
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
}
