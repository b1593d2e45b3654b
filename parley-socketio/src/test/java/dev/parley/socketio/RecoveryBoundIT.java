package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.testkit.LiveHeap;
import dev.parley.testkit.NodeScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Connection state recovery keeps at most {@code recoveryMaxBytes} / {@code recoveryMaxPackets} of
 * broadcasts (issue item 1.2), with npm {@code socket.io-client} 4.8.1 as the clients: the live heap after
 * GC stays under the byte bound plus a margin, and a client that missed a packet the bound dropped comes
 * back with a fresh session instead of a gap.
 */
class RecoveryBoundIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOM = "lobby";

    /**
     * A crowd joins a room (each join broadcasts a notice to it, as the chat does), then the server
     * broadcasts 16 MB to a room: what the log keeps of it must fit the 2 MiB bound.
     */
    @Test
    void theRecoveryLogOfACrowdStaysWithinItsByteBound() throws Exception {
        long bound = 2L * 1024 * 1024;
        SocketIoServer io = new SocketIoServer(SocketIoConfig.builder()
                .connectionStateRecovery(Duration.ofMinutes(2))
                .recoveryMaxBytes(bound)
                .build());
        int clients = 100;
        AtomicInteger joined = chatLike(io, false);
        ParleyServer server = start(io);
        try {
            CompletableFuture<NodeScripts.Result> crowd = CompletableFuture.supplyAsync(() -> NodeScripts.run(
                    Duration.ofMinutes(4), "sio-crowd.mjs", server.url(), String.valueOf(clients), ROOM));
            await().atMost(Duration.ofMinutes(2)).until(() -> joined.get() == clients || crowd.isDone());
            assertThat(joined.get()).as(() -> crowd.join().toString()).isEqualTo(clients);
            long before = LiveHeap.bytes();
            for (int i = 0; i < 4_000; i++) {
                // 16 MB in the window (distinct strings, as real messages are), to a room nobody is in
                io.to("archive").emit("entry", i + "x".repeat(4096));
            }
            long retained = LiveHeap.bytes() - before;
            System.out.printf("RETAINED by 16 MB of recorded broadcasts: %.1f MB%n", retained / 1e6);
            assertThat(retained).as("live heap kept by 16 MB of recorded broadcasts, bound %d", bound)
                    .isLessThan(bound + 2L * 1024 * 1024);
            io.emit("bye");
            NodeScripts.Result result = crowd.join();
            assertThat(result.exitCode()).as(result.toString()).isZero();
        } finally {
            server.stop();
            io.close();
        }
    }

    /**
     * A client drops; meanwhile the server broadcasts {@code missed} ticks, with the log bounded
     * to 5 packets: at the bound it recovers with every tick in order; past it, the tick after its last
     * offset is gone, so it gets a fresh session (new id, recovered=false) and nothing replayed.
     */
    @ParameterizedTest(name = "{0} missed ticks, log of 5 -> recovered={1}")
    @CsvSource({"5, true", "6, false"})
    void aClientThatMissedMoreThanTheBoundGetsAFreshSession(int missed, boolean recovered) throws Exception {
        SocketIoServer io = new SocketIoServer(SocketIoConfig.builder()
                .connectionStateRecovery(Duration.ofMinutes(2))
                .recoveryMaxPackets(5)
                .build());
        List<String> serverSide = new CopyOnWriteArrayList<>();
        AtomicBoolean dropped = new AtomicBoolean();
        io.onConnection(socket -> {
            serverSide.add("connect recovered=" + socket.recovered());
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
                if (dropped.compareAndSet(false, true)) {
                    for (int n = 2; n < 1 + missed; n++) {
                        io.to("r").emit("tick", n);
                    }
                    io.emit("tick", 99);
                }
            });
        });
        ParleyServer server = start(io);
        try {
            NodeScripts.Result result = NodeScripts.run(Duration.ofSeconds(30), "sio-recovery.mjs", server.url(),
                    "websocket", recovered ? "recovered" : "fresh");
            assertThat(result.exitCode()).as(result.toString()).isZero();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : result.lines()) {
                lines.add(JSON.readTree(line));
            }
            JsonNode reconnected = event(lines, "reconnected");
            assertThat(reconnected.path("recovered").asBoolean()).isEqualTo(recovered);
            assertThat(reconnected.path("sameId").asBoolean()).isEqualTo(recovered);
            List<Integer> ticks = new ArrayList<>();
            event(lines, "after").path("ticks").forEach(t -> ticks.add(t.path("n").asInt()));
            List<Integer> expected = new ArrayList<>(List.of(1));
            if (recovered) {
                for (int n = 2; n < 1 + missed; n++) {
                    expected.add(n);
                }
                expected.add(99);
            }
            assertThat(ticks).isEqualTo(expected);
            assertThat(serverSide).containsExactly("connect recovered=false", "connect recovered=" + recovered);
        } finally {
            server.stop();
            io.close();
        }
    }

    /**
     * Not a test but the measurement of the scenario (run on demand): heap per connection of a
     * chat-like crowd with recovery on, e.g. {@code -Dparley.crowd=1000}; {@code -Dparley.crowd.rooms=100
     * -Dparley.crowd.messages=50} spreads the clients over rooms where each says 50 lines.
     */
    @Test
    @EnabledIfSystemProperty(named = "parley.crowd", matches = "\\d+")
    void heapPerConnectionOfAChatLikeCrowd() throws Exception {
        int clients = Integer.getInteger("parley.crowd");
        SocketIoServer io = new SocketIoServer(SocketIoConfig.builder()
                .connectionStateRecovery(Duration.ofMinutes(2))
                .build());
        AtomicInteger joined = chatLike(io, Boolean.getBoolean("parley.crowd.members"));
        AtomicLong said = new AtomicLong();
        io.onConnection(socket -> socket.on("say", args -> {
            for (String room : socket.rooms()) {
                if (!room.equals(socket.id())) {
                    io.to(room).emit("message", Map.of("from", socket.id(), "text", args.getString(0),
                            "ts", System.currentTimeMillis()));
                }
            }
            args.ack(true);
            said.incrementAndGet();
        }));
        ParleyServer server = start(io);
        try {
            long base = LiveHeap.bytes();
            String rooms = String.valueOf(Integer.getInteger("parley.crowd.rooms", 1));
            String messages = String.valueOf(Integer.getInteger("parley.crowd.messages", 0));
            CompletableFuture<NodeScripts.Result> crowd = CompletableFuture.supplyAsync(() -> NodeScripts.run(
                    Duration.ofMinutes(4), "sio-crowd.mjs", server.url(), String.valueOf(clients), ROOM, "websocket",
                    "50", rooms, messages));
            await().atMost(Duration.ofMinutes(3)).until(() -> joined.get() == clients && said.get()
                    == clients * Long.parseLong(messages) || crowd.isDone());
            assertThat(joined.get()).as(() -> crowd.join().toString()).isEqualTo(clients);
            long used = LiveHeap.bytes();
            System.out.printf("CROWD members=%s clients=%d rooms=%s messages/client=%s base=%.1f MB "
                    + "with-clients=%.1f MB per-connection=%.1f KB%n", Boolean.getBoolean("parley.crowd.members"),
                    clients, rooms, messages, base / 1e6, used / 1e6, (used - base) / 1024.0 / clients);
            io.emit("bye");
            NodeScripts.Result result = crowd.join();
            assertThat(result.exitCode()).as(result.toString()).isZero();
        } finally {
            server.stop();
            io.close();
        }
    }

    private static JsonNode event(List<JsonNode> lines, String name) {
        return lines.stream().filter(l -> l.path("ev").asText().equals(name)).findFirst().orElseThrow();
    }

    /**
     * The chat's pattern, reduced: a socket gets its session, then on {@code join} joins the room, is
     * acknowledged, and a notice goes to the whole room (with {@code members}, the room's member list too,
     * as the chat's {@code room:members}). Counts the joins.
     */
    static AtomicInteger chatLike(SocketIoServer io, boolean members) {
        AtomicInteger joined = new AtomicInteger();
        List<String> nicks = new CopyOnWriteArrayList<>();
        io.onConnection(socket -> {
            String nick = String.valueOf(socket.handshake().auth().get("nick"));
            socket.emit("session", Map.of("nick", nick));
            socket.on("join", args -> {
                String room = args.getString(0);
                socket.join(room);
                args.ack(true);
                io.to(room).emit("notice", Map.of("room", room, "text", nick + " joined", "ts", System.currentTimeMillis()));
                if (members) {
                    nicks.add(nick);
                    io.to(room).emit("room:members", Map.of("room", room, "members", List.copyOf(nicks)));
                }
                joined.incrementAndGet();
            });
        });
        return joined;
    }

    static ParleyServer start(SocketIoServer io) throws Exception {
        return new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build())
                .addEngineIo(io.engine()).start();
    }
}
