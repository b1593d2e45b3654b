package dev.parley.adapter.redis;

import dev.parley.engineio.EngineIoConfig;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.socketio.Namespace;
import dev.parley.socketio.SocketIoConfig;
import dev.parley.socketio.SocketIoServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Parley member of a cluster test: a Socket.IO server on a loopback port with the classic Redis adapter,
 * and the same contract as the Node peer ({@code join}/{@code leave} events acked, {@code socket.data} =
 * {server, name}, the server-side event {@code hello} answered with {@code <name>:<arg>}).
 */
final class ParleyNode implements AutoCloseable {
    final String name;
    final RedisCluster cluster;
    final SocketIoServer io;
    final ParleyServer http;
    /** Server-side events received, as [event, args...]. */
    final List<List<Object>> serverSide = new CopyOnWriteArrayList<>();
    /** Exceptions that reached the sockets' error handlers (a handler threw). */
    final List<Exception> handlerErrors = new CopyOnWriteArrayList<>();

    ParleyNode(String name, RedisAdapterOptions options, String... namespaces) throws Exception {
        this(name, options, null, namespaces);
    }

    /** Counting what its Redis connections read into {@code bytesRead} (on a Redis Cluster), when not null. */
    ParleyNode(String name, RedisAdapterOptions options, java.util.concurrent.atomic.LongAdder bytesRead,
            String... namespaces) throws Exception {
        this.name = name;
        this.cluster = bytesRead == null ? RedisCluster.connect(options) : RedisCluster.connect(options, bytesRead);
        this.io = new SocketIoServer(SocketIoConfig.builder()
                .engine(EngineIoConfig.builder().path("/socket.io/").build())
                .adapterFactory(cluster.adapterFactory())
                .build());
        setUp(io.of("/"));
        for (String ns : namespaces) {
            setUp(io.of(ns));
        }
        io.ready().toCompletableFuture().get(10, TimeUnit.SECONDS);
        this.http = new ParleyServer(ServerConfig.builder().host("127.0.0.1").port(0).build())
                .addEngineIo(io.engine()).start();
    }

    private void setUp(Namespace namespace) {
        namespace.onConnection(socket -> {
            Object auth = socket.handshake().auth().get("name");
            socket.data().put("server", name);
            socket.data().put("name", auth);
            socket.on("join", args -> {
                socket.join(args.getString(0));
                args.ack("joined");
            });
            socket.on("leave", args -> {
                socket.leave(args.getString(0));
                args.ack("left");
            });
            // say(room, text): to the others in the room, on every server; acked once sent.
            socket.on("say", args -> {
                socket.to(args.getString(0)).emit("said", args.getString(1));
                args.ack("said:" + args.getString(1));
            });
            socket.onError(handlerErrors::add);
        });
        namespace.onServerSideEmit(serverSide::add);
        namespace.onServerSideEmit("hello", event -> event.ack(name + ":" + event.get(0)));
    }

    String url() {
        return http.url();
    }

    @Override
    public void close() throws Exception {
        http.stop();
        io.close();
        cluster.close();
    }

    static RedisAdapterOptions options(String key, Duration requestsTimeout) {
        return options("redis://127.0.0.1:6379", key, requestsTimeout);
    }

    static RedisAdapterOptions options(String uri, String key, Duration requestsTimeout) {
        return RedisAdapterOptions.of(uri).withKey(key).withRequestsTimeout(requestsTimeout);
    }

    static Map<String, Object> auth(String name) {
        return Map.of("name", name);
    }
}
