package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
import java.lang.reflect.Field;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A handler that blocks for several heartbeat periods delays only its own socket's later events: pings
 * and pongs go on (no "ping timeout"), and other clients are served meanwhile.
 */
class SlowHandlerIT {
    private static final String ENGINE_PING = io.socket.engineio.client.Socket.EVENT_PING;
    private static volatile CompletableFuture<Void> slowStarted = new CompletableFuture<>();

    /** The client's Engine.IO socket, for its ping events (the Java client keeps it in a private field). */
    private static io.socket.engineio.client.Socket engineOf(Socket socket) throws ReflectiveOperationException {
        Field engine = Manager.class.getDeclaredField("engine");
        engine.setAccessible(true);
        return (io.socket.engineio.client.Socket) engine.get(socket.io());
    }

    @Test
    void aBlockedHandlerDelaysNeitherHeartbeatsNorOtherSockets() throws Exception {
        SocketIoServer io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/")
                        .pingInterval(Duration.ofMillis(100)).pingTimeout(Duration.ofMillis(1000)).build())
                .build());
        CountDownLatch release = new CountDownLatch(1);
        List<String> disconnects = new CopyOnWriteArrayList<>();
        io.onConnection(socket -> {
            socket.on("slow", args -> {
                slowStarted.complete(null);
                // Blocks until the test has seen heartbeats and other sockets served meanwhile.
                release.await();
                args.ack("slow done");
            });
            socket.on("fast", args -> args.ack("fast done"));
            socket.onDisconnect(reason -> disconnects.add(reason.wireName()));
        });
        ParleyServer server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build())
                .addEngineIo(io.engine()).start();
        Socket slow = connect(server);
        Socket other = connect(server);
        try {
            BlockingQueue<Object> slowAck = new ArrayBlockingQueue<>(1);
            CompletableFuture<Void> handlerRunning = new CompletableFuture<>();
            slowStarted = handlerRunning;
            slow.emit("slow", new Object[0], (Ack) a -> slowAck.add(a[0]));
            handlerRunning.get(10, TimeUnit.SECONDS);
            CountDownLatch pings = new CountDownLatch(5);
            engineOf(slow).on(ENGINE_PING, a -> pings.countDown());
            for (int i = 0; i < 5; i++) {
                BlockingQueue<Object> fastAck = new ArrayBlockingQueue<>(1);
                other.emit("fast", new Object[0], (Ack) a -> fastAck.add(a[0]));
                assertThat(fastAck.poll(10, TimeUnit.SECONDS)).isEqualTo("fast done");
            }
            // The slow socket's heartbeats go on while its handler blocks: five pings seen (and answered).
            assertThat(pings.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(slowAck).isEmpty();
            release.countDown();
            assertThat(slowAck.poll(5, TimeUnit.SECONDS)).isEqualTo("slow done");
            assertThat(slow.connected()).isTrue();
            assertThat(disconnects).isEmpty();
        } finally {
            release.countDown();
            slow.close();
            other.close();
            server.stop();
            io.close();
        }
    }

    private static Socket connect(ParleyServer server) throws Exception {
        IO.Options options = new IO.Options();
        options.transports = new String[] {WebSocket.NAME};
        options.reconnection = false;
        Socket socket = IO.socket(URI.create(server.url()), options);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT, a -> connected.complete(null));
        socket.connect();
        connected.get(10, TimeUnit.SECONDS);
        return socket;
    }
}
