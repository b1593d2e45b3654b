package dev.parley.socketio;

import dev.parley.engineio.EngineIoSocket;
import dev.parley.engineio.PreparedMessage;
import dev.parley.websocket.HandshakeRequest;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One room broadcast to {@code sockets} in-process sockets: encoding once, adapter targeting, and the
 * per-target hand-off of the shared messages to each connection (connections are stand-ins that count
 * what they are given, so no network is involved). With {@code -prof gc}, {@code gc.alloc.rate.norm}
 * divided by {@code sockets} is the bytes allocated per target. Lives in {@code dev.parley.socketio} to
 * attach stand-in connections through the package's own entry point.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class BroadcastBenchmark {
    @Param({"10000"})
    public int sockets;

    private SocketIoServer io;
    private BroadcastOperator room;
    private final Map<String, Object> message = Map.of("from", "alice", "text", "Hello, room!");

    @Setup(Level.Trial)
    public void setUp() {
        io = new SocketIoServer(SocketIoConfig.defaults());
        Namespace main = io.sockets();
        for (int i = 0; i < sockets; i++) {
            Client client = new Client(io, new CountingConnection("c" + i));
            main.connect(client, Map.of(), null, null);
        }
        main.socketsJoin("room");
        room = io.to("room");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        io.close();
    }

    @Benchmark
    public void broadcastToRoom() {
        room.emit("chat", message);
    }

    /** A connection that accepts everything and only counts. */
    static final class CountingConnection implements EngineIoSocket {
        private static final HandshakeRequest REQUEST = new HandshakeRequest("/socket.io/", Map.of(), Map.of(),
                new InetSocketAddress("127.0.0.1", 1), false);
        private final String id;
        private Object attachment;
        long sent;

        CountingConnection(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public HandshakeRequest request() {
            return REQUEST;
        }

        @Override
        public String transport() {
            return "websocket";
        }

        @Override
        public void send(String text, boolean compress) {
            sent++;
        }

        @Override
        public void send(byte[] data, boolean compress) {
            sent++;
        }

        @Override
        public void send(PreparedMessage message, boolean compress) {
            sent++;
        }

        @Override
        public void send(java.util.List<PreparedMessage> messages, boolean compress) {
            sent += messages.size();
        }

        @Override
        public boolean writable() {
            return true;
        }

        @Override
        public void close() {
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public Object attachment() {
            return attachment;
        }

        @Override
        public void attachment(Object value) {
            attachment = value;
        }
    }
}
