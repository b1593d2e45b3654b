package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.HandlerExecution;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.util.concurrent.CopyOnWriteArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link HandlerExecution#EVENT_LOOP} with the official Java client: connection and event handlers run on
 * Parley's I/O threads, over each transport and across the polling-to-WebSocket upgrade, and the events of a
 * socket keep their order.
 */
class EventLoopHandlersIT {
    private static final int EVENTS = 200;
    private SocketIoServer io;
    private ParleyServer server;
    private Socket client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        server.stop();
        io.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "both"})
    void handlersRunOnTheIoThreadsInOrder(String transports) throws Exception {
        io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build())
                .build());
        server = new ParleyServer(ServerConfig.builder().port(0).handlerExecution(HandlerExecution.EVENT_LOOP)
                .build()).addEngineIo(io.engine()).start();
        CompletableFuture<String> connectionThread = new CompletableFuture<>();
        CompletableFuture<String> connectionTransport = new CompletableFuture<>();
        CompletableFuture<SocketIoSocket> joined = new CompletableFuture<>();
        List<Integer> received = new CopyOnWriteArrayList<>();
        List<String> eventThreads = new CopyOnWriteArrayList<>();
        io.onConnection(socket -> {
            connectionThread.complete(Thread.currentThread().getName());
            // Read here, not later from the test thread: the upgrade may complete any time after this handler
            // (the client cannot finish it before the POST carrying its CONNECT is answered, after the handlers).
            connectionTransport.complete(socket.transport());
            joined.complete(socket);
            socket.on("n", args -> {
                received.add(args.get(0, Integer.class));
                eventThreads.add(Thread.currentThread().getName());
            });
            socket.on("done", args -> args.ack(received.size()));
        });
        IO.Options options = new IO.Options();
        options.reconnection = false;
        if (!"both".equals(transports)) {
            options.transports = new String[] {"polling".equals(transports) ? Polling.NAME : WebSocket.NAME};
        }
        CompletableFuture<Void> connected = new CompletableFuture<>();
        client = IO.socket(URI.create(server.url()), options);
        client.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
        client.connect();
        connected.get(10, TimeUnit.SECONDS);
        if ("both".equals(transports)) {
            // The events go over polling until the upgrade completes, the second half after it.
            assertThat(connectionTransport.get()).isEqualTo("polling");
            for (int i = 0; i < EVENTS / 2; i++) {
                client.emit("n", i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> "websocket".equals(joined.get().transport()));
        }
        for (int i = "both".equals(transports) ? EVENTS / 2 : 0; i < EVENTS; i++) {
            client.emit("n", i);
        }
        BlockingQueue<Object> count = new ArrayBlockingQueue<>(1);
        client.emit("done", new Object[0], (Ack) args -> count.add(args[0]));

        assertThat(count.poll(10, TimeUnit.SECONDS)).isEqualTo(EVENTS);
        assertThat(connectionThread.get()).startsWith("parley-io");
        assertThat(eventThreads).hasSize(EVENTS).allSatisfy(name -> assertThat(name).startsWith("parley-io"));
        assertThat(received).isSorted().hasSize(EVENTS);
    }
}
