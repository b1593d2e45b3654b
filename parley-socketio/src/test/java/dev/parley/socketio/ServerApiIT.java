package dev.parley.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.engineio.EngineIoSocket;
import dev.parley.testkit.WebSocketRecorder;
import dev.parley.websocket.WebSocketConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.adapter.AdapterListener;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import java.io.BufferedReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server-side API against real clients (the official Java client): utilities, hooks, namespaces. */
class ServerApiIT {
    private SocketIoServer io;
    private ParleyServer server;
    private final List<Socket> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build())
                .connectTimeout(Duration.ofMillis(500))
                .build());
    }

    private void listen() throws Exception {
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build()).addEngineIo(io.engine()).start();
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(Socket::close);
        if (server != null) {
            server.stop();
        }
        io.close();
    }

    private Socket connect(String namespace) throws Exception {
        IO.Options options = new IO.Options();
        options.reconnection = false;
        options.forceNew = true;
        Socket socket = IO.socket(URI.create(server.url() + namespace), options);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT, a -> connected.complete(null));
        socket.on(Socket.EVENT_CONNECT_ERROR, a -> connected.completeExceptionally(new AssertionError(a[0])));
        socket.connect();
        connected.get(10, TimeUnit.SECONDS);
        clients.add(socket);
        return socket;
    }

    @Test
    void fetchJoinLeaveAndDisconnectSocketsWithAdapterEvents() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        io.sockets().adapter().addListener(new AdapterListener() {
            @Override
            public void createRoom(String room) {
                if (room.equals("blue")) {
                    events.add("create " + room);
                }
            }

            @Override
            public void joinRoom(String room, String socketId) {
                if (room.equals("blue")) {
                    events.add("join");
                }
            }

            @Override
            public void leaveRoom(String room, String socketId) {
                if (room.equals("blue")) {
                    events.add("leave");
                }
            }

            @Override
            public void deleteRoom(String room) {
                if (room.equals("blue")) {
                    events.add("delete " + room);
                }
            }
        });
        listen();
        Socket a = connect("/");
        Socket b = connect("/");
        List<RemoteSocket> all = io.sockets().fetchSockets().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(all).hasSize(2);

        io.sockets().socketsJoin("blue");
        assertThat(io.to("blue").fetchSockets().toCompletableFuture().get()).hasSize(2);
        assertThat(all.get(0).rooms()).contains("blue", all.get(0).id());

        BlockingQueue<String> got = new ArrayBlockingQueue<>(4);
        a.on("paint", args -> got.add("a"));
        b.on("paint", args -> got.add("b"));
        io.to("blue").emit("paint");
        assertThat(List.of(got.poll(5, TimeUnit.SECONDS), got.poll(5, TimeUnit.SECONDS))).containsExactlyInAnyOrder("a", "b");

        io.sockets().socketsLeave("blue");
        assertThat(io.to("blue").fetchSockets().toCompletableFuture().get()).isEmpty();
        assertThat(io.sockets().adapter().rooms()).doesNotContain("blue");
        assertThat(events).containsExactly("create blue", "join", "join", "leave", "leave", "delete blue");

        CompletableFuture<Object> reason = new CompletableFuture<>();
        b.on(Socket.EVENT_DISCONNECT, args -> reason.complete(args[0]));
        io.sockets().except(all.stream().filter(s -> s.id().equals(a.id())).findFirst().orElseThrow().id())
                .disconnectSockets(false);
        assertThat(reason.get(5, TimeUnit.SECONDS)).isEqualTo("io server disconnect");
        assertThat(a.connected()).isTrue();
    }

    @Test
    void disconnectingStillSeesTheRoomsAndAnyListenersSeeEveryEvent() throws Exception {
        CompletableFuture<Set<String>> roomsWhileDisconnecting = new CompletableFuture<>();
        CompletableFuture<Set<String>> roomsAfter = new CompletableFuture<>();
        List<String> seen = new CopyOnWriteArrayList<>();
        io.onConnection(socket -> {
            socket.join("red");
            socket.prependAny((event, args) -> seen.add("first:" + event));
            socket.onAny((event, args) -> seen.add("any:" + event + args));
            socket.onAnyOutgoing((event, args) -> seen.add("out:" + event));
            socket.on("ping", args -> socket.emit("pong"));
            socket.onDisconnecting(reason -> roomsWhileDisconnecting.complete(socket.rooms()));
            socket.onDisconnect(reason -> roomsAfter.complete(socket.rooms()));
        });
        listen();
        Socket client = connect("/");
        BlockingQueue<Boolean> pong = new ArrayBlockingQueue<>(1);
        client.on("pong", args -> pong.add(true));
        client.emit("ping", 7);
        assertThat(pong.poll(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("first:ping", "any:ping[7]", "out:pong");
        client.disconnect();
        assertThat(roomsWhileDisconnecting.get(5, TimeUnit.SECONDS)).contains("red");
        assertThat(roomsAfter.get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void perEventMiddlewareCanRejectAnEvent() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        io.onConnection(socket -> {
            socket.use((event, args, next) -> {
                if (event.equals("forbidden")) {
                    next.fail(new IllegalStateException("not allowed: " + event));
                } else {
                    next.proceed();
                }
            });
            socket.onError(e -> errors.add(e.getMessage()));
            socket.on("forbidden", args -> handled.add("forbidden"));
            socket.on("allowed", args -> {
                handled.add("allowed");
                args.ack();
            });
        });
        listen();
        Socket client = connect("/");
        client.emit("forbidden");
        BlockingQueue<Boolean> acked = new ArrayBlockingQueue<>(1);
        client.emit("allowed", new Object[0], (Ack) a -> acked.add(true));
        assertThat(acked.poll(5, TimeUnit.SECONDS)).isTrue();
        assertThat(handled).containsExactly("allowed");
        assertThat(errors).containsExactly("not allowed: forbidden");
    }

    @Test
    void dynamicNamespacesAreCreatedOnDemandAndShareTheParentsHandlers() throws Exception {
        List<String> created = new CopyOnWriteArrayList<>();
        io.onNewNamespace(ns -> created.add(ns.name()));
        Namespace teams = io.of(Pattern.compile("/team-\\d+"));
        teams.use((socket, next) -> {
            socket.data().put("checked", true);
            next.proceed();
        });
        teams.onConnection(socket -> socket.on("where", args -> args.ack(socket.namespace().name(),
                socket.data().get("checked"))));
        listen();
        Socket t1 = connect("/team-1");
        Socket t2 = connect("/team-22");
        BlockingQueue<Object[]> answers = new ArrayBlockingQueue<>(2);
        t1.emit("where", new Object[0], (Ack) answers::add);
        assertThat(answers.poll(5, TimeUnit.SECONDS)).containsExactly("/team-1", true);
        assertThat(created).containsExactly("/team-1", "/team-22");

        BlockingQueue<String> got = new ArrayBlockingQueue<>(2);
        t1.on("all-teams", args -> got.add("1"));
        t2.on("all-teams", args -> got.add("22"));
        teams.emit("all-teams");
        assertThat(List.of(got.poll(5, TimeUnit.SECONDS), got.poll(5, TimeUnit.SECONDS))).containsExactlyInAnyOrder("1", "22");

        CompletableFuture<Object> error = new CompletableFuture<>();
        IO.Options options = new IO.Options();
        options.reconnection = false;
        Socket refused = IO.socket(URI.create(server.url() + "/team-x"), options);
        refused.on(Socket.EVENT_CONNECT_ERROR, a -> error.complete(a[0]));
        refused.connect();
        assertThat(error.get(5, TimeUnit.SECONDS).toString()).contains("Invalid namespace");
        refused.close();
    }

    @Test
    void aConnectionThatJoinsNoNamespaceIsClosedAfterTheConnectTimeout() throws Exception {
        listen();
        IO.Options options = new IO.Options();
        options.reconnection = false;
        // Polling: the Java client (OkHttp) does not answer a server's WebSocket close frame, so over WebSocket
        // it only notices the close at its own ping timeout (as with Node's server).
        options.transports = new String[] {"polling"};
        Manager manager = new Manager(URI.create(server.url()), options);
        CompletableFuture<Void> opened = new CompletableFuture<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        manager.on(Manager.EVENT_OPEN, a -> opened.complete(null));
        manager.on(Manager.EVENT_CLOSE, a -> closed.complete(null));
        manager.open();
        opened.get(5, TimeUnit.SECONDS);
        assertThat(io.engine().clientsCount()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> io.engine().clientsCount() == 0);
        closed.get(5, TimeUnit.SECONDS);
    }

    @Test
    void volatileBroadcastsAreDroppedWhileTheTransportIsBusyAndDeliveredWhenItIsIdle() throws Exception {
        // More filler than the kernel's TCP buffers can hold (sender's and receiver's maxima), so that some
        // of it must stay in the server's own buffer while the client does not read.
        long kernelBuffers = maxTcpBuffer("tcp_wmem") + maxTcpBuffer("tcp_rmem");
        int fillerChunk = 256 * 1024;
        long fillerBytes = kernelBuffers + 2 * 1024 * 1024;
        server = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0)
                .webSocket(WebSocketConfig.builder().maxBufferedAmount(2 * fillerBytes).build()).build())
                .addEngineIo(io.engine()).start();
        WebSocketRecorder client = new WebSocketRecorder();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(server.url().replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"), client)
                .get(10, TimeUnit.SECONDS);
        assertThat(nextEvent(client)).startsWith("0{");
        ws.sendText("40", true).get(10, TimeUnit.SECONDS);
        assertThat(nextEvent(client)).startsWith("40{\"sid\":");

        // Writable transport (the previous write completed): every volatile tick goes out.
        EngineIoSocket connection = io.engine().sockets().iterator().next();
        for (int i = 0; i < 50; i++) {
            await().atMost(Duration.ofSeconds(10)).until(connection::writable);
            io.sockets().asVolatile().emit("tick", i);
            assertThat(nextEvent(client)).isEqualTo("42[\"tick\"," + i + "]");
        }

        client.pause();
        String filler = "x".repeat(fillerChunk);
        for (long sent = 0; sent < fillerBytes; sent += fillerChunk) {
            io.emit("filler", filler);
        }
        for (int i = 0; i < 1000; i++) {
            io.sockets().asVolatile().emit("tick", 1000 + i);
        }
        io.emit("last");
        assertThat(connection.writable()).as("the server still holds unsent bytes").isFalse();
        client.resume();

        int fillers = 0;
        List<String> ticks = new ArrayList<>();
        for (String event = nextEvent(client); !event.equals("42[\"last\"]"); event = nextEvent(client)) {
            if (event.startsWith("42[\"filler\"")) {
                fillers++;
            } else {
                ticks.add(event);
            }
        }
        assertThat(fillers).as("every non-volatile message arrives").isEqualTo((int) ((fillerBytes + fillerChunk - 1) / fillerChunk));
        assertThat(ticks).as("volatile ticks emitted while the server held unsent bytes").isEmpty();
    }

    /** The largest buffer Linux's TCP autotuning may give a socket (the third field of the sysctl). */
    private static long maxTcpBuffer(String sysctl) throws Exception {
        Path file = Path.of("/proc/sys/net/ipv4", sysctl);
        assumeTrue(Files.isReadable(file), "needs Linux's TCP buffer sysctls");
        String line;
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            line = reader.readLine(); // Files.readString stops early on /proc files, which report size 0
        }
        String[] fields = line.trim().split("\\s+");
        return Long.parseLong(fields[2]);
    }

    /** The next text message that is not an Engine.IO ping (the heartbeat's defaults send none in time). */
    private static String nextEvent(WebSocketRecorder client) throws Exception {
        while (true) {
            Object message = client.messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a message within 10 s").isNotNull();
            if (!"2".equals(message)) {
                return (String) message;
            }
        }
    }

    @Test
    void eventsSentRightAfterAnAsynchronousMiddlewareAdmitsTheSocketAreNotLost() throws Exception {
        // The race, made deterministic: the middleware admits the socket on another thread when the test
        // says so; the connection handler there registers its listener only once the client's first event
        // has reached the server. The witness is a CONNECT to "/probe" sent after the event: one connection's
        // packets are dispatched in order, so when "/probe" connects, the event was already handed to "/".
        CompletableFuture<Void> admit = new CompletableFuture<>();
        CompletableFuture<Void> middlewareCalled = new CompletableFuture<>();
        CountDownLatch eventArrived = new CountDownLatch(1);
        io.use((socket, next) -> {
            middlewareCalled.complete(null);
            admit.thenRunAsync(next::proceed);
        });
        io.of("/probe").onConnection(socket -> eventArrived.countDown());
        io.onConnection(socket -> {
            try {
                if (!eventArrived.await(10, TimeUnit.SECONDS)) {
                    return; // no listener: the test fails on the missing ack
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            socket.on("first", args -> args.ack("handled"));
        });
        listen();
        WebSocketRecorder client = new WebSocketRecorder();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(server.url().replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"), client)
                .get(10, TimeUnit.SECONDS);
        assertThat(nextEvent(client)).startsWith("0{");
        ws.sendText("40", true).get(10, TimeUnit.SECONDS);
        middlewareCalled.get(10, TimeUnit.SECONDS);
        admit.complete(null);
        // The CONNECT goes out before the connection handlers run, as socket.io's does.
        assertThat(nextEvent(client)).startsWith("40{\"sid\":");
        ws.sendText("421[\"first\"]", true).get(10, TimeUnit.SECONDS);
        ws.sendText("40/probe,", true).get(10, TimeUnit.SECONDS);
        assertThat(nextEvent(client)).startsWith("40/probe,{\"sid\":");
        assertThat(nextEvent(client)).isEqualTo("431[\"handled\"]");
        ws.abort();
    }
}
