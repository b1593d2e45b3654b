package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Interop with the official Java client, {@code io.socket:socket.io-client} 2.1.2. */
class JavaClientIT {
    private SocketIoServer io;
    private ParleyServer server;
    private Socket client;

    @BeforeEach
    void start() throws Exception {
        io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build())
                .build());
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()).addEngineIo(io.engine()).start();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        server.stop();
        io.close();
    }

    private Socket connect(String namespace, IO.Options options) throws Exception {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        options.reconnection = false;
        Socket socket = IO.socket(URI.create(server.url() + namespace), options);
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(new AssertionError(args[0])));
        socket.connect();
        connected.get(10, TimeUnit.SECONDS);
        return socket;
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket", "both"})
    void eventsAndAcksBothWaysOverEachTransport(String transports) throws Exception {
        CompletableFuture<String> serverTransport = new CompletableFuture<>();
        CompletableFuture<String> transportAtConnect = new CompletableFuture<>();
        CompletableFuture<SocketIoSocket> joined = new CompletableFuture<>();
        io.onConnection(socket -> {
            transportAtConnect.complete(socket.transport());
            joined.complete(socket);
            socket.on("hello", args -> {
                serverTransport.complete(socket.transport());
                args.ack("hi " + args.get(0, Map.class).get("name"), args.get(1));
            });
        });
        IO.Options options = new IO.Options();
        if (!"both".equals(transports)) {
            options.transports = new String[] {"polling".equals(transports) ? Polling.NAME : WebSocket.NAME};
        }
        client = connect("/", options);
        BlockingQueue<Object[]> acks = new ArrayBlockingQueue<>(1);
        client.emit("hello", new Object[] {new JSONObject(Map.of("name", "java")), 42}, (Ack) acks::add);
        Object[] ack = acks.poll(10, TimeUnit.SECONDS);
        assertThat(ack).containsExactly("hi java", 42);
        if (!"both".equals(transports)) {
            assertThat(serverTransport.get()).isEqualTo(transports);
        } else {
            // Both allowed: the client opens with polling, then upgrades to a WebSocket.
            assertThat(transportAtConnect.get()).isEqualTo("polling");
            SocketIoSocket socket = joined.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> "websocket".equals(socket.transport()));
            client.emit("hello", new Object[] {new JSONObject(Map.of("name", "upgraded")), 43}, (Ack) acks::add);
            assertThat(acks.poll(10, TimeUnit.SECONDS)).containsExactly("hi upgraded", 43);
        }
    }

    @Test
    void serverAcksFromTheJavaClientAndBinaryRoundTrips() throws Exception {
        CompletableFuture<SocketIoSocket> joined = new CompletableFuture<>();
        io.onConnection(joined::complete);
        client = connect("/", new IO.Options());
        client.on("question", args -> ((Ack) args[args.length - 1]).call(((byte[]) args[0]).length, "answer"));
        SocketIoSocket socket = joined.get(10, TimeUnit.SECONDS);
        List<Object> response = socket.timeout(Duration.ofSeconds(10)).emitWithAck("question", new byte[] {9, 8, 7})
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(response).containsExactly(3, "answer");

        BlockingQueue<byte[]> received = new ArrayBlockingQueue<>(1);
        socket.on("bytes", args -> received.add(args.get(0, byte[].class)));
        client.emit("bytes", (Object) new byte[] {0, 1, 2, (byte) 255});
        assertThat(received.poll(10, TimeUnit.SECONDS)).containsExactly(0, 1, 2, 255);
    }

    @Test
    void authMiddlewareAndNamespaces() throws Exception {
        io.of("/admin").use((socket, next) -> {
            if ("secret".equals(socket.handshake().auth().get("token"))) {
                next.proceed();
            } else {
                next.fail(new ConnectError("not authorized", Map.of("code", 401)));
            }
        });
        IO.Options wrong = new IO.Options();
        wrong.auth = Map.of("token", "nope");
        CompletableFuture<Object> error = new CompletableFuture<>();
        Socket refused = IO.socket(URI.create(server.url() + "/admin"), wrong);
        refused.on(Socket.EVENT_CONNECT_ERROR, args -> error.complete(args[0]));
        refused.connect();
        Object err = error.get(10, TimeUnit.SECONDS);
        refused.close();
        assertThat(err.toString()).contains("not authorized");

        IO.Options right = new IO.Options();
        right.auth = Map.of("token", "secret");
        client = connect("/admin", right);
        assertThat(io.of("/admin").sockets()).hasSize(1);
    }

    @Test
    void serverSideDisconnectIsReportedToTheClient() throws Exception {
        CompletableFuture<SocketIoSocket> joined = new CompletableFuture<>();
        io.onConnection(joined::complete);
        client = connect("/", new IO.Options());
        CompletableFuture<Object> reason = new CompletableFuture<>();
        client.on(Socket.EVENT_DISCONNECT, args -> reason.complete(args[0]));
        joined.get(10, TimeUnit.SECONDS).disconnect(false);
        assertThat(reason.get(10, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
    }

    @Test
    void broadcastReachesEveryJavaClientInTheRoom() throws Exception {
        io.onConnection(socket -> socket.on("join", args -> {
            socket.join(args.getString(0));
            args.ack();
        }));
        BlockingQueue<String> got = new ArrayBlockingQueue<>(10);
        Socket[] clients = new Socket[3];
        for (int i = 0; i < 3; i++) {
            clients[i] = connect("/", new IO.Options());
            String name = "c" + i;
            clients[i].on("news", args -> got.add(name + ":" + ((JSONArray) args[0]).optString(0)));
            BlockingQueue<Boolean> acked = new ArrayBlockingQueue<>(1);
            clients[i].emit("join", new Object[] {i < 2 ? "room" : "other"}, (Ack) a -> acked.add(true));
            assertThat(acked.poll(10, TimeUnit.SECONDS)).isTrue();
        }
        try {
            io.to("room").emit("news", List.of("flash"));
            assertThat(List.of(got.poll(10, TimeUnit.SECONDS), got.poll(10, TimeUnit.SECONDS)))
                    .containsExactlyInAnyOrder("c0:flash", "c1:flash");
            // c2 is not in the room: the next thing each client gets is a broadcast to all, sent after it.
            io.emit("news", List.of("after"));
            assertThat(List.of(got.poll(10, TimeUnit.SECONDS), got.poll(10, TimeUnit.SECONDS), got.poll(10, TimeUnit.SECONDS)))
                    .containsExactlyInAnyOrder("c0:after", "c1:after", "c2:after");
            assertThat(got).isEmpty();
        } finally {
            for (Socket c : clients) {
                c.close();
            }
        }
    }
}
