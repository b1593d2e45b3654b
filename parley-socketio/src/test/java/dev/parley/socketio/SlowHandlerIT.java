package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.WebSocket;
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
    @Test
    void aBlockedHandlerDelaysNeitherHeartbeatsNorOtherSockets() throws Exception {
        SocketIoServer io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/")
                        .pingInterval(Duration.ofMillis(100)).pingTimeout(Duration.ofMillis(200)).build())
                .build());
        CountDownLatch release = new CountDownLatch(1);
        List<String> disconnects = new CopyOnWriteArrayList<>();
        io.onConnection(socket -> {
            socket.on("slow", args -> {
                // Blocks for 10 ping periods unless released.
                release.await(1500, TimeUnit.MILLISECONDS);
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
            slow.emit("slow", new Object[0], (Ack) a -> slowAck.add(a[0]));
            for (int i = 0; i < 5; i++) {
                BlockingQueue<Object> fastAck = new ArrayBlockingQueue<>(1);
                other.emit("fast", new Object[0], (Ack) a -> fastAck.add(a[0]));
                assertThat(fastAck.poll(1, TimeUnit.SECONDS)).isEqualTo("fast done");
                TimeUnit.MILLISECONDS.sleep(200); // the slow socket's heartbeats keep running meanwhile
            }
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
